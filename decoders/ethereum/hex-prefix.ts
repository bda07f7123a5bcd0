/**
 * Hex-prefix encoding of trie paths (Yellow Paper appendix C): the first nibble holds two flags, bit 1 for a leaf
 * (terminator) and bit 0 for an odd number of nibbles; an even path pads the first byte with a zero nibble.
 */

export interface HexPrefixPath {
  leaf: boolean;
  nibbles: number[];
  /** A problem with the encoding (bad flag, non-zero padding), or null. */
  problem: string | null;
}

export function decodeHexPrefix(bytes: Uint8Array): HexPrefixPath {
  if (bytes.length === 0) return { leaf: false, nibbles: [], problem: 'empty path: the flag nibble is missing' };
  const flag = bytes[0]! >> 4;
  const leaf = (flag & 2) !== 0;
  const odd = (flag & 1) !== 0;
  const nibbles: number[] = [];
  if (odd) nibbles.push(bytes[0]! & 0x0f);
  for (let i = 1; i < bytes.length; i++) nibbles.push(bytes[i]! >> 4, bytes[i]! & 0x0f);
  let problem: string | null = null;
  if (flag > 3) problem = `flag nibble ${flag}: only 0–3 are defined`;
  else if (!odd && (bytes[0]! & 0x0f) !== 0) problem = 'even path with a non-zero padding nibble';
  return { leaf, nibbles, problem };
}

export function encodeHexPrefix(nibbles: readonly number[], leaf: boolean): Uint8Array {
  const odd = nibbles.length % 2 === 1;
  const out = new Uint8Array(Math.floor(nibbles.length / 2) + 1);
  out[0] = ((leaf ? 2 : 0) + (odd ? 1 : 0)) << 4;
  let i = 0;
  if (odd) out[0]! |= nibbles[i++]!;
  for (let j = 1; i < nibbles.length; j++, i += 2) out[j] = (nibbles[i]! << 4) | nibbles[i + 1]!;
  return out;
}

export function nibblesText(nibbles: readonly number[]): string {
  return nibbles.map((n) => n.toString(16)).join('');
}
