import { RLP } from '@ethereumjs/rlp';
import { readRlpHeader, rlpBytes, rlpItem, rlpListHeader, rlpUint } from '../codecs/rlp';
import { toHex } from '../core/bytes';
import {
  brokenField,
  decodeChild,
  hexSchema,
  PartialDecodeError,
  type Codec,
  type EncodeOptions,
  type JsonSchema,
} from '../core/codec';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { childPath, EncodeError, isJsonObject, type JsonValue } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';
import { ENR_KEYS, enrValueCodec } from './enr-keys';
import {
  enrKeyName,
  enrIdentity,
  firstUnsortedKey,
  MAX_ENR_SIZE,
  readEnrRecord,
  verifyEnrSignature,
} from './enr-record';
import { enrToText } from './enr-text';
import { ENR_NOTES } from './note-kinds';
import { textOrHexFromJson } from './rlp-value-codecs';

/**
 * An ENR as a field tree: `signature`, `seq`, `pairs` (each value decoded by its key's codec; the key's bytes are
 * an encoding child of its value) and the generated `node-id`, `signature-valid` and `text`. Encoding writes the
 * record back from `signature`, `seq` and `pairs` as given (no re-signing, so a composer can build bad records).
 */

const signatureCodec = rlpBytes();
const seqCodec = rlpUint(64);

export const enrCodec: Codec = {
  typeName: 'ENR',
  decode(r, name) {
    const at = r.pos;
    const h = readRlpHeader(r.bytes, at, r.end);
    if (!h.isList) throw new DecodeError(at, `${name}: an ENR is an RLP list, found a string`, 'rlp.type');
    const field: Field = {
      name,
      shape: 'struct',
      start: at,
      end: h.payloadEnd,
      children: [
        {
          name: 'rlp',
          shape: 'leaf',
          value: toHex(r.bytes, at, h.payloadStart),
          display: `list, ${h.payloadEnd - h.payloadStart} bytes`,
          start: at,
          end: h.payloadStart,
          encoding: true,
        },
      ],
    };
    const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
    decodeChild(inner, signatureCodec, 'signature', field);
    decodeChild(inner, seqCodec, 'seq', field);
    const pairs: Field = { name: 'pairs', shape: 'struct', start: inner.pos, end: h.payloadEnd, children: [] };
    field.children!.push(pairs);
    try {
      while (inner.pos < h.payloadEnd) pairs.children!.push(decodePair(inner));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      pairs.children!.push(e instanceof PartialDecodeError ? e.partial : brokenField('pair', e, h.payloadEnd));
      throw new PartialDecodeError(e, field);
    }
    r.pos = h.payloadEnd;
    addRecordFacts(field, r.bytes, at);
    return field;
  },
  encode(value, w, path, options) {
    if (!isJsonObject(value)) throw new EncodeError(path, 'expected an object {signature, seq, pairs}');
    const parts: Uint8Array[] = [];
    for (const [key, codec] of [
      ['signature', signatureCodec],
      ['seq', seqCodec],
    ] as const) {
      const sub = new ByteWriter();
      codec.encode(value[key] ?? null, sub, childPath(path, key), options);
      parts.push(sub.finish());
    }
    const pairs = value.pairs ?? {};
    if (!isJsonObject(pairs)) throw new EncodeError(childPath(path, 'pairs'), 'expected an object of key: value');
    // EIP-778 keeps keys sorted by their bytes; a JSON object cannot be trusted with the order (it lists
    // integer-like keys first), so the pairs are written sorted.
    const sorted = Object.entries(pairs)
      .map(([key, pairValue]) => ({ key, pairValue, bytes: textOrHexFromJson(key, childPath(path, 'pairs')) }))
      .sort((a, b) => compareBytes(a.bytes, b.bytes));
    for (const { key, pairValue } of sorted) {
      const where = childPath(childPath(path, 'pairs'), key);
      parts.push(RLP.encode(textOrHexFromJson(key, where)));
      parts.push(encodePairValue(key, pairValue, where, options));
    }
    w.bytes(rlpListHeader(parts));
    for (const part of parts) w.bytes(part);
  },
  schema() {
    const known: Record<string, JsonSchema> = {};
    // A known key's value may also come in the generic form (see encodePairValue).
    for (const [key, info] of ENR_KEYS)
      known[key] = { anyOf: [info.codec.schema(), rlpItem.schema()], description: info.summary };
    return {
      title: 'ENR',
      type: 'object',
      properties: {
        signature: hexSchema('bytes'),
        seq: seqCodec.schema(),
        pairs: { type: 'object', properties: known, additionalProperties: rlpItem.schema() },
        'node-id': { ...hexSchema('bytes32', 32), readOnly: true },
        'signature-valid': { type: 'boolean', readOnly: true },
        text: { type: 'string', readOnly: true },
      },
      required: ['signature', 'seq', 'pairs'],
    };
  },
};

/**
 * A pair's value by its key's codec. A known key whose value the decoder kept as generic RLP (another type, a list
 * inside a byte string) has that generic form in its JSON: it is written back as such, so the record stays the one
 * that was signed.
 */
function encodePairValue(key: string, value: JsonValue, path: string, options: EncodeOptions): Uint8Array {
  const sub = new ByteWriter();
  try {
    enrValueCodec(key).encode(value, sub, path, options);
    return sub.finish();
  } catch (e) {
    if (!(e instanceof EncodeError) || !(typeof value === 'string' || Array.isArray(value))) throw e;
    const generic = new ByteWriter();
    try {
      rlpItem.encode(value, generic, path, options);
    } catch {
      throw e;
    }
    return generic.finish();
  }
}

/** One key/value pair: the value's field, named by the key, with the key's bytes as its first encoding child. */
function decodePair(r: ByteReader): Field {
  const keyStart = r.pos;
  const h = readRlpHeader(r.bytes, keyStart, r.end);
  if (h.isList) throw new DecodeError(keyStart, 'an ENR key must be a string, found a list', 'rlp.type');
  const key = enrKeyName(r.bytes.subarray(h.payloadStart, h.payloadEnd));
  r.pos = h.payloadEnd;
  const keyLeaf: Field = {
    name: 'key',
    shape: 'leaf',
    value: key,
    start: keyStart,
    end: h.payloadEnd,
    encoding: true,
  };
  if (r.pos >= r.end) {
    const missing = new DecodeError(r.pos, `ENR key ${key} has no value`, 'rlp.shape');
    const partial: Field = { name: key, shape: 'struct', start: keyStart, end: r.end, children: [keyLeaf] };
    partial.children!.push(brokenField('value', missing, r.end));
    throw new PartialDecodeError(missing, partial);
  }
  const valueStart = r.pos;
  let value: Field;
  try {
    value = enrValueCodec(key).decode(r, key);
  } catch (e) {
    if (!(e instanceof DecodeError) || !ENR_KEYS.has(key)) throw e;
    // A known key whose value has another type: keep it readable as generic RLP.
    r.pos = valueStart;
    value = rlpItem.decode(r, key);
    if (!readWrappedValue(value, r.bytes, valueStart, key)) {
      addNote(value, 'error', ENR_NOTES.value, `${key}: ${e.message}; shown as generic RLP`);
    }
  }
  value.start = keyStart;
  value.children = [keyLeaf, ...(value.children ?? [])];
  return value;
}

/**
 * A value the spec makes an RLP list (Portal's `p`) written as a byte string that holds the list: ENR libraries
 * that store values as bytes only (@chainsafe/enr) write it so. Its JSON stays those bytes (so the record
 * re-encodes exactly); the list they hold is read beneath it, with a warning, since readers that decode the value
 * as the list itself (geth's `rlp:"tail"` structs, the Rust `enr` crate) reject it. False when it holds no such list.
 */
function readWrappedValue(value: Field, bytes: Uint8Array, valueStart: number, key: string): boolean {
  const codec = enrValueCodec(key);
  const string = readRlpHeader(bytes, valueStart, bytes.length);
  if (string.isList || string.payloadStart >= string.payloadEnd || bytes[string.payloadStart]! < 0xc0) return false;
  const inner = new ByteReader(bytes, string.payloadStart, string.payloadEnd);
  try {
    const list = codec.decode(inner, codec.typeName);
    if (inner.pos !== string.payloadEnd) return false;
    (value.children ??= []).push(list);
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
  const text = `${key}: the ${codec.typeName} list is written inside a byte string, not as the list itself; readers that decode it as the list reject it`;
  addNote(value, 'warning', ENR_NOTES.wrappedValue, text);
  return true;
}

/** Generated facts and the record-level notes: node id, signature check, text form, size and key order. */
function addRecordFacts(field: Field, bytes: Uint8Array, start: number): void {
  const record = readEnrRecord(bytes, start, field.end);
  const size = record.span.end - record.span.start;
  if (size > MAX_ENR_SIZE) {
    addNote(field, 'warning', ENR_NOTES.size, `the record has ${size} bytes, more than the ${MAX_ENR_SIZE} allowed`);
  }
  const unsorted = firstUnsortedKey(record);
  if (unsorted) {
    // EIP-778 requires it and geth rejects such a record; `pairs` (one value per key) cannot give its bytes back.
    const text = `key ${unsorted.key} breaks the sorted, unique order of keys: readers such as geth reject the record`;
    addNote(field, 'error', ENR_NOTES.keyOrder, text);
  }
  const identity = enrIdentity(record);
  if (identity) field.children!.push(generatedLeaf('node-id', toHex(identity.nodeId)));
  const check = verifyEnrSignature(record);
  if (check === 'unverifiable') {
    addNote(
      field,
      'warning',
      ENR_NOTES.unverifiable,
      'not identity scheme v4 with a valid secp256k1 key: signature not checked',
    );
  } else {
    field.children!.push(generatedLeaf('signature-valid', check === 'valid'));
    if (check === 'invalid') {
      addNote(
        field,
        'error',
        ENR_NOTES.signatureInvalid,
        'the signature does not verify against the record’s secp256k1 key',
      );
    } else if (check === 'high-s') {
      addNote(
        field,
        'warning',
        ENR_NOTES.signatureHighS,
        'the signature verifies only with a high S value, which geth rejects',
      );
    }
  }
  field.children!.push(generatedLeaf('text', enrToText(bytes.subarray(record.span.start, record.span.end))));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
