/**
 * The uTP packet layout (BEP29 "Header format", as carried by Portal's discv5 TALKREQ, utp/discv5-utp.md):
 * a 20-byte big-endian header, an extension chain, then the payload.
 *
 *   0: type (high nibble) | version (low nibble) · 1: extension · 2–3: connection_id · 4–7: timestamp_microseconds
 *   8–11: timestamp_difference_microseconds · 12–15: wnd_size · 16–17: seq_nr · 18–19: ack_nr
 */

export const UTP_HEADER_LENGTH = 20;

/** The only version BEP29 defines. */
export const UTP_VERSION = 1;

/** BEP29 packet types. */
export const UTP_PACKET_TYPES: Readonly<Record<number, string>> = {
  0: 'ST_DATA',
  1: 'ST_FIN',
  2: 'ST_STATE',
  3: 'ST_RESET',
  4: 'ST_SYN',
};

export const ST_DATA = 0;
export const ST_FIN = 1;
export const ST_STATE = 2;
export const ST_RESET = 3;
export const ST_SYN = 4;

/** Extension types: BEP29 defines selective ack; libutp also sends 2 (8 bytes of extension bits). */
export const SELECTIVE_ACK = 1;
export const UTP_EXTENSIONS: Readonly<Record<number, string>> = {
  0: 'none',
  1: 'selective ack',
  2: 'extension bits (libutp)',
};

/** The header members after the type/version byte, in wire order, with their sizes. */
export const UTP_HEADER_MEMBERS: readonly { name: string; size: 1 | 2 | 4 }[] = [
  { name: 'extension', size: 1 },
  { name: 'connection_id', size: 2 },
  { name: 'timestamp_microseconds', size: 4 },
  { name: 'timestamp_difference_microseconds', size: 4 },
  { name: 'wnd_size', size: 4 },
  { name: 'seq_nr', size: 2 },
  { name: 'ack_nr', size: 2 },
];

/** The decoded header, for the stream tracker. */
export interface UtpHeader {
  type: number;
  version: number;
  extension: number;
  connectionId: number;
  timestampMicroseconds: number;
  timestampDifferenceMicroseconds: number;
  wndSize: number;
  seqNr: number;
  ackNr: number;
}

/**
 * Sequence numbers selectively acknowledged by a bitmask: bit i (least significant bit of each byte first) stands
 * for `ack_nr + 2 + i` (BEP29 "Selective ACK"; ack_nr + 1 is by definition missing).
 */
export function selectivelyAcked(ackNr: number, bitmask: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bitmask.length * 8; i++) {
    if ((bitmask[i >> 3]! >> (i & 7)) & 1) out.push((ackNr + 2 + i) & 0xffff);
  }
  return out;
}
