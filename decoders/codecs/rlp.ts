import { RLP } from '@ethereumjs/rlp';
import { toHex } from '../core/bytes';
import {
  brokenField,
  bytesFromJson,
  decodeChild,
  hexSchema,
  PartialDecodeError,
  type Codec,
  type JsonSchema,
} from '../core/codec';
import type { Field } from '../core/field';
import { childPath, EncodeError, integerFromJson, integerToJson, type JsonValue } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';

/**
 * Annotated RLP: every item's header (prefix byte and length bytes) becomes an encoding field with its range, and
 * the strict rules of the Yellow Paper (minimal lengths, single bytes below 0x80 not wrapped, no leading zeros)
 * are errors at the exact byte. Encoding goes through @ethereumjs/rlp.
 */

export interface RlpHeader {
  isList: boolean;
  /** Offset of the first payload byte. */
  payloadStart: number;
  payloadEnd: number;
  /** Bytes the header itself takes (0 for a single byte below 0x80). */
  headerLength: number;
}

/** Reads one item header at `at`, enforcing canonical form; the item must end by `end`. */
export function readRlpHeader(bytes: Uint8Array, at: number, end: number): RlpHeader {
  if (at >= end) throw new DecodeError(at, 'RLP item expected, no bytes left', 'truncated');
  const prefix = bytes[at]!;
  if (prefix < 0x80) return { isList: false, payloadStart: at, payloadEnd: at + 1, headerLength: 0 };
  const isList = prefix >= 0xc0;
  const base = isList ? 0xc0 : 0x80;
  let length: number;
  let headerLength: number;
  if (prefix - base <= 55) {
    length = prefix - base;
    headerLength = 1;
    if (!isList && length === 1) {
      if (at + 1 >= end) throw new DecodeError(at + 1, 'RLP string of 1 byte: the byte is missing', 'truncated');
      if (bytes[at + 1]! < 0x80) {
        throw new DecodeError(
          at,
          `non-canonical RLP: byte 0x${hex2(bytes[at + 1]!)} must be encoded as itself`,
          'rlp.non-canonical',
        );
      }
    }
  } else {
    const lengthOfLength = prefix - base - 55;
    headerLength = 1 + lengthOfLength;
    if (at + headerLength > end) {
      throw new DecodeError(at + 1, `RLP length of ${lengthOfLength} bytes: only ${end - at - 1} left`, 'truncated');
    }
    if (bytes[at + 1] === 0)
      throw new DecodeError(at + 1, 'non-canonical RLP: length with leading zero', 'rlp.non-canonical');
    length = 0;
    for (let i = 1; i <= lengthOfLength; i++) length = length * 256 + bytes[at + i]!;
    if (length <= 55) {
      throw new DecodeError(at, `non-canonical RLP: length ${length} must use the short form`, 'rlp.non-canonical');
    }
  }
  const payloadStart = at + headerLength;
  if (payloadStart + length > end) {
    throw new DecodeError(
      payloadStart,
      `RLP ${isList ? 'list' : 'string'} of ${length} bytes: only ${end - payloadStart} left`,
      'truncated',
    );
  }
  return { isList, payloadStart, payloadEnd: payloadStart + length, headerLength };
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** The header of an item as an encoding field (absent for single bytes, which are their own encoding). */
export function rlpHeaderField(bytes: Uint8Array, at: number, h: RlpHeader): Field | null {
  if (h.headerLength === 0) return null;
  const length = h.payloadEnd - h.payloadStart;
  return {
    name: 'rlp',
    shape: 'leaf',
    value: toHex(bytes.subarray(at, at + h.headerLength)),
    display: `${h.isList ? 'list' : 'string'}, ${length} bytes`,
    start: at,
    end: h.payloadStart,
    encoding: true,
  };
}

function withHeader(field: Field, header: Field | null): Field {
  if (header) (field.children ??= []).unshift(header);
  return field;
}

// ---------------------------------------------------------------------------------------------------------------
// Codecs for declarations

/** Any RLP item, shown generically: strings as 0x-hex, lists as arrays. */
export const rlpItem: Codec = {
  typeName: 'rlp',
  decode(r, name) {
    const at = r.pos;
    const h = readRlpHeader(r.bytes, at, r.end);
    const header = rlpHeaderField(r.bytes, at, h);
    if (!h.isList) {
      r.pos = h.payloadEnd;
      const value = toHex(r.bytes.subarray(h.payloadStart, h.payloadEnd));
      return withHeader({ name, shape: 'leaf', value, start: at, end: h.payloadEnd }, header);
    }
    const field: Field = { name, shape: 'list', start: at, end: h.payloadEnd, children: header ? [header] : [] };
    const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
    for (let i = 0; inner.pos < h.payloadEnd; i++) decodeChild(inner, rlpItem, String(i), field);
    r.pos = h.payloadEnd;
    return field;
  },
  encode(value, w, path) {
    w.bytes(RLP.encode(rlpInputFromJson(value, path)));
  },
  // No `$ref: '#'` for the nesting: embedded in a protocol's schema, '#' would name the whole protocol.
  schema: () => ({
    title: 'rlp',
    description: 'an RLP item: 0x-hex bytes, or a list of items',
    anyOf: [hexSchema('bytes'), { type: 'array' }],
  }),
};

type RlpInput = Uint8Array | RlpInput[];

function rlpInputFromJson(value: JsonValue, path: string): RlpInput {
  if (Array.isArray(value)) return value.map((v, i) => rlpInputFromJson(v, childPath(path, i)));
  return bytesFromJson(value, path);
}

/** A string payload read by `read`, which turns the payload bytes into the field's JSON value. */
function rlpString(
  typeName: string,
  read: (payload: Uint8Array, at: number) => { value: JsonValue; display?: string },
  write: (value: JsonValue, path: string) => Uint8Array,
  schema: () => JsonSchema,
): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (h.isList) throw new DecodeError(at, `${name}: expected ${typeName}, found a list`, 'rlp.type');
      const { value, display } = read(r.bytes.subarray(h.payloadStart, h.payloadEnd), h.payloadStart);
      r.pos = h.payloadEnd;
      const field: Field = { name, shape: 'leaf', value, start: at, end: h.payloadEnd };
      if (display !== undefined) field.display = display;
      return withHeader(field, rlpHeaderField(r.bytes, at, h));
    },
    encode(value, w, path) {
      w.bytes(RLP.encode(write(value, path)));
    },
    schema,
  };
}

/** An unsigned integer: big-endian, no leading zeros (0 is the empty string). */
export function rlpUint(bits = 256): Codec {
  return rlpString(
    `uint${bits}`,
    (payload, at) => {
      if (payload.length > 0 && payload[0] === 0) {
        throw new DecodeError(at, 'non-canonical integer: leading zero byte', 'rlp.non-canonical');
      }
      if (payload.length > bits / 8)
        throw new DecodeError(at, `integer of ${payload.length} bytes exceeds uint${bits}`, 'rlp.size');
      let v = 0n;
      for (const b of payload) v = (v << 8n) | BigInt(b);
      return { value: integerToJson(v) };
    },
    (value, path) => {
      const n = integerFromJson(value, path);
      if (n < 0n || n >= 1n << BigInt(bits)) throw new EncodeError(path, `${n} does not fit uint${bits}`);
      return bigintToBytes(n);
    },
    () => ({
      title: `uint${bits}`,
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: '^\\d+$' },
      ],
    }),
  );
}

function bigintToBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  const hex = n.toString(16);
  const padded = hex.length % 2 ? `0${hex}` : hex;
  const out = new Uint8Array(padded.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A byte string, of exactly `size` bytes when given (hashes, addresses). */
export function rlpBytes(size?: number): Codec {
  const typeName = size === undefined ? 'bytes' : `bytes${size}`;
  return rlpString(
    typeName,
    (payload, at) => {
      if (size !== undefined && payload.length !== size) {
        throw new DecodeError(at, `expected ${size} bytes, got ${payload.length}`, 'rlp.size');
      }
      return { value: toHex(payload) };
    },
    (value, path) => {
      const b = bytesFromJson(value, path);
      if (size !== undefined && b.length !== size)
        throw new EncodeError(path, `expected ${size} bytes, got ${b.length}`);
      return b;
    },
    () => hexSchema(typeName, size),
  );
}

/** A list of named members in order (an RLP "struct"); `optional` members may be absent at the end. */
export function rlpStruct(
  typeName: string,
  members: readonly { name: string; codec: Codec; optional?: boolean }[],
): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (!h.isList) throw new DecodeError(at, `${name}: expected a list (${typeName}), found a string`, 'rlp.type');
      const header = rlpHeaderField(r.bytes, at, h);
      const field: Field = { name, shape: 'struct', start: at, end: h.payloadEnd, children: header ? [header] : [] };
      const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
      for (const m of members) {
        if (inner.pos === h.payloadEnd) {
          if (m.optional) break;
          throw shapeError(field, inner.pos, h.payloadEnd, `${typeName}: member ${m.name} is missing`);
        }
        decodeChild(inner, m.codec, m.name, field);
      }
      if (inner.pos < h.payloadEnd) {
        throw shapeError(
          field,
          inner.pos,
          h.payloadEnd,
          `${typeName}: ${h.payloadEnd - inner.pos} bytes after the last member`,
        );
      }
      r.pos = h.payloadEnd;
      return field;
    },
    encode(value, w, path, options) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new EncodeError(path, `expected an object for ${typeName}`);
      }
      const parts: Uint8Array[] = [];
      for (const m of members) {
        if (!(m.name in value)) {
          if (m.optional) break;
          throw new EncodeError(childPath(path, m.name), 'missing');
        }
        const sub = new ByteWriter();
        m.codec.encode(value[m.name]!, sub, childPath(path, m.name), options);
        parts.push(sub.finish());
      }
      w.bytes(rlpListHeader(parts));
      for (const p of parts) w.bytes(p);
    },
    schema() {
      const properties: Record<string, JsonSchema> = {};
      for (const m of members) properties[m.name] = m.codec.schema();
      const required = members.filter((m) => !m.optional).map((m) => m.name);
      return { title: typeName, type: 'object', properties, required };
    },
  };
}

/** A list of any number of items of one type. */
export function rlpListOf(element: Codec, typeName = `${element.typeName}[]`): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (!h.isList) throw new DecodeError(at, `${name}: expected a list (${typeName}), found a string`, 'rlp.type');
      const header = rlpHeaderField(r.bytes, at, h);
      const field: Field = { name, shape: 'list', start: at, end: h.payloadEnd, children: header ? [header] : [] };
      const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
      for (let i = 0; inner.pos < h.payloadEnd; i++) decodeChild(inner, element, String(i), field);
      r.pos = h.payloadEnd;
      return field;
    },
    encode(value, w, path, options) {
      if (!Array.isArray(value)) throw new EncodeError(path, `expected a list for ${typeName}`);
      const parts = value.map((v, i) => {
        const sub = new ByteWriter();
        element.encode(v, sub, childPath(path, i), options);
        return sub.finish();
      });
      w.bytes(rlpListHeader(parts));
      for (const p of parts) w.bytes(p);
    },
    schema: () => ({ title: typeName, type: 'array', items: element.schema() }),
  };
}

/** The header of a list whose items are already encoded (`parts`), for codecs that assemble lists themselves. */
export function rlpListHeader(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  if (length <= 55) return Uint8Array.of(0xc0 + length);
  const lengthBytes = bigintToBytes(BigInt(length));
  return Uint8Array.of(0xf7 + lengthBytes.length, ...lengthBytes);
}

function shapeError(field: Field, at: number, end: number, reason: string): PartialDecodeError {
  const error = new DecodeError(at, reason, 'rlp.shape');
  field.children!.push(brokenField(reason.includes('missing') ? 'missing' : 'trailing', error, end));
  field.end = end;
  return new PartialDecodeError(error, field);
}
