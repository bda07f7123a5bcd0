import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  readRlpHeader,
  rlpBytes,
  rlpHeaderField,
  rlpItem,
  rlpListHeader,
  rlpListOf,
  rlpStruct,
  rlpUint,
} from '../../decoders/codecs/rlp';
import { concatBytes, fromHex, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { coverageProblems } from '../support/field-coverage';

const vectors = (name: string) =>
  JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    { in: unknown; out: string }
  >;

/** The ethereum/tests input notation: strings are bytes, '#123' big integers, numbers integers. */
function expectedJson(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(expectedJson);
  if (typeof input === 'number') return toHex(input === 0 ? new Uint8Array(0) : bigBytes(BigInt(input)));
  if (typeof input === 'string' && input.startsWith('#')) return toHex(bigBytes(BigInt(input.slice(1))));
  return toHex(new TextEncoder().encode(input as string));
}

function bigBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return fromHex(hex);
}

describe('RLP walker on the ethereum/tests RLP suites', () => {
  const valid = { ...vectors('rlptest.json'), ...vectors('rlp-random-example.json') };
  it.each(Object.entries(valid))('%s decodes to the input, covers every byte and re-encodes', (name, v) => {
    const bytes = fromHex(v.out);
    const { field, complete } = decodeAll(rlpItem, bytes, 'item');
    expect(complete).toBe(true);
    expect(collectNotes(field)).toEqual([]);
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    if (v.in !== 'VALID') expect(fieldJson(field)).toEqual(expectedJson(v.in));
    expect(toHex(encodeValue(rlpItem, fieldJson(field)))).toBe(toHex(bytes));
    void name;
  });

  it.each(Object.entries(vectors('invalidRLPTest.json')))('%s is rejected with an error note', (_, v) => {
    const bytes = fromHex(v.out);
    const { field, complete } = decodeAll(rlpItem, bytes, 'item');
    const errors = collectNotes(field).filter((n) => n.severity === 'error' || n.severity === 'warning');
    expect(!complete || errors.length > 0).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('names the non-canonical single byte at its prefix', () => {
    const { field } = decodeAll(rlpItem, fromHex('8100'), 'item');
    expect(field.start).toBe(0);
    expect(collectNotes(field)[0]!.text).toMatch(/byte 0x00 must be encoded as itself/);
  });
});

describe('typed RLP codecs', () => {
  const Status = rlpStruct('Status', [
    { name: 'version', codec: rlpUint(8) },
    { name: 'head', codec: rlpBytes(32) },
    { name: 'numbers', codec: rlpListOf(rlpUint(64)) },
    { name: 'extra', codec: rlpBytes(), optional: true },
  ]);

  it('decodes a struct field by field with header ranges and re-encodes it', () => {
    const head = new Uint8Array(32).fill(7);
    const bytes = RLP.encode([1, head, [0, 255, 65536]]);
    const { field, complete } = decodeAll(Status, bytes, 'status');
    expect(complete).toBe(true);
    expect(fieldJson(field)).toEqual({ version: 1, head: toHex(head), numbers: [0, 255, 65536] });
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    expect(encodeValue(Status, fieldJson(field))).toEqual(bytes);
  });

  it('flags a missing member and an integer with a leading zero', () => {
    const missing = decodeAll(Status, RLP.encode([1]), 's');
    expect(missing.complete).toBe(false);
    expect(collectNotes(missing.field)[0]!.text).toMatch(/member head is missing/);
    const padded = decodeAll(Status, RLP.encode([Uint8Array.of(0, 1), new Uint8Array(32), []]), 's');
    expect(collectNotes(padded.field)[0]).toMatchObject({
      field: 'version',
      text: expect.stringMatching(/leading zero/),
    });
  });

  it('keeps items after the members under its tail when it has one, and flags them when not', () => {
    const Open = rlpStruct('Open', [{ name: 'version', codec: rlpUint(8) }], { name: 'rest', description: 'more' });
    const bytes = RLP.encode([5, Uint8Array.of(1, 2), [Uint8Array.of(3)]]);
    const open = decodeAll(Open, bytes, 'open');
    expect(open.complete).toBe(true);
    expect(fieldJson(open.field)).toEqual({ version: 5, rest: ['0x0102', ['0x03']] });
    expect(coverageProblems(open.field, bytes.length)).toEqual([]);
    expect(encodeValue(Open, fieldJson(open.field))).toEqual(bytes);
    const closed = decodeAll(rlpStruct('Closed', [{ name: 'version', codec: rlpUint(8) }]), bytes, 'closed');
    expect(closed.complete).toBe(false);
    expect(collectNotes(closed.field)[0]!.text).toMatch(/after the last member/);
  });

  it('agrees with @ethereumjs/rlp on random nested inputs', () => {
    type Nested = Uint8Array | Nested[];
    const { tree } = fc.letrec<{ tree: Nested }>((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, fc.uint8Array({ maxLength: 70 }), fc.array(tie('tree'), { maxLength: 5 })),
    }));
    fc.assert(
      fc.property(tree, (input) => {
        const bytes = RLP.encode(input);
        const { field, complete } = decodeAll(rlpItem, bytes, 'x');
        expect(complete).toBe(true);
        expect(coverageProblems(field, bytes.length)).toEqual([]);
        const toJson = (n: Nested): unknown => (n instanceof Uint8Array ? toHex(n) : n.map(toJson));
        expect(fieldJson(field)).toEqual(toJson(input));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (input) => {
        const { field, complete } = decodeAll(rlpItem, input, 'x');
        const ethereumjsAccepts = (() => {
          try {
            RLP.decode(input);
            return true;
          } catch {
            return false;
          }
        })();
        // Whatever @ethereumjs/rlp accepts we accept too; what it rejects we flag.
        if (ethereumjsAccepts) expect(complete).toBe(true);
        if (!complete) expect(collectNotes(field).length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('describes an item header as an encoding field, and heads a list of items encoded elsewhere', () => {
    const long = RLP.encode([new Uint8Array(60)]);
    expect(rlpHeaderField(long, 0, readRlpHeader(long, 0, long.length))).toMatchObject({
      name: 'rlp',
      value: '0xf83e',
      display: 'list, 62 bytes',
      start: 0,
      end: 2,
      encoding: true,
    });
    expect(rlpHeaderField(Uint8Array.of(5), 0, readRlpHeader(Uint8Array.of(5), 0, 1))).toBeNull();
    const parts = [RLP.encode(1), RLP.encode(new Uint8Array(60))];
    expect(concatBytes([rlpListHeader(parts), ...parts])).toEqual(RLP.encode([1, new Uint8Array(60)]));
    expect(rlpListHeader([])).toEqual(Uint8Array.of(0xc0));
  });

  it('describes any item without a reference to the root, so it can sit inside a protocol’s schema', () => {
    expect(JSON.stringify(rlpItem.schema())).not.toContain('$ref');
  });
});
