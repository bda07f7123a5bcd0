import type { FrameProblems, IpPacket } from './ip-packet';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

const MIN_HEADER = 20;

/** One TCP header (RFC 9293 §3.1), reused for every packet. */
export class TcpSegment {
  srcPort = 0;
  dstPort = 0;
  /** Unsigned 32-bit sequence and acknowledgment numbers. */
  seq = 0;
  ack = 0;
  flags = 0;
  /** Offset of the segment data in the packet bytes, end of its captured part, and its length on the wire. */
  dataOffset = 0;
  dataEnd = 0;
  dataLength = 0;
  /** False when the data offset is impossible: the segment counts, its sequence space is not used. */
  dataValid = true;

  has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }
}

/**
 * Reads the TCP header of `ip`'s transport bytes; false (with a note) when not even the fixed header was
 * captured. A bad data offset still yields ports and flags (tshark counts such a packet in its stream), with
 * `dataValid` false so that no byte of it is trusted.
 */
export function parseTcpSegment(ip: IpPacket, out: TcpSegment, problems: FrameProblems): boolean {
  const b = ip.bytes;
  const at = ip.payloadOffset;
  const captured = ip.payloadEnd - at;
  if (captured < MIN_HEADER || ip.payloadLength < MIN_HEADER) {
    problems.report(
      'error',
      'tcp.bad-header',
      `TCP header needs 20 bytes, only ${Math.min(captured, ip.payloadLength)} present`,
    );
    return false;
  }
  out.srcPort = (b[at]! << 8) | b[at + 1]!;
  out.dstPort = (b[at + 2]! << 8) | b[at + 3]!;
  out.seq = ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) >>> 0;
  out.ack = ((b[at + 8]! << 24) | (b[at + 9]! << 16) | (b[at + 10]! << 8) | b[at + 11]!) >>> 0;
  out.flags = b[at + 13]!;
  const headerLength = (b[at + 12]! >> 4) * 4;
  out.dataValid = headerLength >= MIN_HEADER && headerLength <= ip.payloadLength;
  if (!out.dataValid) {
    problems.report(
      'error',
      'tcp.bad-header',
      headerLength < MIN_HEADER
        ? `TCP header length ${headerLength} is below the minimum of 20`
        : `TCP header length ${headerLength} exceeds the segment's ${ip.payloadLength} bytes`,
    );
    out.dataOffset = out.dataEnd = ip.payloadEnd;
    out.dataLength = 0;
    return true;
  }
  // Options are skipped: reassembly needs none of them.
  out.dataOffset = Math.min(at + headerLength, ip.payloadEnd);
  out.dataEnd = ip.payloadEnd;
  out.dataLength = ip.payloadLength - headerLength;
  return true;
}
