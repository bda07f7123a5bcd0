import type { Severity } from '../core/notes';

const EMPTY = new Uint8Array(0);

/**
 * The network-layer view of one packet or reassembled datagram: where its addresses and transport bytes are.
 * One instance is reused for every packet so the per-packet path allocates nothing.
 */
export class IpPacket {
  /** The bytes the offsets below refer to: the frame, or a reassembled datagram. */
  bytes: Uint8Array = EMPTY;
  addressLength: 4 | 16 = 4;
  srcOffset = 0;
  dstOffset = 0;
  /** Transport protocol number (after IPv6 extension headers). */
  protocol = 0;
  /** Offset of the transport header. */
  payloadOffset = 0;
  /** End of the captured transport bytes. */
  payloadEnd = 0;
  /** Transport length on the wire (header + data), which exceeds `payloadEnd - payloadOffset` when cut short. */
  payloadLength = 0;
  /** Fragment fields: byte offset of this fragment's payload in the datagram, MF flag, identification. */
  fragmentOffset = 0;
  moreFragments = false;
  fragmentId = 0;

  get isFragment(): boolean {
    return this.moreFragments || this.fragmentOffset !== 0;
  }

  /** Points at a reassembled datagram laid out as [src][dst][transport bytes]. */
  setDatagram(bytes: Uint8Array, addressLength: 4 | 16, protocol: number): void {
    this.bytes = bytes;
    this.addressLength = addressLength;
    this.srcOffset = 0;
    this.dstOffset = addressLength;
    this.protocol = protocol;
    this.payloadOffset = 2 * addressLength;
    this.payloadEnd = bytes.length;
    this.payloadLength = bytes.length - 2 * addressLength;
    this.fragmentOffset = 0;
    this.moreFragments = false;
  }
}

/** Where a layer reports what is wrong with the frame being decoded. */
export interface FrameProblems {
  report(severity: Severity, kind: string, text: string): void;
}

/** What a network-layer parser made of a packet. */
export type IpOutcome = 'packet' | 'fragment' | 'malformed' | 'no-transport';
