import {
  BitListType,
  BitVectorType,
  BooleanType,
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  UnionType,
  VectorBasicType,
  VectorCompositeType,
} from '@chainsafe/ssz';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lazyMemberBytes, sszCodec, sszFits, walk } from '../../decoders/codecs/ssz';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson, type Field } from '../../decoders/core/field';
import { coverageProblems } from '../support/field-coverage';

const uint8 = new UintNumberType(1);
const uint16 = new UintNumberType(2);
const uint64 = new UintBigintType(8);
const bytes32 = new ByteVectorType(32);
const byteList = (n: number) => new ByteListType(n);

// Portal wire protocol messages (current era): an SSZ union with one selector byte.
const Ping = new ContainerType(
  { enr_seq: uint64, payload_type: uint16, payload: byteList(1100) },
  { typeName: 'Ping' },
);
const FindNodes = new ContainerType({ distances: new ListBasicType(uint16, 256) }, { typeName: 'FindNodes' });
const Nodes = new ContainerType(
  { total: uint8, enrs: new ListCompositeType(byteList(2048), 32) },
  { typeName: 'Nodes' },
);
const FindContent = new ContainerType({ content_key: byteList(2048) }, { typeName: 'FindContent' });
const Content = new UnionType([new ByteVectorType(2), byteList(1 << 20), new ListCompositeType(byteList(2048), 32)]);
const Offer = new ContainerType({ content_keys: new ListCompositeType(byteList(2048), 64) }, { typeName: 'Offer' });
const Accept = new ContainerType(
  { connection_id: new ByteVectorType(2), content_keys: byteList(64) },
  { typeName: 'Accept' },
);
const PortalMessage = new UnionType([Ping, Ping, FindNodes, Nodes, FindContent, Content, Offer, Accept]);

interface PortalVector {
  name: string;
  message_type: string;
  expected: string;
}
const portal = JSON.parse(readFileSync(new URL('../vectors/portal-wire.json', import.meta.url), 'utf8'));
const currentEra: PortalVector[] = portal.sets[0].vectors;

function decodeHex(codec: ReturnType<typeof sszCodec>, hex: string) {
  const bytes = fromHex(hex);
  return { bytes, ...decodeAll(codec, bytes, 'message') };
}

describe('SSZ walker on the Portal wire test vectors', () => {
  const codec = sszCodec(PortalMessage);
  it.each(currentEra.map((v) => [v.name, v] as const))('%s: decodes, covers every byte and re-encodes', (_, v) => {
    const { bytes, field, complete } = decodeHex(codec, v.expected);
    expect(complete).toBe(true);
    expect(collectNotes(field)).toEqual([]);
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    expect(toHex(encodeValue(codec, fieldJson(field)))).toBe(v.expected);
  });

  it('reads the find_nodes distances as numbers', () => {
    const v = currentEra.find((x) => x.message_type === 'find_nodes')!;
    const { field } = decodeHex(codec, v.expected);
    expect(fieldJson(field)).toEqual({ selector: 2, value: { distances: [256, 255] } });
  });

  it('gives the byte range of the ping payload offset and of the payload itself', () => {
    const v = currentEra.find((x) => x.name.includes('type 1: Protocol Message to ssz encoded ping'))!;
    const { field } = decodeHex(codec, v.expected);
    const ping = field.children![1]!;
    const payload = ping.children!.find((c) => c.name === 'payload')!;
    // selector(1) + enr_seq(8) + payload_type(2): the offset sits at 11..15 and points after the fixed part (14).
    expect(payload.children![0]).toMatchObject({ name: 'offset', value: 14, start: 11, end: 15, encoding: true });
    expect([payload.start, payload.end]).toEqual([15, 15 + 32]);
  });
});

describe('SSZ walker on malformed input', () => {
  const codec = sszCodec(Nodes);
  const valid = Nodes.serialize({ total: 1, enrs: [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])] });

  it('reports a truncated value at the byte where it ends, keeping the fields before it', () => {
    const { field, complete } = decodeAll(codec, valid.subarray(0, 3), 'nodes');
    expect(complete).toBe(false);
    expect(field.children![0]).toMatchObject({ name: 'total', value: 1 });
    const notes = collectNotes(field);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ severity: 'error', field: 'enrs' });
  });

  it('rejects a first offset that does not point past the fixed part, at the offset bytes', () => {
    const broken = valid.slice();
    broken[1] = 9; // offset of `enrs` should be 5
    const { field } = decodeAll(codec, broken, 'nodes');
    const enrs = field.children!.find((c) => c.name === 'enrs')!;
    expect(enrs.start).toBe(1);
    expect(collectNotes(field)[0]!.text).toMatch(/first offset is 9, the fixed part ends at 5/);
  });

  it('rejects decreasing element offsets inside a list of variable-size elements', () => {
    const broken = valid.slice();
    // enrs starts at 5: offsets [8, 11]; make the second one 7 (< 8).
    broken[9] = 7;
    const { field, complete } = decodeAll(codec, broken, 'nodes');
    expect(complete).toBe(false);
    expect(collectNotes(field)[0]!.text).toMatch(/offset 7 is before the previous offset 8/);
  });

  it('flags a bitlist without its length bit and a boolean that is neither 0 nor 1', () => {
    const T = new ContainerType({ ok: new BooleanType(), bits: new BitListType(16) });
    const { field } = decodeAll(sszCodec(T), new Uint8Array([2, 5, 0, 0, 0, 0]), 't');
    expect(collectNotes(field)[0]!.text).toMatch(/boolean must be 0x00 or 0x01/);
    const second = decodeAll(sszCodec(T), new Uint8Array([1, 5, 0, 0, 0, 0xff, 0]), 't');
    expect(collectNotes(second.field)[0]!.text).toMatch(/last byte is zero/);
  });

  it('never throws and never leaves bytes unexplained on random input', () => {
    const types = [Nodes, Ping, PortalMessage, Accept, new VectorCompositeType(Offer, 2)];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: types.length - 1 }), (input, t) => {
        const { field, complete } = decodeAll(sszCodec(types[t]!), input, 'x');
        if (complete) expect(coverageProblems(field, input.length)).toEqual([]);
        else expect(collectNotes(field).some((n) => n.severity === 'error')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('SSZ walker against the library serializer', () => {
  const Checkpoint = new ContainerType({ epoch: uint64, root: bytes32 }, { typeName: 'Checkpoint' });
  const Big = new ContainerType(
    {
      slot: uint64,
      flag: new BooleanType(),
      bits: new BitVectorType(12),
      votes: new BitListType(100),
      checkpoints: new ListCompositeType(Checkpoint, 8),
      names: new ListCompositeType(byteList(20), 8),
      small: new ListBasicType(uint16, 10),
      extra: byteList(50),
    },
    { typeName: 'Big' },
  );

  it('decodes what @chainsafe/ssz serialises to the same JSON and back to the same bytes', () => {
    fc.assert(
      fc.property(
        fc.record({
          slot: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          flag: fc.boolean(),
          bits: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
          votes: fc.array(fc.boolean(), { maxLength: 100 }),
          checkpoints: fc.array(
            fc.record({
              epoch: fc.bigInt({ min: 0n, max: 1n << 40n }),
              root: fc.uint8Array({ minLength: 32, maxLength: 32 }),
            }),
            { maxLength: 8 },
          ),
          names: fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 8 }),
          small: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 10 }),
          extra: fc.uint8Array({ maxLength: 50 }),
        }),
        (v) => {
          const value = {
            ...v,
            bits: Big.fields.bits.fromJson(toHex(packBits(v.bits, false))),
            votes: Big.fields.votes.fromJson(toHex(packBits(v.votes, true))),
          };
          const bytes = Big.serialize(value);
          const { field, complete } = decodeAll(sszCodec(Big), bytes, 'big');
          expect(complete).toBe(true);
          expect(coverageProblems(field, bytes.length)).toEqual([]);
          const json = fieldJson(field) as Record<string, unknown>;
          expect(normalise(json)).toEqual(normalise(Big.toJson(value) as Record<string, unknown>));
          expect(encodeValue(sszCodec(Big), fieldJson(field))).toEqual(bytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('SSZ walker integers', () => {
  it('reads a uint64 as a number up to 2^53-1 and as a decimal string from 2^53 on', () => {
    const values = [0n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n];
    const json = values.map((v) => decodeAll(sszCodec(uint64), uint64.serialize(v), 'n').field.value);
    expect(json).toEqual([0, 4294967295, 4294967296, 9007199254740991, '9007199254740992', '18446744073709551615']);
  });
});

describe('SSZ structural check (sszFits)', () => {
  const Flags = new ContainerType({ on: new BooleanType(), id: uint16 }, { typeName: 'Flags' });
  const types = [
    Nodes,
    Ping,
    PortalMessage,
    Accept,
    Offer,
    Flags,
    new VectorCompositeType(Offer, 2),
    new ListCompositeType(Flags, 4),
    new VectorBasicType(new BooleanType(), 3),
    new ListBasicType(new BooleanType(), 9),
    new ContainerType({ bits: new BitListType(16), fixed: new BitVectorType(4), tail: byteList(8) }),
  ];

  it('agrees with the walker on every input: true exactly when walking the whole range raises no error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: types.length - 1 }), (input, t) => {
        const type = types[t]!;
        let walked = true;
        try {
          walk(type, input, 0, input.length, 'x');
        } catch {
          walked = false;
        }
        expect(sszFits(type, input, 0, input.length)).toBe(walked);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts what the library serialises, also inside a larger buffer', () => {
    const value = { total: 2, enrs: [new Uint8Array([1, 2]), new Uint8Array()] };
    const bytes = Nodes.serialize(value);
    const padded = new Uint8Array([9, 9, ...bytes, 9]);
    expect(sszFits(Nodes, padded, 2, 2 + bytes.length)).toBe(true);
    const flags = new Uint8Array([7, ...Flags.serialize({ on: true, id: 5 }), 7]);
    expect(sszFits(Flags, flags, 1, 4)).toBe(true);
    expect(sszFits(Flags, flags, 1, 5)).toBe(false);
  });

  it('rejects a range outside the buffer instead of reading past it', () => {
    expect(sszFits(Nodes, new Uint8Array(5), 0, 9)).toBe(false);
    expect(sszFits(Nodes, new Uint8Array(5), 4, 2)).toBe(false);
  });
});

function packBits(bits: boolean[], withLengthBit: boolean): Uint8Array {
  const total = bits.length + (withLengthBit ? 1 : 0);
  const out = new Uint8Array(Math.max(1, Math.ceil(total / 8)));
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 1 << (i & 7);
  });
  if (withLengthBit) out[bits.length >> 3]! |= 1 << (bits.length & 7);
  return out;
}

/** The library prints every uint as a decimal string; ours prints numbers up to 2^53-1. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return typeof value === 'number' ? String(value) : value;
}

export type { Field };

describe('lazy list elements', () => {
  const Item = new ContainerType({
    id: new UintBigintType(8),
    name: new ByteListType(16),
    tags: new ListBasicType(new UintNumberType(2), 4),
  });
  const Items = new ContainerType({ items: new ListCompositeType(Item, 8) });
  const value = {
    items: [
      { id: 7n, name: new Uint8Array([1, 2]), tags: [3] },
      { id: 9n, name: new Uint8Array([4]), tags: [] },
    ],
  };
  const bytes = Items.serialize(value);

  it('reads one member of an unbuilt element from its bytes, and builds the element only when its fields are read', () => {
    const { field } = decodeAll(sszCodec(Items), bytes, 'items');
    const [first] = field.children![0]!.children!.filter((c) => !c.encoding);
    expect(first!.unbuilt).toBe(true);
    expect([...lazyMemberBytes(first!, 'name')!]).toEqual([1, 2]);
    expect([...lazyMemberBytes(first!, 'tags')!]).toEqual([3, 0]);
    expect(
      new DataView(lazyMemberBytes(first!, 'id')!.buffer, lazyMemberBytes(first!, 'id')!.byteOffset).getBigUint64(
        0,
        true,
      ),
    ).toBe(7n);
    expect(first!.unbuilt).toBe(true);
    expect(fieldJson(first!)).toEqual({ id: 7, name: '0x0102', tags: [3] });
    expect(first!.unbuilt).toBe(false);
    expect(lazyMemberBytes(first!, 'name')).toBeNull();
  });

  it('keeps an element with a note eager, so the note is found without building anything', () => {
    const Small = new ContainerType({
      items: new ListCompositeType(new ContainerType({ name: new ByteListType(1) }), 4),
    });
    const { field } = decodeAll(sszCodec(Small), Small.serialize({ items: [{ name: new Uint8Array([1, 2]) }] }), 's');
    expect(collectNotes(field).map((n) => n.kind)).toEqual(['ssz.limit']);
    expect(JSON.parse(JSON.stringify(field))).toMatchObject({ children: [{ name: 'items' }] });
  });
});
