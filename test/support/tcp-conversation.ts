/**
 * Builds TCP conversations packet by packet: keeps sequence and acknowledgment numbers, does the handshake,
 * splits payload by an MSS. Tests then reorder, duplicate, alter or drop packets of `packets` to make
 * retransmissions, out-of-order delivery, overlaps and capture loss, knowing exactly what each side sent.
 */
import { concat } from './capture-writer';
import { ipPacket, linkFrame, PROTO_TCP, TCP_FLAGS, tcpSegment } from './packet-builder';

export type Side = 'client' | 'server';

export interface TcpEndpointSpec {
  ip: string;
  port: number;
}

export interface TcpPacket {
  from: Side;
  seq: number;
  ack: number;
  flags: number;
  payload: Uint8Array;
  /** Stream offset of the payload's first byte in the sender's stream: the test's ground truth. */
  offset: number;
  time: number;
}

export interface TcpConversationOptions {
  client: TcpEndpointSpec;
  server: TcpEndpointSpec;
  clientIsn?: number;
  serverIsn?: number;
  mss?: number;
  startTime?: number;
  /** Seconds between packets. */
  timeStep?: number;
}

export class TcpConversation {
  readonly packets: TcpPacket[] = [];
  readonly client: TcpEndpointSpec;
  readonly server: TcpEndpointSpec;
  private readonly mss: number;
  private readonly timeStep: number;
  private time: number;
  /** Next sequence number each side will send (unsigned 32-bit). */
  private readonly nextSeq: Record<Side, number>;
  /** Sequence number of each side's stream offset 0 (after its SYN). */
  private readonly firstDataSeq: Record<Side, number>;
  private readonly sent: Record<Side, Uint8Array[]> = { client: [], server: [] };
  private readonly sentLength: Record<Side, number> = { client: 0, server: 0 };

  constructor(options: TcpConversationOptions) {
    this.client = options.client;
    this.server = options.server;
    this.mss = options.mss ?? 1460;
    this.time = options.startTime ?? 1_700_000_000;
    this.timeStep = options.timeStep ?? 0.001;
    this.nextSeq = { client: (options.clientIsn ?? 1000) >>> 0, server: (options.serverIsn ?? 50000) >>> 0 };
    this.firstDataSeq = { client: (this.nextSeq.client + 1) >>> 0, server: (this.nextSeq.server + 1) >>> 0 };
  }

  /** SYN, SYN-ACK, ACK. */
  handshake(): this {
    this.push('client', TCP_FLAGS.SYN, new Uint8Array(0), 1);
    this.push('server', TCP_FLAGS.SYN | TCP_FLAGS.ACK, new Uint8Array(0), 1);
    this.push('client', TCP_FLAGS.ACK, new Uint8Array(0));
    return this;
  }

  /** `data` from `from`, in segments of at most `mss` bytes; the peer acknowledges every `ackEvery` segments. */
  send(from: Side, data: Uint8Array, options: { mss?: number; ackEvery?: number } = {}): this {
    const mss = options.mss ?? this.mss;
    const ackEvery = options.ackEvery ?? 2;
    let segments = 0;
    for (let at = 0; at < data.length; at += mss) {
      this.push(from, TCP_FLAGS.ACK | TCP_FLAGS.PSH, data.subarray(at, Math.min(at + mss, data.length)));
      if (ackEvery > 0 && ++segments % ackEvery === 0) this.ack(peerOf(from));
    }
    if (ackEvery > 0 && segments % ackEvery !== 0) this.ack(peerOf(from));
    return this;
  }

  /** A pure ACK of everything the peer sent. */
  ack(from: Side): this {
    this.push(from, TCP_FLAGS.ACK, new Uint8Array(0));
    return this;
  }

  fin(from: Side): this {
    this.push(from, TCP_FLAGS.FIN | TCP_FLAGS.ACK, new Uint8Array(0), 1);
    return this;
  }

  rst(from: Side): this {
    this.push(from, TCP_FLAGS.RST | TCP_FLAGS.ACK, new Uint8Array(0));
    return this;
  }

  /** FIN from the client, FIN from the server, last ACK. */
  close(): this {
    return this.fin('client').fin('server').ack('client');
  }

  /**
   * A segment carrying `length` bytes of what `side` sent from stream offset `offset` (an overlap or a
   * repacketized retransmission), timed now; it is not added to `packets`.
   */
  segmentOf(side: Side, offset: number, length: number): TcpPacket {
    const data = this.sentData(side);
    return {
      from: side,
      seq: (this.firstDataSeq[side] + offset) >>> 0,
      ack: this.nextSeq[peerOf(side)],
      flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
      payload: data.subarray(offset, Math.min(data.length, offset + length)),
      offset,
      time: this.time,
    };
  }

  /** Everything `side` sent, in order: what reassembly must deliver. */
  sentData(side: Side): Uint8Array {
    return concat(this.sent[side]);
  }

  endpointsOf(from: Side): { src: TcpEndpointSpec; dst: TcpEndpointSpec } {
    return from === 'client' ? { src: this.client, dst: this.server } : { src: this.server, dst: this.client };
  }

  /** The IP packet (v4 or v6 by the endpoints' addresses) carrying `packet`. */
  ipPacket(packet: TcpPacket, id = 0): Uint8Array {
    const { src, dst } = this.endpointsOf(packet.from);
    const ep = { src: src.ip, dst: dst.ip };
    const segment = tcpSegment(ep, {
      srcPort: src.port,
      dstPort: dst.port,
      seq: packet.seq,
      ack: packet.ack,
      flags: packet.flags,
      payload: packet.payload,
    });
    return ipPacket(ep, PROTO_TCP, segment, id);
  }

  /** `packets` (default: all) as link-layer frames with their times. */
  frames(linkType: number, packets: readonly TcpPacket[] = this.packets): { time: number; data: Uint8Array }[] {
    return packets.map((p, i) => ({ time: p.time, data: linkFrame(linkType, this.ipPacket(p, i & 0xffff)) }));
  }

  private push(from: Side, flags: number, payload: Uint8Array, sequenceFlags = 0): void {
    const peer = peerOf(from);
    this.packets.push({
      from,
      seq: this.nextSeq[from],
      ack: flags & TCP_FLAGS.ACK ? this.nextSeq[peer] : 0,
      flags,
      payload,
      offset: this.sentLength[from],
      time: this.time,
    });
    this.time += this.timeStep;
    if (payload.length > 0) {
      this.sent[from].push(payload);
      this.sentLength[from] += payload.length;
    }
    this.nextSeq[from] = (this.nextSeq[from] + payload.length + sequenceFlags) >>> 0;
  }
}

export function peerOf(side: Side): Side {
  return side === 'client' ? 'server' : 'client';
}

/** A copy of `packet` sent again later, optionally with other bytes or a shifted start (an overlap). */
export function resend(packet: TcpPacket, change: { payload?: Uint8Array; time?: number } = {}): TcpPacket {
  return { ...packet, payload: change.payload ?? packet.payload, time: change.time ?? packet.time };
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
