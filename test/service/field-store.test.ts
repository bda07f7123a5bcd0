/**
 * The field store keeps a message's fields compactly and hands a filter just the paths it names: whatever the
 * fields, a filter on the pruned fields decides as it does on the whole `fields` object, or says it cannot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../decoders/core/field';
import type { JsonObject, JsonValue } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import { compileFilter } from '../../src-main/analysis/filter';
import { FieldPaths, protocolFieldNames } from '../../src-main/service/field-paths';
import { FieldStore } from '../../src-main/service/field-store';
import { MESSAGE_LIMIT, TruncatedValue } from '../../src-main/service/field-store-format';
import { FieldStoreWriter, KeyInterner } from '../../src-main/service/field-store-writer';
import { GrowableBytes } from '../../src-main/service/growable-bytes';
import { infoText } from '../../src-main/service/info-text';

/** The Field tree whose `fieldsJson` is `fields`. */
function treeOf(value: JsonValue, name = ''): Field {
  if (Array.isArray(value)) return { name, shape: 'list', children: value.map((v, i) => treeOf(v, String(i))) };
  if (value !== null && typeof value === 'object') {
    return { name, shape: 'struct', children: Object.entries(value).map(([k, v]) => treeOf(v, k)) };
  }
  return { name, shape: 'leaf', value };
}

function stored(messages: JsonObject[]): FieldStore {
  const out = new GrowableBytes();
  const keys = new KeyInterner();
  const values = new KeyInterner(0, 4);
  const writer = new FieldStoreWriter(out, keys, values);
  const lengths = Uint32Array.from(messages.map((m) => writer.writeMessage(treeOf(m))));
  const store = new FieldStore();
  store.addKeys(keys.takeNew(), values.takeNew());
  store.append(0, out.written().slice(), lengths);
  return store;
}

function record(fields: JsonObject): MessageRecord {
  return {
    index: 0,
    frame: 1,
    time: 0,
    stream: 'tcp:0',
    src: '10.0.0.1:1',
    dst: '10.0.0.2:2',
    protocol: 'p',
    message: 'M',
    code: null,
    requestId: null,
    pair: null,
    fields,
    notes: [],
  };
}

const KEY = fc.constantFrom('a', 'b', 'C', 'id-x', '0', 'M');
const SCALAR = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, 2 ** 60, null, true, false),
  fc.constantFrom('x', 'ab', '0x00', '0x0102', '0xABCD', `0x${'11'.repeat(40)}`, 'y'.repeat(80)),
);
const JSON_VALUE: fc.Arbitrary<JsonValue> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, SCALAR, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(KEY, tie('value'), { maxKeys: 4 }),
})).value as fc.Arbitrary<JsonValue>;
const FIELDS = fc.dictionary(KEY, JSON_VALUE, { maxKeys: 5 }) as fc.Arbitrary<JsonObject>;
const PATH = fc
  .array(fc.constantFrom('a', 'b', 'c', 'id-x', '0', '1', 'm'), { minLength: 1, maxLength: 4 })
  .map((s) => `p.${s.join('.')}`);
const TEST = fc.oneof(
  PATH,
  PATH.map((p) => `${p} == 1`),
  PATH.map((p) => `${p} != 2`),
  PATH.map((p) => `${p} > 0`),
  PATH.map((p) => `${p} === -1`),
  PATH.map((p) => `${p} contains 0x01`),
  PATH.map((p) => `${p} == "x"`),
  PATH.map((p) => `${p} matches "^0x"`),
  PATH.map((p) => `${p} in {1 2 3}`),
);
const FILTER = fc.array(TEST, { minLength: 1, maxLength: 3 }).map((tests) => tests.join(' || '));

describe('the field store', () => {
  it('gives a filter the same answer as the whole fields, or reports that it cannot', () => {
    fc.assert(
      fc.property(FIELDS, FILTER, (fields, filter) => {
        const compiled = compileFilter(filter);
        const paths = new FieldPaths(protocolFieldNames(filter));
        const outcome = { inexact: false };
        const pruned = stored([fields]).readPruned(0, paths.rootFor('p')!, outcome) as JsonObject;
        if (!outcome.inexact) expect(compiled.test(record(pruned))).toBe(compiled.test(record(fields)));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads back every value it keeps whole, and marks the others', () => {
    const fields: JsonObject = {
      n: -7,
      big: 2 ** 53 - 1,
      f: 0.25,
      t: 'text',
      h: '0xdeadbeef',
      upper: '0xABCD',
      root: `0x${'ab'.repeat(32)}`,
      signature: `0x${'cd'.repeat(96)}`,
      long: 'z'.repeat(100),
      ejson: { $numberLong: '5' },
      list: [1, [2, null], { x: false }],
    };
    const back = stored([fields]).read(0) as Record<string, unknown>;
    const { signature, long, ...kept } = fields;
    expect(back).toMatchObject(kept);
    expect(back.signature).toEqual(new TruncatedValue('bytes', 96));
    expect(back.long).toEqual(new TruncatedValue('text', 100, 'z'.repeat(64)));
    expect([signature, long].length).toBe(2);
  });

  it('keeps the numbers of every element of a long list past the budget, and stops at the limit', () => {
    const headers = Array.from({ length: 40 }, (_, i) => ({ slot: i, root: `0x${'12'.repeat(32)}` }));
    const store = stored([{ headers }]);
    const back = store.read(0) as { headers: { slot: number; root: unknown }[] };
    expect(back.headers.map((h) => h.slot)).toEqual(headers.map((h) => h.slot));
    expect(back.headers[0]!.root).toBe(headers[0]!.root);
    expect(back.headers[39]!.root).toEqual(new TruncatedValue('bytes', 32));
    const many = stored([{ list: Array.from({ length: 5000 }, (_, i) => i) }]);
    const list = (many.read(0) as { list: unknown[] }).list;
    expect(list.at(-1)).toEqual(new TruncatedValue('omitted', 0));
    expect(many.bytesUsed).toBeLessThan(MESSAGE_LIMIT + 64);
  });

  it('renders the Info column from the stored fields', () => {
    const store = stored([
      {
        framing: 'binary',
        header: { id: { $numberLong: '7' }, method_id: 2 },
        body: { roots: [1, 2, 3], signature: `0x${'00'.repeat(96)}`, name: 'lodestar' },
      },
    ]);
    expect(infoText(store.read(0))).toBe('id=7 method_id=2 roots=[3] signature=(96 bytes) name=lodestar');
  });
});
