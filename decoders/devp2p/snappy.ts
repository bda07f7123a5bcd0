import { compress, uncompress } from 'snappyjs';

/**
 * Snappy as RLPx uses it since p2p version 5 (rlpx.md §5.1): the block format, on msg-data only. The decompressed
 * size is read from the stream's length varint and checked against the limit before anything is allocated, and the
 * stream must produce exactly that many bytes (snappyjs would zero-fill a short one silently).
 */

/** The spec's limit on a decompressed message: 16 MiB (geth: the declared length must fit 24 bits). */
export const MAX_DECOMPRESSED_SIZE = 16 * 1024 * 1024;

export type SnappyResult =
  { ok: true; data: Uint8Array } | { ok: false; kind: 'too-large' | 'malformed'; reason: string; declared?: number };

export function snappyCompress(data: Uint8Array): Uint8Array {
  return new Uint8Array(compress(data));
}

/** The uncompressed length the stream declares, and where its data starts; null when the varint is malformed. */
export function snappyDeclaredLength(stream: Uint8Array): { length: number; headerLength: number } | null {
  let length = 0;
  for (let i = 0; i < 5 && i < stream.length; i++) {
    const byte = stream[i]!;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return length > 0xffffffff ? null : { length, headerLength: i + 1 };
  }
  return null;
}

export function snappyDecompress(stream: Uint8Array, limit = MAX_DECOMPRESSED_SIZE): SnappyResult {
  const declared = snappyDeclaredLength(stream);
  if (!declared) return { ok: false, kind: 'malformed', reason: 'no valid snappy length varint' };
  if (declared.length > limit) {
    return {
      ok: false,
      kind: 'too-large',
      reason: `snappy data declares ${declared.length} bytes decompressed, more than the ${limit} allowed`,
      declared: declared.length,
    };
  }
  const produced = snappyOutputLength(stream, declared.headerLength);
  if (produced !== declared.length) {
    const what = produced === null ? 'a malformed element' : `${produced} bytes`;
    return {
      ok: false,
      kind: 'malformed',
      reason: `snappy data declares ${declared.length} bytes but its elements give ${what}`,
      declared: declared.length,
    };
  }
  try {
    // snappyjs answers a plain Uint8Array for a plain one (a Buffer for a Buffer): given a plain view of the
    // stream, its output is kept as it is, not copied (a payload runs to megabytes).
    const plain = new Uint8Array(stream.buffer, stream.byteOffset, stream.byteLength);
    return { ok: true, data: uncompress(plain, limit) };
  } catch (e) {
    return { ok: false, kind: 'malformed', reason: `snappy: ${(e as Error).message}`, declared: declared.length };
  }
}

/**
 * How many bytes the elements after the varint produce (literals and back-references, by their tag bytes), or null
 * when an element runs past the end. Only lengths are summed: snappyjs does the decompression.
 */
function snappyOutputLength(stream: Uint8Array, start: number): number | null {
  let total = 0;
  let pos = start;
  while (pos < stream.length) {
    const tag = stream[pos++]!;
    const type = tag & 3;
    if (type === 0) {
      let length = (tag >>> 2) + 1;
      if (length > 60) {
        const extra = length - 60;
        if (pos + extra > stream.length) return null;
        length = 1;
        for (let i = 0; i < extra; i++) length += stream[pos + i]! * 2 ** (8 * i);
        pos += extra;
      }
      if (pos + length > stream.length) return null;
      pos += length;
      total += length;
    } else {
      const offsetBytes = type === 1 ? 1 : type === 2 ? 2 : 4;
      if (pos + offsetBytes > stream.length) return null;
      pos += offsetBytes;
      total += type === 1 ? ((tag >>> 2) & 7) + 4 : (tag >>> 2) + 1;
    }
    if (total > 0xffffffff) return null;
  }
  return total;
}
