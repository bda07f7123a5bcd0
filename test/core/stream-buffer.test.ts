import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '../../decoders/core/stream-buffer';

describe('StreamBuffer', () => {
  it('hands out exactly the bytes appended, in order, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 20 }),
        fc.array(fc.nat(7000)),
        (chunks, takes) => {
          const buffer = new StreamBuffer();
          const all: number[] = [];
          const got: number[] = [];
          for (const [i, c] of chunks.entries()) {
            buffer.append(c);
            all.push(...c);
            const n = Math.min(takes[i] ?? 0, buffer.length);
            got.push(...buffer.take(n));
          }
          got.push(...buffer.take(buffer.length));
          expect(got).toEqual(all);
          expect(buffer.offset).toBe(all.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a gap as zero bytes and says where it lies relative to the front', () => {
    const buffer = new StreamBuffer();
    buffer.append(Uint8Array.of(1, 2, 3));
    buffer.appendGap(4);
    buffer.append(Uint8Array.of(9));
    expect([...buffer.bytes]).toEqual([1, 2, 3, 0, 0, 0, 0, 9]);
    expect(buffer.holesIn(8)).toEqual([{ start: 3, end: 7 }]);
    buffer.skip(5);
    expect(buffer.holesIn(3)).toEqual([{ start: 0, end: 2 }]);
    buffer.skip(2);
    expect(buffer.holesIn(1)).toEqual([]);
  });
});
