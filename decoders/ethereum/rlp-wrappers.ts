import { RLP } from '@ethereumjs/rlp';
import { readRlpHeader, rlpHeaderField, rlpListHeader } from '../codecs/rlp';
import { toHex } from '../core/bytes';
import { bytesFromJson, decodeChild, hexSchema, PartialDecodeError, brokenField, type Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { childPath, EncodeError, integerFromJson, isJsonObject, type JsonValue } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';

/**
 * RLP shapes the typed codecs of codecs/rlp.ts do not cover: an item wrapped in a one-item list, a byte string
 * that holds RLP, a raw byte outside RLP, and a message whose whole payload is one named field.
 */

/** Prepends the encoding children `headers` to a decoded field and widens its range to start at `at`. */
function wrapped(field: Field, headers: Field[], at: number, end: number): Field {
  field.children = [...headers, ...(field.children ?? [])];
  field.start = at;
  field.end = end;
  return field;
}

/**
 * `[item]`: one item inside a one-item list, as the ress README writes `[request-id, [blockhash]]`. The field is
 * the item's (same JSON); the list header becomes one more encoding child.
 */
export function inOneItemList(codec: Codec): Codec {
  return {
    typeName: `[${codec.typeName}]`,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (!h.isList) throw new DecodeError(at, `${name}: expected a one-item list, found a string`, 'rlp.type');
      const header = rlpHeaderField(r.bytes, at, h)!;
      const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
      let field: Field;
      try {
        field = codec.decode(inner, name);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        const partial = e instanceof PartialDecodeError ? e.partial : brokenField(name, e, h.payloadEnd);
        throw new PartialDecodeError(e, wrapped(partial, [header], at, h.payloadEnd));
      }
      r.pos = h.payloadEnd;
      if (inner.pos < h.payloadEnd) {
        const extra = new DecodeError(inner.pos, `${name}: the list holds more than one item`, 'rlp.shape');
        const parent = wrapped(field, [header], at, h.payloadEnd);
        parent.children!.push(brokenField('trailing', extra, h.payloadEnd));
        throw new PartialDecodeError(extra, parent);
      }
      return wrapped(field, [header], at, h.payloadEnd);
    },
    encode(value, w, path, options) {
      const sub = new ByteWriter();
      codec.encode(value, sub, path, options);
      const item = sub.finish();
      w.bytes(rlpListHeader([item])).bytes(item);
    },
    schema: () => codec.schema(),
  };
}

/**
 * A byte string whose content is itself an RLP item (a trie leaf's account, a CHT header in auxData, the `data`
 * of a TxStatus): the JSON stays the bytes, and when `inner` reads them completely its tree hangs below the leaf.
 */
export function rlpBytesHolding(inner: Codec, innerName: string, options: { explainFailure?: boolean } = {}): Codec {
  return {
    typeName: `bytes(${inner.typeName})`,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (h.isList)
        throw new DecodeError(at, `${name}: expected bytes holding ${inner.typeName}, found a list`, 'rlp.type');
      r.pos = h.payloadEnd;
      const header = rlpHeaderField(r.bytes, at, h);
      const field: Field = {
        name,
        shape: 'leaf',
        value: toHex(r.bytes, h.payloadStart, h.payloadEnd),
        start: at,
        end: h.payloadEnd,
        children: header ? [header] : [],
      };
      const reading = readHeld(inner, innerName, r.bytes, h.payloadStart, h.payloadEnd);
      if (reading.field) field.children!.push(reading.field);
      else if (options.explainFailure && reading.error) {
        addNote(field, 'info', 'ethereum.held.unreadable', `not ${inner.typeName}: ${reading.error}`);
      }
      return field;
    },
    encode(value, w, path) {
      w.bytes(RLP.encode(bytesFromJson(value, path)));
    },
    schema: () => ({ ...hexSchema('bytes'), description: `RLP of ${inner.typeName}` }),
  };
}

/** Reads `inner` over exactly [start, end): the field when it fits, else why not. */
export function readHeld(
  inner: Codec,
  name: string,
  bytes: Uint8Array,
  start: number,
  end: number,
): { field: Field | null; error: string | null } {
  if (start === end) return { field: null, error: 'empty' };
  const reader = new ByteReader(bytes, start, end);
  try {
    const field = inner.decode(reader, name);
    if (reader.pos !== end) return { field: null, error: `${end - reader.pos} bytes after the item` };
    return { field, error: null };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { field: null, error: e.message };
  }
}

/**
 * One raw byte outside RLP (reth's ress NodeType: `0x00`/`0x01`, not the canonical integer `0x80`). A byte of 0x80
 * or more would start an RLP item, so it is refused at its offset.
 */
export function rawByte(names: Readonly<Record<number, string>>): Codec {
  return {
    typeName: 'byte',
    decode(r, name) {
      const at = r.pos;
      const b = r.u8(name);
      if (b >= 0x80) {
        r.pos = at;
        throw new DecodeError(at, `${name}: expected one raw byte, found RLP prefix 0x${b.toString(16)}`, 'rlp.type');
      }
      const label = names[b];
      return { name, shape: 'leaf', value: b, start: at, end: r.pos, display: `${label ?? 'unknown'} (0x${hex2(b)})` };
    },
    encode(value, w, path) {
      const n = namedInteger(value, names, path);
      if (n < 0n || n > 0x7fn) throw new EncodeError(path, `${n} is not a raw byte below 0x80`);
      w.u8(Number(n));
    },
    schema: () => ({
      title: 'byte',
      anyOf: [{ enum: Object.values(names) }, { type: 'integer', minimum: 0, maximum: 127 }],
    }),
  };
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** An integer given as a number, decimal string or one of `names` (`"stateful"`). */
export function namedInteger(value: JsonValue, names: Readonly<Record<number, string>>, path: string): bigint {
  if (typeof value === 'string' && !/^(0x[0-9a-f]+|\d+)$/i.test(value)) {
    const code = Object.entries(names).find(([, label]) => label === value)?.[0];
    if (code === undefined) throw new EncodeError(path, `unknown name ${JSON.stringify(value)}`);
    return BigInt(code);
  }
  return integerFromJson(value, path);
}

/**
 * A message whose whole payload is one item (`[tx₁, tx₂, ...]`, a bare ResumeMsg BV): the message's fields are
 * `{ [fieldName]: item }`, so every message's `fields` is an object.
 */
export function payloadAsField(fieldName: string, codec: Codec): Codec {
  return {
    typeName: codec.typeName,
    decode(r, name) {
      const root: Field = { name, shape: 'struct', start: r.pos, end: r.pos, children: [] };
      decodeChild(r, codec, fieldName, root);
      root.end = r.pos;
      return root;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected an object with ${fieldName}`);
      if (!(fieldName in value)) throw new EncodeError(childPath(path, fieldName), 'missing');
      codec.encode(value[fieldName]!, w, childPath(path, fieldName), options);
    },
    schema: () => ({ type: 'object', properties: { [fieldName]: codec.schema() }, required: [fieldName] }),
  };
}

/** A member of a flattened struct: a named item, or an unnamed inner list whose members join the outer ones. */
export type FlatMember =
  { name: string; codec: Codec } | { inner: string; members: readonly { name: string; codec: Codec }[] };

/**
 * A list with an unnamed inner list, as `[reqID, [block, maxHeaders, skip, reverse]]`: the spec names no field for
 * the inner list, so its members sit beside the outer ones in the JSON (`les.getblockheaders.maxheaders`) and its
 * header is one more encoding child.
 */
export function flattenedStruct(typeName: string, members: readonly FlatMember[]): Codec {
  const flat = members.flatMap((m) => ('inner' in m ? m.members : [m]));
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (!h.isList) throw new DecodeError(at, `${name}: expected a list (${typeName}), found a string`, 'rlp.type');
      const field: Field = {
        name,
        shape: 'struct',
        start: at,
        end: h.payloadEnd,
        children: [rlpHeaderField(r.bytes, at, h)!],
      };
      const outer = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
      for (const m of members) {
        if (!('inner' in m)) {
          decodeChild(outer, m.codec, m.name, field);
          continue;
        }
        let inner: ByteReader;
        try {
          const ih = readRlpHeader(r.bytes, outer.pos, outer.end);
          if (!ih.isList)
            throw new DecodeError(outer.pos, `${name}: expected the ${m.inner} list, found a string`, 'rlp.type');
          field.children!.push(rlpHeaderField(r.bytes, outer.pos, ih)!);
          inner = new ByteReader(r.bytes, ih.payloadStart, ih.payloadEnd);
          outer.pos = ih.payloadEnd;
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
          field.children!.push(brokenField(m.inner, e, h.payloadEnd));
          throw new PartialDecodeError(e, field);
        }
        for (const sub of m.members) decodeChild(inner, sub.codec, sub.name, field);
        if (inner.pos < inner.end)
          throw extraBytes(field, inner, `${m.inner} has items after ${m.members.at(-1)!.name}`);
      }
      if (outer.pos < outer.end) throw extraBytes(field, outer, `${typeName} has items after its last member`);
      r.pos = h.payloadEnd;
      return field;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected an object for ${typeName}`);
      const encodeMember = (m: { name: string; codec: Codec }) => {
        if (!(m.name in value)) throw new EncodeError(childPath(path, m.name), 'missing');
        const sub = new ByteWriter();
        m.codec.encode(value[m.name]!, sub, childPath(path, m.name), options);
        return sub.finish();
      };
      const parts = members.map((m) => {
        if (!('inner' in m)) return encodeMember(m);
        const inner = m.members.map(encodeMember);
        return concatParts([rlpListHeader(inner), ...inner]);
      });
      w.bytes(rlpListHeader(parts));
      for (const p of parts) w.bytes(p);
    },
    schema() {
      const properties = Object.fromEntries(flat.map((m) => [m.name, m.codec.schema()]));
      return { title: typeName, type: 'object', properties, required: flat.map((m) => m.name) };
    },
  };
}

function extraBytes(field: Field, reader: ByteReader, reason: string): PartialDecodeError {
  const error = new DecodeError(reader.pos, reason, 'rlp.shape');
  field.children!.push(brokenField('trailing', error, reader.end));
  return new PartialDecodeError(error, field);
}

function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const p of parts) w.bytes(p);
  return w.finish();
}
