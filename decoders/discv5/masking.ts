import type { AesProvider } from '../core/aes';
import { copyBytes, startsWithAscii } from '../core/bytes';
import { HEADER_START, MASKING_IV_SIZE, MASKING_KEY_SIZE, PROTOCOL_ID, STATIC_HEADER_SIZE } from './packet-layout';

/**
 * Header unmasking (discv5-wire.md "Packet Encoding"): the header is AES-128-CTR encrypted with the first 16 bytes
 * of the *recipient's* node id and the packet's masking IV. A passive observer therefore needs the recipient's id;
 * the protocol id "discv5" at the start of the unmasked header tells whether a guessed id is the right one.
 */

export interface UnmaskedPacket {
  /** The node id the header was masked with: the recipient's. */
  destId: Uint8Array;
  /** The datagram with its header unmasked: masking-iv || header || message (same offsets as on the wire). */
  packet: Uint8Array;
  /** Offset where the header ends and the message begins (clamped to the datagram when authdata is cut short). */
  headerEnd: number;
  /** authdata-size announces more bytes than the datagram has. */
  truncated: boolean;
}

/** The unmasked static header (23 bytes) if `destId` unmasks it to "discv5", else null. */
export function unmaskStaticHeader(datagram: Uint8Array, destId: Uint8Array, aes: AesProvider): Uint8Array | null {
  if (datagram.length < HEADER_START + STATIC_HEADER_SIZE) return null;
  const staticHeader = aes
    .ctr(destId.subarray(0, MASKING_KEY_SIZE), datagram.subarray(0, MASKING_IV_SIZE))
    .update(datagram.subarray(HEADER_START, HEADER_START + STATIC_HEADER_SIZE));
  return startsWithAscii(staticHeader, PROTOCOL_ID) ? staticHeader : null;
}

/** Unmasks the whole header (static header and authdata, one CTR stream) with `destId`; null if it is not the key. */
export function unmaskPacket(datagram: Uint8Array, destId: Uint8Array, aes: AesProvider): UnmaskedPacket | null {
  const staticHeader = unmaskStaticHeader(datagram, destId, aes);
  if (!staticHeader) return null;
  const authdataSize = (staticHeader[STATIC_HEADER_SIZE - 2]! << 8) | staticHeader[STATIC_HEADER_SIZE - 1]!;
  const announcedEnd = HEADER_START + STATIC_HEADER_SIZE + authdataSize;
  const headerEnd = Math.min(announcedEnd, datagram.length);
  const header = aes
    .ctr(destId.subarray(0, MASKING_KEY_SIZE), datagram.subarray(0, MASKING_IV_SIZE))
    .update(datagram.subarray(HEADER_START, headerEnd));
  const packet = copyBytes(datagram);
  packet.set(header, HEADER_START);
  return { destId, packet, headerEnd, truncated: announcedEnd > datagram.length };
}

/** Tries each candidate recipient id in order; the first that unmasks the header wins. */
export function findRecipient(
  datagram: Uint8Array,
  candidates: Iterable<Uint8Array>,
  aes: AesProvider,
): UnmaskedPacket | null {
  for (const id of candidates) {
    const unmasked = unmaskPacket(datagram, id, aes);
    if (unmasked) return unmasked;
  }
  return null;
}
