/**
 * Streams the benchmark capture to disk: classic pcap, Ethernet/IPv4/TCP (MSS 1448, Linux-style timestamp option,
 * correct checksums), hundreds of Hobbits and eth2 RPC conversations open at once and interleaved packet by packet.
 * Each conversation follows a script of writes (a handshake, requests and their responses, gossip, a goodbye) that
 * is fixed when it opens, so the messages of every protocol are counted exactly while the file is written.
 */
import { CaptureFileStream } from '../support/capture-file-stream';
import { PcapWriter } from '../support/capture-writer';
import { TCP_FLAGS } from '../support/packet-builder';
import {
  instantiate,
  Random,
  type Exchange,
  type MessagePools,
  type ProtocolName,
  type WireTemplate,
} from './bench-messages';

export interface CaptureParams {
  /** The file grows until it is at least this large. */
  targetBytes: number;
  seed: number;
  /** Conversations open at any time (until the last ones close). */
  concurrency: number;
  mss: number;
}

/** What the generator wrote: the ground truth the benchmark checks Peerscope's summary against. */
export interface CaptureManifest {
  bytes: number;
  packets: number;
  conversations: Record<ProtocolName, number>;
  /** Messages by protocol, then by message name as Peerscope spells it. */
  messages: Record<ProtocolName, Record<string, number>>;
  /** Bytes of each protocol's messages (their sum is what Peerscope reports as `messages.bytes`). */
  messageBytes: Record<ProtocolName, number>;
  /** Requests sent together with the response that answers them: each pair is two `matched` messages. */
  answeredRequests: number;
  /** Capture time from the first packet to the last. */
  captureSeconds: number;
}

const CLIENT = 0;
const SERVER = 1;
type Side = typeof CLIENT | typeof SERVER;

/** One application write: messages sent back to back by one side (their segments may hold parts of two). */
interface Write {
  side: Side;
  messages: { template: WireTemplate; id: number }[];
  length: number;
}

/** One end of a connection: IPv4 address and MAC (low 32 bits) as numbers, TCP port. */
interface Host {
  ip: number;
  port: number;
  mac: number;
}

const PCAP_RECORD_HEADER = 16;
const ETHERNET_HEADER = 14;
const IPV4_HEADER = 20;
/** Linux's options on every segment after the handshake: NOP, NOP, timestamps (TSval at 4, TSecr at 8). */
const SEGMENT_OPTIONS = Uint8Array.of(1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0);
/** Linux's SYN options: MSS 1460 (1448 once timestamps take 12), SACK permitted, timestamps, NOP, window scale 7. */
const SYN_OPTIONS = Uint8Array.of(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7);
/** Where TSval sits in each option list (TSecr follows it). */
const SEGMENT_TSVAL = 4;
const SYN_TSVAL = 8;
const TCP_HEADER = 20 + SEGMENT_OPTIONS.length;
const FRAME_OVERHEAD = PCAP_RECORD_HEADER + ETHERNET_HEADER + IPV4_HEADER + TCP_HEADER;
/** The SYN and SYN-ACK carry the longer option list. */
const SYN_EXTRA = SYN_OPTIONS.length - SEGMENT_OPTIONS.length;
const EMPTY = new Uint8Array(0);
/** eth2 RPC on its port 9000; Hobbits on an arbitrary other one (Peerscope recognises both by their first bytes). */
const SERVER_PORT: Record<ProtocolName, number> = { eth2rpc: 9000, hobbits: 9100 };

// Conversation scripts --------------------------------------------------------------------------------------------

class ScriptBuilder {
  readonly writes: Write[] = [];
  /** Messages by `protocol \0 message`, counted while the script is built. */
  readonly counts = new Map<string, number>();
  answered = 0;

  constructor(private nextId: number) {}

  /** A request and its response, under one fresh id. */
  exchange(exchange: Exchange, from: Side = CLIENT): void {
    const id = this.nextId++;
    this.write(from, [{ template: exchange.request, id }]);
    if (exchange.response) {
      this.write(from === CLIENT ? SERVER : CLIENT, [{ template: exchange.response, id }]);
      this.answered++;
    }
  }

  /** Messages without a response (gossip, goodbye), in one write; each takes the next id if it carries one. */
  send(from: Side, templates: readonly WireTemplate[]): void {
    this.write(
      from,
      templates.map((template) => ({ template, id: this.nextId++ })),
    );
  }

  private write(side: Side, messages: Write['messages']): void {
    let length = 0;
    for (const m of messages) {
      length += m.template.bytes.length;
      const key = `${m.template.protocol}\u0000${m.template.message}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    this.writes.push({ side, messages, length });
  }
}

/**
 * A Hobbits peer session: HELLO and GET_STATUS both ways, then sync requests, gossip in both directions and
 * keep-alive pings, then GOODBYE. Request ids count up from a random start.
 */
function hobbitsScript(pools: MessagePools, rng: Random): ScriptBuilder {
  const p = pools.hobbits;
  const script = new ScriptBuilder(rng.between(1, 1_000_000));
  script.exchange(p.hello);
  script.exchange(p.status);
  const steps = rng.between(6, 45);
  for (let i = 0; i < steps; i++) {
    const roll = rng.int(100);
    const side: Side = rng.int(2) === 0 ? CLIENT : SERVER;
    if (roll < 25) script.exchange(rng.pick(p.headers));
    else if (roll < 45) script.exchange(rng.pick(p.bodies));
    else if (roll < 70)
      script.send(
        side,
        Array.from({ length: rng.between(1, 4) }, () => rng.pick(p.gossipAttestations)),
      );
    else if (roll < 80) script.send(side, [rng.pick(p.gossipBlocks)]);
    else script.exchange(rng.pick(p.pings), side);
  }
  script.send(CLIENT, [p.goodbye]);
  return script;
}

/** An eth2 RPC sync session: hello, get_status, then block roots, headers and bodies requests, then goodbye. */
function eth2Script(pools: MessagePools, rng: Random): ScriptBuilder {
  const p = pools.eth2rpc;
  const script = new ScriptBuilder(rng.between(1, 1_000_000));
  script.exchange(p.hello);
  script.exchange(p.status);
  const steps = rng.between(6, 45);
  for (let i = 0; i < steps; i++) {
    const roll = rng.int(100);
    script.exchange(rng.pick(roll < 35 ? p.roots : roll < 65 ? p.headers : p.bodies));
  }
  script.send(CLIENT, [p.goodbye]);
  return script;
}

// Packets --------------------------------------------------------------------------------------------------------

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
class FrameWriter {
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
    this.frame = new Uint8Array(FRAME_OVERHEAD + SYN_EXTRA + mss);
    this.view = new DataView(this.frame.buffer);
    // The same in every packet: Ethernet type IPv4, IPv4 version and header length, DF, TTL 64, protocol TCP.
    this.view.setUint16(PCAP_RECORD_HEADER + 12, 0x0800);
    const ip = PCAP_RECORD_HEADER + ETHERNET_HEADER;
    this.frame[ip] = 0x45;
    this.view.setUint16(ip + 6, 0x4000);
    this.frame[ip + 8] = 64;
    this.frame[ip + 9] = 6;
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
    const ip = PCAP_RECORD_HEADER + ETHERNET_HEADER;
    const tcp = ip + IPV4_HEADER;
    const options = flags & TCP_FLAGS.SYN ? SYN_OPTIONS : SEGMENT_OPTIONS;
    const tcpHeader = 20 + options.length;
    const frameLength = ETHERNET_HEADER + IPV4_HEADER + tcpHeader + payload.length;
    v.setUint32(0, Math.floor(this.micros / 1e6), true);
    v.setUint32(4, this.micros % 1e6, true);
    v.setUint32(8, frameLength, true);
    v.setUint32(12, frameLength, true);
    // Locally administered MACs derived from the hosts.
    v.setUint16(PCAP_RECORD_HEADER, 0x0200);
    v.setUint32(PCAP_RECORD_HEADER + 2, dst.mac);
    v.setUint16(PCAP_RECORD_HEADER + 6, 0x0200);
    v.setUint32(PCAP_RECORD_HEADER + 8, src.mac);
    v.setUint16(ip + 2, IPV4_HEADER + tcpHeader + payload.length);
    v.setUint16(ip + 4, ipId & 0xffff);
    v.setUint16(ip + 10, 0);
    v.setUint32(ip + 12, src.ip);
    v.setUint32(ip + 16, dst.ip);
    v.setUint16(ip + 10, fold(wordSum(f, ip, ip + IPV4_HEADER, 0)));
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
    let sum = (src.ip >>> 16) + (src.ip & 0xffff) + (dst.ip >>> 16) + (dst.ip & 0xffff) + 6 + tcpLength;
    sum = wordSum(f, tcp, tcp + tcpLength, sum);
    v.setUint16(tcp + 16, fold(sum));
    this.file.write(f.subarray(0, PCAP_RECORD_HEADER + frameLength));
    this.packets++;
    return timestamp;
  }
}

/** One TCP connection playing its script: handshake, the writes in MSS segments with delayed ACKs, FIN both ways. */
class ScriptedConnection {
  readonly plannedBytes: number;
  private readonly hosts: [Host, Host];
  private readonly seq: [number, number];
  private readonly ipId: [number, number] = [0, 0];
  private readonly lastTimestamp: [number, number] = [0, 0];
  private readonly packets: Generator<void, void, void>;

  constructor(
    index: number,
    protocol: ProtocolName,
    private readonly writes: readonly Write[],
    private readonly mss: number,
    private readonly frames: FrameWriter,
    rng: Random,
  ) {
    // 10.0.0.0/8 clients and 192.168.0.0/16 servers: one distinct 4-tuple per conversation.
    const client = (10 << 24) | ((index + 1) & 0xffffff);
    const server = ((192 << 24) | (168 << 16) | ((index % 251) + 1)) >>> 0;
    this.hosts = [
      { ip: client >>> 0, port: 32768 + (index % 28000), mac: client >>> 0 },
      { ip: server, port: SERVER_PORT[protocol], mac: server },
    ];
    this.seq = [rng.int(0xffffffff), rng.int(0xffffffff)];
    this.plannedBytes = plannedBytes(writes, mss);
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
      const bytes = new Uint8Array(write.length);
      let at = 0;
      for (const m of write.messages) {
        instantiate(m.template, m.id, bytes, at);
        at += m.template.bytes.length;
      }
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

/** File bytes a script will take: 6 handshake and close packets, its segments, and one ACK per two segments. */
function plannedBytes(writes: readonly Write[], mss: number): number {
  let packets = 6;
  const synOptions = 2 * SYN_EXTRA;
  let payload = 0;
  for (const w of writes) {
    const segments = Math.ceil(w.length / mss);
    packets += segments + Math.ceil(segments / 2);
    payload += w.length;
  }
  return packets * FRAME_OVERHEAD + synOptions + payload;
}

// The capture ----------------------------------------------------------------------------------------------------

/** Writes the capture to `path` (streamed: only the open conversations' current writes are in memory). */
export function generateCapture(
  path: string,
  pools: MessagePools,
  params: CaptureParams,
  progress: (bytes: number) => void = () => {},
): CaptureManifest {
  const file = new CaptureFileStream(path);
  file.write(new PcapWriter({ linkType: 1 }).header());
  const frames = new FrameWriter(file, params.mss);
  const rng = new Random(params.seed);
  const manifest: CaptureManifest = {
    bytes: 0,
    packets: 0,
    conversations: { hobbits: 0, eth2rpc: 0 },
    messages: { hobbits: {}, eth2rpc: {} },
    messageBytes: { hobbits: 0, eth2rpc: 0 },
    answeredRequests: 0,
    captureSeconds: 0,
  };
  let opened = 0;
  // Bytes the conversations opened so far will have written: no new one opens once that reaches the target.
  let committed = file.bytes;
  const open = (): ScriptedConnection => {
    const protocol: ProtocolName = rng.int(2) === 0 ? 'hobbits' : 'eth2rpc';
    const script = protocol === 'hobbits' ? hobbitsScript(pools, rng) : eth2Script(pools, rng);
    for (const [key, count] of script.counts) {
      const [name, message] = key.split('\u0000') as [ProtocolName, string];
      manifest.messages[name][message] = (manifest.messages[name][message] ?? 0) + count;
    }
    for (const w of script.writes) manifest.messageBytes[protocol] += w.length;
    manifest.answeredRequests += script.answered;
    manifest.conversations[protocol]++;
    const connection = new ScriptedConnection(opened++, protocol, script.writes, params.mss, frames, rng);
    committed += connection.plannedBytes;
    return connection;
  };
  const active: ScriptedConnection[] = [];
  while (active.length < params.concurrency && committed < params.targetBytes) active.push(open());
  let reported = 0;
  while (active.length > 0) {
    const i = rng.int(active.length);
    // A few packets of one conversation, then another's: TCP bursts interleaved packet by packet.
    if (!active[i]!.step(rng.between(1, 4))) {
      if (committed < params.targetBytes) active[i] = open();
      else active.splice(i, 1);
    }
    frames.micros += rng.between(2, 40);
    if (file.bytes - reported >= 64 << 20) progress((reported = file.bytes));
  }
  file.close();
  if (file.bytes !== committed) throw new Error(`generator planned ${committed} bytes but wrote ${file.bytes}`);
  manifest.bytes = file.bytes;
  manifest.packets = frames.packets;
  manifest.captureSeconds = (frames.micros - frames.firstMicros) / 1e6;
  for (const protocol of Object.keys(manifest.messages) as ProtocolName[]) {
    manifest.messages[protocol] = Object.fromEntries(
      Object.entries(manifest.messages[protocol]).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return manifest;
}
