/**
 * The packet layer of the benchmark captures: classic pcap records of Ethernet/IPv4 frames carrying TCP segments
 * (MSS-sized, Linux-style timestamp option, delayed ACKs) or UDP datagrams, with correct checksums, built in one
 * reusable buffer and streamed to the file. The generators above it decide what the conversations say.
 */
import { CaptureFileStream } from '../support/capture-file-stream';
import { PcapWriter } from '../support/capture-writer';
import { PROTO_TCP, PROTO_UDP, TCP_FLAGS } from '../support/packet-builder';
import type { Random } from './bench-messages';

export const CLIENT = 0;
export const SERVER = 1;
export type Side = typeof CLIENT | typeof SERVER;

/** One end of a conversation: IPv4 address and MAC (low 32 bits) as numbers, TCP or UDP port. */
export interface Host {
  ip: number;
  port: number;
  mac: number;
}

const PCAP_RECORD_HEADER = 16;
const ETHERNET_HEADER = 14;
const IPV4_HEADER = 20;
const UDP_HEADER = 8;
/** Linux's options on every segment after the handshake: NOP, NOP, timestamps (TSval at 4, TSecr at 8). */
const SEGMENT_OPTIONS = Uint8Array.of(1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0);
/** Linux's SYN options: MSS 1460 (1448 once timestamps take 12), SACK permitted, timestamps, NOP, window scale 7. */
const SYN_OPTIONS = Uint8Array.of(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7);
/** Where TSval sits in each option list (TSecr follows it). */
const SEGMENT_TSVAL = 4;
const SYN_TSVAL = 8;
const TCP_HEADER = 20 + SEGMENT_OPTIONS.length;
/** File bytes of a TCP segment besides its payload (after the handshake). */
export const TCP_FRAME_OVERHEAD = PCAP_RECORD_HEADER + ETHERNET_HEADER + IPV4_HEADER + TCP_HEADER;
/** File bytes of a UDP datagram besides its payload. */
export const UDP_FRAME_OVERHEAD = PCAP_RECORD_HEADER + ETHERNET_HEADER + IPV4_HEADER + UDP_HEADER;
/** The SYN and SYN-ACK carry the longer option list. */
const SYN_EXTRA = SYN_OPTIONS.length - SEGMENT_OPTIONS.length;
/** The largest UDP payload a frame may carry (an Ethernet MTU of 1500). */
const MAX_UDP_PAYLOAD = 1500 - IPV4_HEADER - UDP_HEADER;
const EMPTY = new Uint8Array(0);

/** The one's-complement sum of `bytes[start..end)` as 16-bit big-endian words, added to `sum` (not folded). */
function wordSum(bytes: Uint8Array, start: number, end: number, sum: number): number {
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** Builds each packet's pcap record in one reusable buffer and hands it to the file. */
export class FrameWriter {
  packets = 0;
  /** Capture clock in microseconds. */
  micros = 1_567_000_000 * 1e6;
  readonly firstMicros = this.micros;
  private readonly frame: Uint8Array;
  private readonly view: DataView;

  constructor(
    private readonly file: CaptureFileStream,
    mss: number,
  ) {
    this.frame = new Uint8Array(Math.max(TCP_FRAME_OVERHEAD + SYN_EXTRA + mss, UDP_FRAME_OVERHEAD + MAX_UDP_PAYLOAD));
    this.view = new DataView(this.frame.buffer);
    // The same in every packet: Ethernet type IPv4, IPv4 version and header length, DF, TTL 64.
    this.view.setUint16(PCAP_RECORD_HEADER + 12, 0x0800);
    const ip = PCAP_RECORD_HEADER + ETHERNET_HEADER;
    this.frame[ip] = 0x45;
    this.view.setUint16(ip + 6, 0x4000);
    this.frame[ip + 8] = 64;
  }

  /** Writes one TCP segment's record at the current capture time; returns the TSval it carries. */
  tcp(
    src: Host,
    dst: Host,
    seq: number,
    ack: number,
    flags: number,
    payload: Uint8Array,
    ipId: number,
    echoedTimestamp: number,
  ): number {
    const f = this.frame;
    const v = this.view;
    const tcp = PCAP_RECORD_HEADER + ETHERNET_HEADER + IPV4_HEADER;
    const options = flags & TCP_FLAGS.SYN ? SYN_OPTIONS : SEGMENT_OPTIONS;
    const tcpHeader = 20 + options.length;
    this.ipv4(src, dst, PROTO_TCP, tcpHeader + payload.length, ipId);
    v.setUint16(tcp, src.port);
    v.setUint16(tcp + 2, dst.port);
    v.setUint32(tcp + 4, seq);
    v.setUint32(tcp + 8, ack);
    f[tcp + 12] = (tcpHeader / 4) << 4;
    f[tcp + 13] = flags;
    // 64240 unscaled in a SYN; afterwards 502 << 7, as Linux advertises.
    v.setUint16(tcp + 14, flags & TCP_FLAGS.SYN ? 64240 : 502);
    v.setUint16(tcp + 16, 0);
    v.setUint16(tcp + 18, 0);
    f.set(options, tcp + 20);
    const timestampAt = tcp + 20 + (options === SYN_OPTIONS ? SYN_TSVAL : SEGMENT_TSVAL);
    const timestamp = Math.floor(this.micros / 1000) >>> 0;
    v.setUint32(timestampAt, timestamp);
    v.setUint32(timestampAt + 4, echoedTimestamp);
    f.set(payload, tcp + tcpHeader);
    const tcpLength = tcpHeader + payload.length;
    v.setUint16(tcp + 16, fold(wordSum(f, tcp, tcp + tcpLength, pseudoHeaderSum(src, dst, PROTO_TCP, tcpLength))));
    this.emit(tcp + tcpLength);
    return timestamp;
  }

  /** Writes one UDP datagram's record at the current capture time. */
  udp(src: Host, dst: Host, payload: Uint8Array, ipId: number): void {
    if (payload.length > MAX_UDP_PAYLOAD)
      throw new RangeError(`UDP payload of ${payload.length} bytes exceeds the MTU`);
    const v = this.view;
    const udp = PCAP_RECORD_HEADER + ETHERNET_HEADER + IPV4_HEADER;
    const udpLength = UDP_HEADER + payload.length;
    this.ipv4(src, dst, PROTO_UDP, udpLength, ipId);
    v.setUint16(udp, src.port);
    v.setUint16(udp + 2, dst.port);
    v.setUint16(udp + 4, udpLength);
    v.setUint16(udp + 6, 0);
    this.frame.set(payload, udp + UDP_HEADER);
    const checksum = fold(wordSum(this.frame, udp, udp + udpLength, pseudoHeaderSum(src, dst, PROTO_UDP, udpLength)));
    // A computed 0 is sent as all ones (RFC 768): 0 means "no checksum".
    v.setUint16(udp + 6, checksum === 0 ? 0xffff : checksum);
    this.emit(udp + udpLength);
  }

  /** The record header, Ethernet addresses and the IPv4 header of a packet with `ipPayload` bytes after it. */
  private ipv4(src: Host, dst: Host, protocol: number, ipPayload: number, ipId: number): void {
    const f = this.frame;
    const v = this.view;
    const ip = PCAP_RECORD_HEADER + ETHERNET_HEADER;
    const frameLength = ETHERNET_HEADER + IPV4_HEADER + ipPayload;
    v.setUint32(0, Math.floor(this.micros / 1e6), true);
    v.setUint32(4, this.micros % 1e6, true);
    v.setUint32(8, frameLength, true);
    v.setUint32(12, frameLength, true);
    // Locally administered MACs derived from the hosts.
    v.setUint16(PCAP_RECORD_HEADER, 0x0200);
    v.setUint32(PCAP_RECORD_HEADER + 2, dst.mac);
    v.setUint16(PCAP_RECORD_HEADER + 6, 0x0200);
    v.setUint32(PCAP_RECORD_HEADER + 8, src.mac);
    v.setUint16(ip + 2, IPV4_HEADER + ipPayload);
    v.setUint16(ip + 4, ipId & 0xffff);
    f[ip + 9] = protocol;
    v.setUint16(ip + 10, 0);
    v.setUint32(ip + 12, src.ip);
    v.setUint32(ip + 16, dst.ip);
    v.setUint16(ip + 10, fold(wordSum(f, ip, ip + IPV4_HEADER, 0)));
  }

  private emit(end: number): void {
    this.file.write(this.frame.subarray(0, end));
    this.packets++;
  }
}

function pseudoHeaderSum(src: Host, dst: Host, protocol: number, length: number): number {
  return (src.ip >>> 16) + (src.ip & 0xffff) + (dst.ip >>> 16) + (dst.ip & 0xffff) + protocol + length;
}

/** One application write of one side: its length up front, its bytes when the conversation reaches it. */
export interface TcpWrite {
  side: Side;
  length: number;
  bytes(): Uint8Array;
}

/** One TCP connection playing its writes: handshake, the writes in MSS segments with delayed ACKs, FIN both ways. */
export class TcpConversation {
  readonly plannedBytes: number;
  private readonly seq: [number, number];
  private readonly ipId: [number, number] = [0, 0];
  private readonly lastTimestamp: [number, number] = [0, 0];
  private readonly packets: Generator<void, void, void>;

  constructor(
    private readonly hosts: readonly [Host, Host],
    initialSequence: readonly [number, number],
    private readonly writes: readonly TcpWrite[],
    private readonly mss: number,
    private readonly frames: FrameWriter,
  ) {
    this.seq = [initialSequence[0], initialSequence[1]];
    this.plannedBytes = plannedTcpBytes(writes, mss);
    this.packets = this.play();
  }

  /** Writes up to `count` packets; false once the connection has closed. */
  step(count: number): boolean {
    for (let i = 0; i < count; i++) if (this.packets.next().done) return false;
    return true;
  }

  private *play(): Generator<void, void, void> {
    yield this.send(CLIENT, TCP_FLAGS.SYN, EMPTY, 1);
    yield this.send(SERVER, TCP_FLAGS.SYN | TCP_FLAGS.ACK, EMPTY, 1);
    yield this.send(CLIENT, TCP_FLAGS.ACK, EMPTY);
    for (const write of this.writes) {
      const bytes = write.bytes();
      const peer: Side = write.side === CLIENT ? SERVER : CLIENT;
      let unacknowledged = 0;
      for (let offset = 0; offset < bytes.length; offset += this.mss) {
        const end = Math.min(offset + this.mss, bytes.length);
        const flags = end === bytes.length ? TCP_FLAGS.ACK | TCP_FLAGS.PSH : TCP_FLAGS.ACK;
        yield this.send(write.side, flags, bytes.subarray(offset, end));
        // Delayed ACK: every second full segment, and after the write's last one.
        if (++unacknowledged === 2 || end === bytes.length) {
          yield this.send(peer, TCP_FLAGS.ACK, EMPTY);
          unacknowledged = 0;
        }
      }
    }
    yield this.send(CLIENT, TCP_FLAGS.FIN | TCP_FLAGS.ACK, EMPTY, 1);
    yield this.send(SERVER, TCP_FLAGS.FIN | TCP_FLAGS.ACK, EMPTY, 1);
    yield this.send(CLIENT, TCP_FLAGS.ACK, EMPTY);
  }

  private send(side: Side, flags: number, payload: Uint8Array, sequenceSpace = 0): void {
    const peer: Side = side === CLIENT ? SERVER : CLIENT;
    const ack = flags & TCP_FLAGS.ACK ? this.seq[peer] : 0;
    this.lastTimestamp[side] = this.frames.tcp(
      this.hosts[side],
      this.hosts[peer],
      this.seq[side],
      ack,
      flags,
      payload,
      this.ipId[side]++,
      this.lastTimestamp[peer],
    );
    this.seq[side] = (this.seq[side] + payload.length + sequenceSpace) >>> 0;
  }
}

/** File bytes the writes will take: 6 handshake and close packets, their segments, and one ACK per two segments. */
export function plannedTcpBytes(writes: readonly { length: number }[], mss: number): number {
  let packets = 6;
  const synOptions = 2 * SYN_EXTRA;
  let payload = 0;
  for (const w of writes) {
    const segments = Math.ceil(w.length / mss);
    packets += segments + Math.ceil(segments / 2);
    payload += w.length;
  }
  return packets * TCP_FRAME_OVERHEAD + synOptions + payload;
}

/** A host in 10.0.0.0/8 numbered `index` (clients, discv5 nodes): its MAC derives from its address. */
export function clientHost(index: number, port: number): Host {
  const ip = ((10 << 24) | ((index + 1) & 0xffffff)) >>> 0;
  return { ip, port, mac: ip };
}

/** A host in 192.168.0.0/16, one of 251 (servers). */
export function serverHost(index: number, port: number): Host {
  const ip = ((192 << 24) | (168 << 16) | ((index % 251) + 1)) >>> 0;
  return { ip, port, mac: ip };
}

// Generating a capture -------------------------------------------------------------------------------------------

/** A capture file being written and the frame writer that fills it. */
export interface CaptureOutput {
  file: CaptureFileStream;
  frames: FrameWriter;
}

/** Creates the capture file at `path` and writes its pcap header (Ethernet link type). */
export function openCapture(path: string, mss: number): CaptureOutput {
  const file = new CaptureFileStream(path);
  file.write(new PcapWriter({ linkType: 1 }).header());
  return { file, frames: new FrameWriter(file, mss) };
}

/** How a generator opens its conversations and plays them a few packets at a time. */
export interface Conversations<C> {
  /** Opens the next conversation, with the file bytes it will write in all. */
  open(): { conversation: C; plannedBytes: number };
  /** Writes up to `packets` more packets of `conversation`; false once it has written them all. */
  step(conversation: C, packets: number): boolean;
  /** Runs after each burst, once a finished conversation has been replaced. */
  afterBurst?(): void;
}

/**
 * Keeps `concurrency` conversations open and steps a random one 1-4 packets at a time, replacing each that finishes
 * until the conversations opened will have written `targetBytes`; reports progress every 64 MiB. Then closes the
 * file, checks that it holds exactly the bytes planned and returns its size, packets and capture time.
 */
export function interleave<C>(
  output: CaptureOutput,
  rng: Random,
  params: { concurrency: number; targetBytes: number },
  conversations: Conversations<C>,
  progress: (bytes: number) => void,
): { bytes: number; packets: number; captureSeconds: number } {
  const { file, frames } = output;
  // Bytes the conversations opened so far will have written: no new one opens once that reaches the target.
  let committed = file.bytes;
  const open = (): C => {
    const { conversation, plannedBytes } = conversations.open();
    committed += plannedBytes;
    return conversation;
  };
  const active: C[] = [];
  while (active.length < params.concurrency && committed < params.targetBytes) active.push(open());
  let reported = 0;
  while (active.length > 0) {
    const i = rng.int(active.length);
    if (!conversations.step(active[i]!, rng.between(1, 4))) {
      if (committed < params.targetBytes) active[i] = open();
      else active.splice(i, 1);
    }
    conversations.afterBurst?.();
    if (file.bytes - reported >= 64 << 20) progress((reported = file.bytes));
  }
  file.close();
  if (file.bytes !== committed) throw new Error(`generator planned ${committed} bytes but wrote ${file.bytes}`);
  return { bytes: file.bytes, packets: frames.packets, captureSeconds: (frames.micros - frames.firstMicros) / 1e6 };
}

/** `interleave` for TCP conversations: a few packets of one, then 2-40 µs, then another's (TCP bursts interleaved). */
export function interleaveTcp(
  output: CaptureOutput,
  rng: Random,
  params: { concurrency: number; targetBytes: number },
  open: () => TcpConversation,
  progress: (bytes: number) => void,
): { bytes: number; packets: number; captureSeconds: number } {
  return interleave(
    output,
    rng,
    params,
    {
      open: () => {
        const conversation = open();
        return { conversation, plannedBytes: conversation.plannedBytes };
      },
      step: (conversation, packets) => conversation.step(packets),
      afterBurst: () => {
        output.frames.micros += rng.between(2, 40);
      },
    },
    progress,
  );
}

/** Adds `counts` (by `protocol \0 message`) to `messages` (by protocol, then message). */
export function addMessageCounts(
  messages: Record<string, Record<string, number>>,
  counts: ReadonlyMap<string, number>,
): void {
  for (const [key, n] of counts) {
    const [protocol, message] = key.split('\u0000') as [string, string];
    const byMessage = (messages[protocol] ??= {});
    byMessage[message] = (byMessage[message] ?? 0) + n;
  }
}

/** Message counts with protocols and their messages in alphabetical order. */
export function sortedCounts(counts: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const sorted = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return Object.fromEntries(
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sorted(v)]),
  );
}
