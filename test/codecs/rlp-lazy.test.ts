import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodesClean, lazyWhenClean, rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../../decoders/codecs/rlp';
import { decodeAll } from '../../decoders/core/codec';
import { collectNotes, fieldJson, plainField } from '../../decoders/core/field';
import { ByteReader } from '../../decoders/core/reader';
import { annotated } from '../../decoders/ethereum/annotated-codec';

/** A shape with every kind of member a clean check looks at: sizes, integers, nested lists, an optional tail. */
const entry = rlpStruct('Entry', [
  { name: 'id', codec: rlpUint(16) },
  { name: 'hash', codec: rlpBytes(4) },
  { name: 'items', codec: rlpListOf(rlpStruct('Item', [{ name: 'n', codec: rlpUint(8) }])) },
  {
    name: 'flag',
    codec: annotated(rlpUint(8), (f) => {
      if (f.value === 7) f.notes = [{ severity: 'warning', kind: 'test.seven', text: 'seven', field: null }];
    }),
    optional: true,
  },
]);

/** Decodes completely, with no note and nothing left over: what a clean check promises. */
function decodesWithoutNotes(bytes: Uint8Array): boolean {
  const { field, complete } = decodeAll(entry, bytes, 'entry');
  return complete && collectNotes(field).length === 0;
}

const small = (max: number) =>
  fc.nat({ max }).map((n) => (n === 0 ? new Uint8Array(0) : RLP.encode(n).slice(n < 128 ? 0 : 1)));
const nearlyEntries = fc.tuple(
  fc.oneof(small(70000), fc.uint8Array({ maxLength: 3 })),
  fc.uint8Array({ minLength: 3, maxLength: 5 }),
  fc.array(fc.oneof(fc.tuple(small(300)), fc.tuple(small(3), small(3))), { maxLength: 3 }),
  fc.option(
    fc.nat({ max: 9 }).map((n) => (n === 0 ? new Uint8Array(0) : Uint8Array.of(n))),
    { nil: undefined },
  ),
);

describe('clean checks and lazy items', () => {
  it('a declared clean check accepts exactly what decodes completely with no note', () => {
    fc.assert(
      fc.property(nearlyEntries, ([id, hash, items, flag]) => {
        const bytes = RLP.encode(flag === undefined ? [id, hash, items] : [id, hash, items, flag]);
        if (decodesClean(entry, bytes, 0, bytes.length)) expect(decodesWithoutNotes(bytes)).toBe(true);
        else expect(decodesWithoutNotes(bytes)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('defers clean items, builds the tree the codec gives when read, and decodes noted items at once', () => {
    const lazyEntries = rlpListOf(lazyWhenClean(entry, 'struct'), 'Entries');
    const clean = [Uint8Array.of(1), new Uint8Array(4), [[Uint8Array.of(2)]]];
    const noted = [Uint8Array.of(1), new Uint8Array(4), [], Uint8Array.of(7)];
    const bytes = RLP.encode([clean, noted]);
    const { field } = decodeAll(lazyEntries, bytes, 'entries');
    const [, first, second] = field.children!;
    expect(first!.unbuilt).toBe(true);
    expect(second!.unbuilt).toBeFalsy();
    // Notes are found without building the clean item.
    expect(collectNotes(field).map((n) => [n.kind, n.field])).toEqual([['test.seven', '1.flag']]);
    expect(first!.unbuilt).toBe(true);
    const eager = entry.decode(new ByteReader(bytes, first!.start!, first!.end), '0');
    expect(plainField(first!)).toEqual(plainField(eager));
    expect(first!.unbuilt).toBe(false);
    expect(JSON.stringify(fieldJson(field))).toBe(
      JSON.stringify([
        { id: 1, hash: '0x00000000', items: [{ n: 2 }] },
        { id: 1, hash: '0x00000000', items: [], flag: 7 },
      ]),
    );
  });
});
