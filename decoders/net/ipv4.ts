import type { FrameProblems, IpOutcome, IpPacket } from './ip-packet';

const MIN_HEADER = 20;
const FLAG_MORE_FRAGMENTS = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;

/**
 * Reads the IPv4 header at `offset` (RFC 791 §3.1) into `out`. `cutShort` says the capture kept fewer bytes
 * than were on the wire (snaplen), in which case a total length beyond the frame is expected, not an error.
 */
export function parseIpv4(
  frame: Uint8Array,
  offset: number,
  cutShort: boolean,
  out: IpPacket,
  problems: FrameProblems,
): IpOutcome {
  const available = frame.length - offset;
  if (available < MIN_HEADER) {
    problems.report('error', 'ip.bad-header', `IPv4 header needs 20 bytes, only ${available} captured`);
    return 'malformed';
  }
  const version = frame[offset]! >> 4;
  const headerLength = (frame[offset]! & 0x0f) * 4;
  if (version !== 4) {
    problems.report('error', 'ip.bad-header', `IPv4 header has version ${version}`);
    return 'malformed';
  }
  if (headerLength < MIN_HEADER) {
    problems.report('error', 'ip.bad-header', `IPv4 header length ${headerLength} is below the minimum of 20`);
    return 'malformed';
  }
  if (headerLength > available) {
    problems.report('error', 'ip.bad-header', `IPv4 header of ${headerLength} bytes, only ${available} captured`);
    return 'malformed';
  }
  let totalLength = (frame[offset + 2]! << 8) | frame[offset + 3]!;
  // Segmentation offload hands the capture oversized packets with total length 0: the frame is the truth.
  if (totalLength === 0 && !cutShort) totalLength = available;
  if (totalLength < headerLength) {
    problems.report(
      'error',
      'ip.bad-header',
      `IPv4 total length ${totalLength} is less than its header length ${headerLength}`,
    );
    return 'malformed';
  }
  if (totalLength > available && !cutShort) {
    problems.report(
      'error',
      'ip.bad-length',
      `IPv4 total length ${totalLength} exceeds the ${available} bytes in the frame`,
    );
  }

  out.bytes = frame;
  out.addressLength = 4;
  out.srcOffset = offset + 12;
  out.dstOffset = offset + 16;
  out.protocol = frame[offset + 9]!;
  out.payloadOffset = offset + headerLength;
  // Ethernet pads short frames: bytes past the total length are not the packet's.
  out.payloadEnd = offset + Math.min(totalLength, available);
  out.payloadLength = totalLength - headerLength;
  const flagsAndOffset = (frame[offset + 6]! << 8) | frame[offset + 7]!;
  out.moreFragments = (flagsAndOffset & FLAG_MORE_FRAGMENTS) !== 0;
  out.fragmentOffset = (flagsAndOffset & FRAGMENT_OFFSET_MASK) * 8;
  out.fragmentId = (frame[offset + 4]! << 8) | frame[offset + 5]!;
  return out.isFragment ? 'fragment' : 'packet';
}
