import { copyAddress, flowHash, FlowTable } from './flow-table';
import { formatIpAddress } from './ip-address';
import type { IpPacket } from './ip-packet';
import { TrackedTcpConnection } from './tcp-connection';
import type { ReassemblyLimits } from './tcp-reassembly';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './tcp-segment';
import type { FlowSink, FrameInfo } from './types';

const NO_BYTES = new Uint8Array(0);

/**
 * TCP connections numbered like tshark's tcp.stream: 0-based in order of first packet per 4-tuple, and a new
 * stream when a SYN (without ACK) reuses a 4-tuple with a different initial sequence number.
 */
export class TcpConnectionTable {
  private readonly table = new FlowTable<TrackedTcpConnection>();
  private readonly all: TrackedTcpConnection[] = [];

  constructor(
    private readonly sink: FlowSink,
    private readonly limits: ReassemblyLimits,
  ) {}

  connections(): readonly TrackedTcpConnection[] {
    return this.all;
  }

  /** One TCP segment carried by `ip`. */
  segment(ip: IpPacket, seg: TcpSegment, at: FrameInfo): void {
    const hash = flowHash(ip, seg.srcPort, seg.dstPort);
    let conn = this.table.find(ip, hash, seg.srcPort, seg.dstPort);
    let dir = this.table.direction;
    if (conn === undefined) {
      conn = this.open(ip, seg, hash);
      this.table.add(conn);
      dir = 0;
    } else if (startsNewStream(conn, dir, seg)) {
      const old = conn;
      conn = this.open(ip, seg, hash);
      this.table.replace(old, conn);
      old.finish(at);
      dir = 0;
    }
    conn.countFrame(dir);
    if (!seg.dataValid) return;
    const stream = conn.streams[dir];
    const peer = conn.streams[dir === 0 ? 1 : 0];
    if (seg.has(TCP_RST)) {
      if (seg.has(TCP_ACK)) peer.acknowledged(seg.ack, at);
      conn.reset(at);
      return;
    }
    const data = seg.dataEnd > seg.dataOffset ? ip.bytes.subarray(seg.dataOffset, seg.dataEnd) : NO_BYTES;
    stream.segment(seg.seq, seg.has(TCP_SYN), seg.has(TCP_FIN), data, seg.dataLength, at);
    if (seg.has(TCP_ACK)) peer.acknowledged(seg.ack, at);
  }

  /** End of capture: every open direction delivers what it holds and ends. */
  finish(at: FrameInfo): void {
    for (const conn of this.all) conn.finish(at);
  }

  private open(ip: IpPacket, seg: TcpSegment, hash: number): TrackedTcpConnection {
    const addressLength = ip.addressLength;
    const conn = new TrackedTcpConnection(
      this.all.length,
      { ip: formatIpAddress(ip.bytes, ip.srcOffset, addressLength), port: seg.srcPort },
      { ip: formatIpAddress(ip.bytes, ip.dstOffset, addressLength), port: seg.dstPort },
      {
        hash,
        addressA: copyAddress(ip, ip.srcOffset),
        portA: seg.srcPort,
        addressB: copyAddress(ip, ip.dstOffset),
        portB: seg.dstPort,
      },
      this.sink,
      this.limits,
    );
    this.all.push(conn);
    return conn;
  }
}

/** tshark's port-reuse rule: a SYN whose sequence number is not the one this direction started with. */
function startsNewStream(conn: TrackedTcpConnection, dir: 0 | 1, seg: TcpSegment): boolean {
  if ((seg.flags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) return false;
  const stream = conn.streams[dir];
  return stream.hasStarted && (seg.seq + 1) >>> 0 !== stream.initialSequence;
}
