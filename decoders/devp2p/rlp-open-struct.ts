import { decodeUtf8Strict, textEncoder, toHex } from '../core/bytes';
import { brokenField, decodeChild, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import type { Field } from '../core/field';
import { childPath, EncodeError, isJsonObject } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';
import { readRlpHeader, rlpItem } from '../codecs/rlp';

/**
 * RLP lists that later versions may extend (EIP-8 "forward compatibility"): the declared members in order, then any
 * further elements kept as `extra` (generic RLP), so a Hello or an EIP-8 auth body from a newer peer decodes, and
 * re-encodes byte for byte.
 */
export function rlpOpenStruct(
  typeName: string,
  members: readonly { name: string; codec: Codec; optional?: boolean }[],
): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (!h.isList) throw new DecodeError(at, `${name}: expected a list (${typeName}), found a string`, 'rlp.type');
      const field: Field = { name, shape: 'struct', start: at, end: h.payloadEnd, children: [] };
      if (h.headerLength > 0) field.children!.push(listHeaderField(r.bytes, at, h.payloadStart, h.payloadEnd));
      const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
      for (const m of members) {
        if (inner.pos === h.payloadEnd) {
          if (m.optional) break;
          const missing = new DecodeError(inner.pos, `${typeName}: member ${m.name} is missing`, 'rlp.shape');
          field.children!.push(brokenField(m.name, missing, h.payloadEnd));
          throw new PartialDecodeError(missing, field);
        }
        decodeChild(inner, m.codec, m.name, field);
      }
      if (inner.pos < h.payloadEnd) {
        const extra: Field = { name: 'extra', shape: 'list', start: inner.pos, end: h.payloadEnd, children: [] };
        field.children!.push(extra);
        for (let i = 0; inner.pos < h.payloadEnd; i++) decodeChild(inner, rlpItem, String(i), extra);
      }
      r.pos = h.payloadEnd;
      return field;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected an object for ${typeName}`);
      const parts: Uint8Array[] = [];
      for (const m of members) {
        if (!(m.name in value)) {
          if (m.optional) break;
          throw new EncodeError(childPath(path, m.name), 'missing');
        }
        parts.push(encodeOne(m.codec, value[m.name]!, childPath(path, m.name), options));
      }
      const extra = value.extra;
      if (extra !== undefined) {
        if (!Array.isArray(extra)) throw new EncodeError(childPath(path, 'extra'), 'expected a list of RLP items');
        extra.forEach((item, i) => parts.push(encodeOne(rlpItem, item, childPath(path, `extra.${i}`), options)));
      }
      w.bytes(rlpListHeader(parts.reduce((n, p) => n + p.length, 0)));
      for (const p of parts) w.bytes(p);
    },
    schema() {
      const properties: Record<string, JsonSchema> = {};
      for (const m of members) properties[m.name] = m.codec.schema();
      properties.extra = {
        description: 'elements after the declared ones (EIP-8 forward compatibility)',
        type: 'array',
        items: rlpItem.schema(),
      };
      return {
        title: typeName,
        type: 'object',
        properties,
        required: members.filter((m) => !m.optional).map((m) => m.name),
      };
    },
  };
}

function encodeOne(
  codec: Codec,
  value: Parameters<Codec['encode']>[0],
  path: string,
  options: { keepLengths?: boolean },
) {
  const w = new ByteWriter();
  codec.encode(value, w, path, options);
  return w.finish();
}

function listHeaderField(bytes: Uint8Array, at: number, payloadStart: number, payloadEnd: number): Field {
  return {
    name: 'rlp',
    shape: 'leaf',
    value: toHex(bytes.subarray(at, payloadStart)),
    display: `list, ${payloadEnd - payloadStart} bytes`,
    start: at,
    end: payloadStart,
    encoding: true,
  };
}

/** The RLP header of a list whose payload has `length` bytes. */
export function rlpListHeader(length: number): Uint8Array {
  if (length <= 55) return Uint8Array.of(0xc0 + length);
  const digits: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) digits.unshift(n % 256);
  return Uint8Array.of(0xf7 + digits.length, ...digits);
}

/** An RLP string holding UTF-8 text (Hello's clientId, capability names): JSON is the text itself. */
export const rlpText: Codec = {
  typeName: 'text',
  decode(r, name) {
    const at = r.pos;
    const field = rlpItem.decode(r, name);
    if (field.shape !== 'leaf') throw new DecodeError(at, `${name}: expected text, found a list`, 'rlp.type');
    const h = readRlpHeader(r.bytes, at, r.end);
    const text = decodeUtf8Strict(r.bytes.subarray(h.payloadStart, h.payloadEnd));
    if (text === null) throw new DecodeError(h.payloadStart, `${name}: not valid UTF-8`, 'p2p.text');
    field.value = text;
    return field;
  },
  encode(value, w, path) {
    if (typeof value !== 'string') throw new EncodeError(path, `expected text, got ${JSON.stringify(value)}`);
    rlpItem.encode(toHex(textEncoder.encode(value)), w, path, {});
  },
  schema: () => ({ title: 'text', type: 'string' }),
};

/** Decodes an EIP-8 handshake body: the RLP list, then the padding the sender added (an encoding detail). */
export function withTrailingPadding(codec: Codec): Codec {
  return {
    typeName: codec.typeName,
    decode(r, name) {
      const field = codec.decode(r, name);
      if (r.pos < r.end) {
        const start = r.pos;
        const padding = r.take(r.remaining, 'padding');
        (field.children ??= []).push({
          name: 'padding',
          shape: 'leaf',
          value: toHex(padding),
          display: `${padding.length} bytes of padding`,
          start,
          end: r.pos,
          encoding: true,
        });
        field.end = r.pos;
      }
      return field;
    },
    encode: (value, w, path, options) => codec.encode(value, w, path, options),
    schema: () => codec.schema(),
  };
}
