import { RLP } from '@ethereumjs/rlp';
import { readRlpHeader, rlpHeaderField, rlpItem, rlpListHeader } from '../codecs/rlp';
import { decodeUtf8Strict, fromHex, textEncoder, toHex } from '../core/bytes';
import { brokenField, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { addNote, encodingLeaf, type Field } from '../core/field';
import { childPath, EncodeError, isJsonObject } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';
import { LES_NOTES } from './note-kinds';

const HEX_KEY = /^0x([0-9a-f]{2})*$/;

/**
 * LES's key/value list `[[key₀, value₀], [key₁, value₁], ...]` (Status, Announce updates) as one JSON object keyed
 * by the key names in wire order, each value decoded by its key's type. Each pair's list header and key are
 * encoding children of its value's field, so every byte stays highlighted and the JSON reads `{"networkId": 1}`.
 */
export function keyValueList(typeName: string, keys: Readonly<Record<string, Codec>>): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (!h.isList) throw new DecodeError(at, `${name}: expected a list of [key, value] pairs`, 'rlp.type');
      const field: Field = {
        name,
        shape: 'struct',
        start: at,
        end: h.payloadEnd,
        children: [rlpHeaderField(r.bytes, at, h)!],
      };
      const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
      const seen = new Set<string>();
      try {
        while (inner.pos < h.payloadEnd) {
          const pair = decodePair(inner, keys);
          if (seen.has(pair.name)) {
            addNote(pair, 'warning', LES_NOTES.keyDuplicate, `key ${pair.name} appears twice: the last value counts`);
          }
          seen.add(pair.name);
          field.children!.push(pair);
        }
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        field.children!.push(e instanceof PartialDecodeError ? e.partial : brokenField('pair', e, h.payloadEnd));
        throw new PartialDecodeError(e, field);
      }
      r.pos = h.payloadEnd;
      return field;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected an object of keys for ${typeName}`);
      const pairs = Object.entries(value).map(([key, v]) => {
        const sub = new ByteWriter();
        (keys[key] ?? rlpItem).encode(v, sub, childPath(path, key), options);
        const keyBytes = RLP.encode(HEX_KEY.test(key) ? fromHex(key) : textEncoder.encode(key));
        const valueBytes = sub.finish();
        return concat([rlpListHeader([keyBytes, valueBytes]), keyBytes, valueBytes]);
      });
      w.bytes(rlpListHeader(pairs));
      for (const p of pairs) w.bytes(p);
    },
    schema(): JsonSchema {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, codec] of Object.entries(keys)) properties[key] = codec.schema();
      return { title: typeName, type: 'object', properties, additionalProperties: rlpItem.schema() };
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const p of parts) w.bytes(p);
  return w.finish();
}

/** One `[key, value]`: the value's field, named by the key, with the pair header and key as encoding children. */
function decodePair(r: ByteReader, keys: Readonly<Record<string, Codec>>): Field {
  const at = r.pos;
  const h = readRlpHeader(r.bytes, at, r.end);
  if (!h.isList) throw new DecodeError(at, 'expected a [key, value] pair, found a string', LES_NOTES.keyPair);
  r.pos = h.payloadEnd;
  const pairHeader = rlpHeaderField(r.bytes, at, h)!;
  const keyHeader = readRlpHeader(r.bytes, h.payloadStart, h.payloadEnd);
  if (keyHeader.isList) throw new DecodeError(h.payloadStart, 'the key of a pair must be a string', LES_NOTES.keyPair);
  const keyBytes = r.bytes.subarray(keyHeader.payloadStart, keyHeader.payloadEnd);
  const text = decodeUtf8Strict(keyBytes);
  // A key that is no text, or text that reads as hex, is named by its bytes in hex (so it encodes back as bytes).
  const name = text === null || HEX_KEY.test(text) ? toHex(keyBytes) : text;
  const key = encodingLeaf('key', name, h.payloadStart, keyHeader.payloadEnd, JSON.stringify(name));
  const valueReader = new ByteReader(r.bytes, keyHeader.payloadEnd, h.payloadEnd);
  if (valueReader.remaining === 0) {
    const error = new DecodeError(keyHeader.payloadEnd, `${name}: the pair has no value`, LES_NOTES.keyPair);
    throw new PartialDecodeError(error, {
      ...brokenField(name, error, h.payloadEnd),
      start: at,
      children: [pairHeader, key],
    });
  }
  const value = decodeValue(valueReader, name, keys[name]);
  const pair: Field = {
    ...value,
    name,
    start: at,
    end: h.payloadEnd,
    children: [pairHeader, key, ...(value.children ?? [])],
  };
  if (text === null) addNote(pair, 'warning', LES_NOTES.keyText, `key ${name} is not UTF-8 text`);
  if (valueReader.pos < h.payloadEnd) {
    const extra: Field = {
      name: 'trailing',
      shape: 'leaf',
      value: toHex(r.bytes, valueReader.pos, h.payloadEnd),
      start: valueReader.pos,
      end: h.payloadEnd,
      encoding: true,
    };
    addNote(extra, 'error', LES_NOTES.keyPair, `${name}: the pair has more than [key, value]`);
    pair.children!.push(extra);
  }
  return pair;
}

/** The value by its key's type; a value that does not fit the type stays generic RLP with an error. */
function decodeValue(r: ByteReader, name: string, codec: Codec | undefined): Field {
  if (codec) {
    const attempt = new ByteReader(r.bytes, r.pos, r.end);
    try {
      const field = codec.decode(attempt, name);
      r.pos = attempt.pos;
      return field;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      const field = rlpItem.decode(r, name);
      addNote(field, 'error', LES_NOTES.keyValue, `${name} is not ${codec.typeName}: ${e.message}`);
      return field;
    }
  }
  return rlpItem.decode(r, name);
}
