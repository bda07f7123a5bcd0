import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import {
  MAX_DECOMPRESSED_SIZE,
  snappyCompress,
  snappyDeclaredLength,
  snappyDecompress,
} from '../../decoders/devp2p/snappy';

/** A snappy length varint for `n`. */
function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return out;
}

describe('snappy (block format) for msg-data', () => {
  it('round-trips any data, compressible or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc.array(fc.constantFrom(0, 1, 0xc0), { maxLength: 5000 }).map((a) => Uint8Array.from(a)),
        ),
        (data) => {
          const result = snappyDecompress(snappyCompress(data));
          expect(result.ok && toHex(result.data)).toBe(toHex(data));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('compresses an empty RLP list as ping and pong carry it: 01 00 c0', () => {
    expect(toHex(snappyCompress(Uint8Array.of(0xc0)))).toBe('0x0100c0');
  });

  it('refuses a stream declaring more than 16 MiB before decompressing anything', () => {
    const declared = MAX_DECOMPRESSED_SIZE + 1;
    const result = snappyDecompress(Uint8Array.of(...varint(declared), 0x00, 0x41));
    expect(result).toMatchObject({ ok: false, kind: 'too-large', declared });
    expect(snappyDecompress(Uint8Array.of(...varint(MAX_DECOMPRESSED_SIZE)), MAX_DECOMPRESSED_SIZE)).toMatchObject({
      kind: 'malformed',
    });
  });

  it('reads the length varint, and rejects one longer than 5 bytes', () => {
    expect(snappyDeclaredLength(Uint8Array.of(...varint(300)))).toEqual({ length: 300, headerLength: 2 });
    expect(snappyDeclaredLength(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01))).toBeNull();
    expect(snappyDeclaredLength(new Uint8Array(0))).toBeNull();
  });

  it('rejects a stream whose elements give fewer or more bytes than declared (snappyjs would zero-fill)', () => {
    expect(snappyDecompress(Uint8Array.of(0x08))).toMatchObject({ ok: false, kind: 'malformed' });
    expect(snappyDecompress(Uint8Array.of(0x01, 0x04, 0xaa, 0xbb))).toMatchObject({ ok: false, kind: 'malformed' });
    expect(snappyDecompress(Uint8Array.of(0x02, 0x04, 0xaa))).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('rejects a back-reference before the start of the output', () => {
    expect(snappyDecompress(Uint8Array.of(0x05, 0x01, 0x05, 0x09, 0x04))).toMatchObject({
      ok: false,
      kind: 'malformed',
    });
  });
});
