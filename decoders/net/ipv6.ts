import type { FrameProblems, IpOutcome, IpPacket } from './ip-packet';
import {
  IP_PROTO_AH,
  IP_PROTO_DSTOPTS,
  IP_PROTO_ESP,
  IP_PROTO_FRAGMENT,
  IP_PROTO_HOPOPTS,
  IP_PROTO_NONE,
  IP_PROTO_ROUTING,
} from './link-types';

const FIXED_HEADER = 40;
const FRAGMENT_HEADER = 8;

/**
 * Reads the IPv6 header at `offset` (RFC 8200 §3) and its extension headers into `out`. A fragment stops the
 * walk: the reassembled datagram continues it with `walkIpv6ExtensionHeaders`.
 */
export function parseIpv6(
  frame: Uint8Array,
  offset: number,
  cutShort: boolean,
  out: IpPacket,
  problems: FrameProblems,
): IpOutcome {
  const available = frame.length - offset;
  if (available < FIXED_HEADER) {
    problems.report('error', 'ipv6.bad-header', `IPv6 header needs 40 bytes, only ${available} captured`);
    return 'malformed';
  }
  const version = frame[offset]! >> 4;
  if (version !== 6) {
    problems.report('error', 'ipv6.bad-header', `IPv6 header has version ${version}`);
    return 'malformed';
  }
  let payloadLength = (frame[offset + 4]! << 8) | frame[offset + 5]!;
  // Zero is a jumbogram or a segmentation-offload packet: the frame holds the payload.
  if (payloadLength === 0 && !cutShort) payloadLength = available - FIXED_HEADER;
  if (payloadLength > available - FIXED_HEADER && !cutShort) {
    problems.report(
      'error',
      'ip.bad-length',
      `IPv6 payload length ${payloadLength} exceeds the ${available - FIXED_HEADER} bytes in the frame`,
    );
  }
  out.bytes = frame;
  out.addressLength = 16;
  out.srcOffset = offset + 8;
  out.dstOffset = offset + 24;
  out.payloadOffset = offset + FIXED_HEADER;
  out.payloadEnd = offset + FIXED_HEADER + Math.min(payloadLength, available - FIXED_HEADER);
  out.payloadLength = payloadLength;
  out.fragmentOffset = 0;
  out.moreFragments = false;
  return walkIpv6ExtensionHeaders(out, frame[offset + 6]!, cutShort, problems);
}

/**
 * Skips extension headers starting with `nextHeader` at `out.payloadOffset` until a transport protocol, a
 * fragment header, no-next-header or ESP (encrypted: nothing further is readable).
 */
export function walkIpv6ExtensionHeaders(
  out: IpPacket,
  nextHeader: number,
  cutShort: boolean,
  problems: FrameProblems,
): IpOutcome {
  const bytes = out.bytes;
  let header = nextHeader;
  for (;;) {
    if (header === IP_PROTO_NONE || header === IP_PROTO_ESP) return 'no-transport';
    const length = extensionHeaderLength(header, bytes, out);
    if (length === 0) {
      out.protocol = header;
      return 'packet';
    }
    if (length < 0 || out.payloadLength < length) {
      if (!cutShort || out.payloadLength < length) {
        problems.report('error', 'ipv6.bad-header', `IPv6 extension header ${header} runs past the end of the packet`);
      }
      return 'malformed';
    }
    const at = out.payloadOffset;
    if (header === IP_PROTO_FRAGMENT) {
      const offsetAndFlags = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      out.fragmentOffset = offsetAndFlags & 0xfff8;
      out.moreFragments = (offsetAndFlags & 1) !== 0;
      out.fragmentId = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
    }
    header = bytes[at]!;
    out.payloadOffset += length;
    out.payloadLength -= length;
    // An atomic fragment (offset 0, no more fragments) is a whole datagram: keep walking.
    if (out.isFragment) {
      out.protocol = header;
      return 'fragment';
    }
  }
}

/** Length in bytes of the extension header at the payload offset, 0 if `header` is not one, -1 if not captured. */
function extensionHeaderLength(header: number, bytes: Uint8Array, out: IpPacket): number {
  const at = out.payloadOffset;
  const captured = out.payloadEnd - at;
  switch (header) {
    case IP_PROTO_HOPOPTS:
    case IP_PROTO_ROUTING:
    case IP_PROTO_DSTOPTS:
      return captured < 2 ? -1 : fitsCaptured((bytes[at + 1]! + 1) * 8, captured);
    case IP_PROTO_AH:
      return captured < 2 ? -1 : fitsCaptured((bytes[at + 1]! + 2) * 4, captured);
    case IP_PROTO_FRAGMENT:
      return fitsCaptured(FRAGMENT_HEADER, captured);
    default:
      return 0;
  }
}

function fitsCaptured(length: number, captured: number): number {
  return length <= captured ? length : -1;
}
