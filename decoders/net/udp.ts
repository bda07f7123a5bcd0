import { copyAddress, flowHash, FlowEntry, FlowTable } from './flow-table';
import { formatIpAddress } from './ip-address';
import type { FrameProblems, IpPacket } from './ip-packet';
import type { Endpoint, FlowSink, FrameInfo, UdpFlow } from './types';

const HEADER = 8;

class TrackedUdpFlow extends FlowEntry implements UdpFlow {
  framesAtoB = 0;
  framesBtoA = 0;
  bytesAtoB = 0;
  bytesBtoA = 0;
  user?: unknown;

  constructor(
    readonly id: number,
    readonly a: Endpoint,
    readonly b: Endpoint,
    hash: number,
    addressA: Uint8Array,
    portA: number,
    addressB: Uint8Array,
    portB: number,
  ) {
    super(hash, addressA, portA, addressB, portB);
  }
}

/** UDP datagrams (RFC 768) grouped into flows numbered like tshark's udp.stream. */
export class UdpFlowTable {
  private readonly table = new FlowTable<TrackedUdpFlow>();
  private readonly all: TrackedUdpFlow[] = [];

  constructor(private readonly sink: FlowSink) {}

  flows(): readonly UdpFlow[] {
    return this.all;
  }

  /** The UDP datagram carried by `ip`. */
  datagram(ip: IpPacket, at: FrameInfo, problems: FrameProblems): void {
    const b = ip.bytes;
    const start = ip.payloadOffset;
    const captured = ip.payloadEnd - start;
    if (captured < HEADER || ip.payloadLength < HEADER) {
      problems.report(
        'error',
        'udp.bad-header',
        `UDP header needs 8 bytes, only ${Math.min(captured, ip.payloadLength)} present`,
      );
      return;
    }
    const srcPort = (b[start]! << 8) | b[start + 1]!;
    const dstPort = (b[start + 2]! << 8) | b[start + 3]!;
    const length = payloadEnd(ip, (b[start + 4]! << 8) | b[start + 5]!, problems);
    const hash = flowHash(ip, srcPort, dstPort);
    let flow = this.table.find(ip, hash, srcPort, dstPort);
    let dir = this.table.direction;
    if (flow === undefined) {
      flow = this.open(ip, hash, srcPort, dstPort);
      dir = 0;
    }
    const bytes = b.subarray(start + HEADER, Math.min(ip.payloadEnd, start + length));
    if (dir === 0) {
      flow.framesAtoB++;
      flow.bytesAtoB += bytes.length;
    } else {
      flow.framesBtoA++;
      flow.bytesBtoA += bytes.length;
    }
    this.sink.udpDatagram(flow, dir, bytes, at);
  }

  private open(ip: IpPacket, hash: number, srcPort: number, dstPort: number): TrackedUdpFlow {
    const flow = new TrackedUdpFlow(
      this.all.length,
      { ip: formatIpAddress(ip.bytes, ip.srcOffset, ip.addressLength), port: srcPort },
      { ip: formatIpAddress(ip.bytes, ip.dstOffset, ip.addressLength), port: dstPort },
      hash,
      copyAddress(ip, ip.srcOffset),
      srcPort,
      copyAddress(ip, ip.dstOffset),
      dstPort,
    );
    this.all.push(flow);
    this.table.add(flow);
    return flow;
  }
}

/**
 * The datagram's length as far as it can be trusted: the UDP length field, unless it contradicts the IP layer.
 * Zero is allowed over IPv6 jumbograms (RFC 2675 §4) and means "the IP payload".
 */
function payloadEnd(ip: IpPacket, udpLength: number, problems: FrameProblems): number {
  if (udpLength === 0 && ip.addressLength === 16) return ip.payloadLength;
  if (udpLength < HEADER) {
    problems.report('error', 'udp.bad-length', `UDP length ${udpLength} is below the header's 8 bytes`);
    return ip.payloadLength;
  }
  if (udpLength > ip.payloadLength) {
    problems.report(
      'error',
      'udp.bad-length',
      `UDP length ${udpLength} exceeds the ${ip.payloadLength} bytes IP carries`,
    );
    return ip.payloadLength;
  }
  return udpLength;
}
