/**
 * Unsigned LEB128, the length prefix of content items on uTP streams (portal-wire-protocol.md "Length prefixing
 * for uTP transfers"): 7 bits per byte, least significant first, high bit set on every byte but the last.
 * Portal limits the value to uint32, so at most 5 bytes.
 */

export type Leb128 =
  | { kind: 'value'; value: number; length: number }
  /** The bytes end inside the varint. */
  | { kind: 'incomplete' }
  /** Longer than 5 bytes or above 2^32 − 1. */
  | { kind: 'invalid' };

const MAX_BYTES = 5;

export function readLeb128(bytes: Uint8Array, at: number, end = bytes.length): Leb128 {
  let value = 0;
  for (let i = 0; i < MAX_BYTES; i++) {
    if (at + i >= end) return { kind: 'incomplete' };
    const b = bytes[at + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return value > 0xffffffff ? { kind: 'invalid' } : { kind: 'value', value, length: i + 1 };
  }
  return { kind: 'invalid' };
}

export function writeLeb128(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const b = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? b | 0x80 : b);
  } while (v > 0);
  return Uint8Array.from(out);
}
