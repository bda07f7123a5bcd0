import { asciiLiteral, fixedBytes, uint, type StructMember } from '../core/codec';
import { FLAG_NAMES, HEADER_START, NONCE_SIZE, PROTOCOL_ID, PROTOCOL_ID_SIZE } from './packet-layout';

/**
 * The static header (discv5-wire.md "Packet Encoding"):
 * protocol-id (6, "discv5") || version (2, BE) || flag (1) || nonce (12) || authdata-size (2, BE).
 */

export interface StaticHeader {
  version: number;
  flag: number;
  /** The packet nonce: the AES-GCM nonce of its message, echoed by a WHOAREYOU. */
  nonce: Uint8Array;
  authdataSize: number;
}

/** Reads the static header of an unmasked packet (the caller checked the protocol id and the length). */
export function readStaticHeader(packet: Uint8Array): StaticHeader {
  const at = HEADER_START + PROTOCOL_ID_SIZE;
  return {
    version: (packet[at]! << 8) | packet[at + 1]!,
    flag: packet[at + 2]!,
    nonce: packet.slice(at + 3, at + 3 + NONCE_SIZE),
    authdataSize: (packet[at + 3 + NONCE_SIZE]! << 8) | packet[at + 4 + NONCE_SIZE]!,
  };
}

/** The static header as struct members of the packet codec; `authdata-size` is recomputed on encode. */
export const STATIC_HEADER_MEMBERS: readonly StructMember[] = [
  { name: 'protocol-id', codec: asciiLiteral(PROTOCOL_ID) },
  { name: 'version', codec: uint(2, 'be') },
  { name: 'flag', codec: uint(1, 'be', FLAG_NAMES) },
  { name: 'nonce', codec: fixedBytes(NONCE_SIZE) },
  { name: 'authdata-size', codec: uint(2, 'be'), lengthOf: 'authdata' },
];
