import { ContainerType, UintNumberType, ByteVectorType } from '@chainsafe/ssz';
import { Binary, BSON, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsonDocument } from '../../decoders/codecs/bson';
import { sszCodec } from '../../decoders/codecs/ssz';
import { toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldByPath, fieldJson } from '../../decoders/core/field';
import { coverageProblems } from '../support/field-coverage';

const doc = bsonDocument();

function decode(bytes: Uint8Array, codec = doc) {
  return decodeAll(codec, bytes, 'doc');
}

describe('BSON walker', () => {
  it('keeps each number in the form it was written: int32, int64 and double', () => {
    const bytes = BSON.serialize(
      new Map<string, unknown>([
        ['a', new Int32(5)],
        ['b', Long.fromNumber(5)],
        ['c', new Double(5)],
        ['d', Long.fromString('9007199254740993')],
        ['e', Long.fromNumber(2 ** 40)],
        ['f', 1.5],
      ]),
    );
    const { field, complete } = decode(bytes);
    expect(complete).toBe(true);
    expect(fieldJson(field)).toEqual({
      a: 5,
      b: { $numberLong: '5' },
      c: { $numberDouble: '5' },
      d: { $numberLong: '9007199254740993' },
      e: 2 ** 40,
      f: 1.5,
    });
    // length(4), then a: type(1) "a\0"(2) int32(4): b's type byte is at 11.
    expect(fieldByPath(field, 'b.type')).toMatchObject({ display: 'int64 (0x12)', start: 11, end: 12 });
    expect(toHex(encodeValue(doc, fieldJson(field)))).toBe(toHex(bytes));
  });

  it('decodes a binary holding SSZ through its content codec, with ranges in the outer bytes', () => {
    const Hello = new ContainerType({ network_id: new UintNumberType(1), root: new ByteVectorType(4) });
    const codec = bsonDocument('body', { body: { types: ['binary'], content: sszCodec(Hello) } });
    const ssz = Hello.serialize({ network_id: 7, root: new Uint8Array([1, 2, 3, 4]) });
    const bytes = BSON.serialize({ body: new Binary(ssz) });
    const { field } = decode(bytes, codec);
    expect(fieldJson(field)).toEqual({ body: { network_id: 7, root: '0x01020304' } });
    // length(4) type(1) "body\0"(5) binary length(4) subtype(1): SSZ starts at 15.
    expect(fieldByPath(field, 'body.network_id')).toMatchObject({ start: 15, end: 16 });
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    expect(toHex(encodeValue(codec, fieldJson(field)))).toBe(toHex(bytes));
  });

  it('keeps a binary that does not decode as its content as raw bytes, with a warning', () => {
    const Hello = new ContainerType({ network_id: new UintNumberType(1), root: new ByteVectorType(4) });
    const codec = bsonDocument('body', { body: { types: ['binary'], content: sszCodec(Hello) } });
    const bytes = BSON.serialize({ body: new Binary(new Uint8Array([1, 2])) });
    const { field } = decode(bytes, codec);
    expect(fieldJson(field)).toEqual({ body: '0x0102' });
    expect(collectNotes(field).map((n) => n.kind)).toContain('bson.content');
    expect(toHex(encodeValue(codec, fieldJson(field)))).toBe(toHex(bytes));
  });

  it('reports a document length beyond the input at the length bytes', () => {
    const bytes = BSON.serialize({ a: 1 }).slice(0, 8);
    const { field, complete } = decode(bytes);
    expect(complete).toBe(false);
    expect(collectNotes(field)[0]).toMatchObject({
      severity: 'error',
      text: expect.stringMatching(/length 12: only 8 bytes left/),
    });
  });

  it('keeps the elements before a broken one', () => {
    const bytes = BSON.serialize(
      new Map<string, unknown>([
        ['ok', 1],
        ['bad', 2],
      ]),
    );
    bytes[12] = 0x42; // length(4) + ok: type(1) "ok\0"(3) int32(4): the second type byte is at 12
    const { field } = decode(bytes);
    expect(fieldJson(field)).toMatchObject({ ok: 1 });
    expect(collectNotes(field).find((n) => n.severity === 'error')!.text).toMatch(/unknown BSON element type 0x42/);
  });

  it('flags a value of the wrong type and a missing key named by the spec', () => {
    const codec = bsonDocument('header', {
      method_id: { types: ['int32', 'int64', 'double'] },
      id: { types: ['int32', 'int64', 'double'] },
    });
    const { field } = decode(BSON.serialize({ method_id: 'HELLO' }), codec);
    const kinds = collectNotes(field).map((n) => n.kind);
    expect(kinds.sort()).toEqual(['bson.missing-key', 'bson.unexpected-type']);
  });

  it('re-encodes a hex-looking string as a string when the spec accepts a string or a binary', () => {
    // Hobbits GOSSIP hashes: binaries (Artemis) or hex strings (the spec's example).
    const codec = bsonDocument('header', { hash: { types: ['binary', 'string'] } });
    for (const value of ['0xabcd', new Binary(new Uint8Array([0xab, 0xcd]))]) {
      const bytes = BSON.serialize({ hash: value });
      const { field } = decode(bytes, codec);
      expect(toHex(encodeValue(codec, fieldJson(field)))).toBe(toHex(bytes));
    }
    expect(fieldJson(decode(BSON.serialize({ hash: '0xabcd' }), codec).field)).toEqual({ hash: { $string: '0xabcd' } });
  });

  it('applies a document spec to an embedded document only, never to an array in the same place', () => {
    // Hobbits RPC bodies: `body` is a document of named fields, or (Artemis) the bare array of a list-only body.
    const Root = new ContainerType({ n: new UintNumberType(1) });
    const spec = { body: { types: ['document', 'array'] as const, document: { bodies: { content: sszCodec(Root) } } } };
    const codec = bsonDocument('body', spec);
    const bytes = BSON.serialize({ body: [new Binary(Root.serialize({ n: 1 }))] });
    const { field } = decode(bytes, codec);
    expect(collectNotes(field)).toEqual([]);
    expect(fieldJson(field)).toEqual({ body: ['0x01'] });
    expect(toHex(encodeValue(codec, fieldJson(field)))).toBe(toHex(bytes));
  });

  it('warns when an element name is not valid UTF-8 instead of silently renaming it', () => {
    const bytes = BSON.serialize({ body: 1 });
    bytes[5] = 0x80; // length(4) type(1): the name starts at 5
    const { field, complete } = decode(bytes);
    expect(complete).toBe(true);
    expect(collectNotes(field)).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'bson.utf8', field: '0x806f6479.name' }),
    ]);
  });

  const scalar = fc.oneof(
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
    fc.double().map((n) => new Double(n)),
    fc.string(),
    fc.uint8Array({ maxLength: 8 }).map((b) => toHex(b)),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 40 }).map((b) => new Binary(b)),
    fc.uint8Array({ maxLength: 40 }).map((b) => new Binary(b, 4)),
    fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
    fc.record({ t: fc.nat(), i: fc.nat() }).map((t) => new Timestamp({ t: t.t >>> 0, i: t.i >>> 0 })),
    fc.integer({ min: -1e12, max: 1e12 }).map((ms) => new Date(ms)),
    fc.constantFrom('1.5', '-0', '123456789012345678901234567890', 'NaN').map((s) => Decimal128.fromString(s)),
  );
  const { document } = fc.letrec<{ document: Map<string, unknown>; value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar, tie('document'), fc.array(tie('value'), { maxLength: 4 })),
    document: fc
      .uniqueArray(
        fc.tuple(
          fc.string({ maxLength: 8 }).filter((k) => !k.includes('\u0000') && !/^\d+$/.test(k)),
          tie('value'),
        ),
        {
          maxLength: 5,
          selector: ([k]) => k,
        },
      )
      .map((entries) => new Map(entries)),
  }));

  it('re-encodes any document bson writes to the same bytes and explains every byte', () => {
    fc.assert(
      fc.property(document, (d) => {
        const bytes = BSON.serialize(d);
        const { field, complete } = decode(bytes);
        expect(complete).toBe(true);
        expect(coverageProblems(field, bytes.length)).toEqual([]);
        expect(toHex(encodeValue(doc, fieldJson(field)))).toBe(toHex(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random or mutated input', () => {
    fc.assert(
      fc.property(
        document,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat(),
        (d, flips, cut) => {
          const bytes = BSON.serialize(d).slice();
          for (const [at, v] of flips) bytes[at % bytes.length] = v;
          const input = bytes.subarray(0, Math.max(0, bytes.length - (cut % 4)));
          const { field, complete } = decode(input);
          if (!complete) expect(collectNotes(field).some((n) => n.severity === 'error')).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
