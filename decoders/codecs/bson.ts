import {
  Binary,
  BSON,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { decodeUtf8Strict, toHex } from '../core/bytes';
import { brokenField, bytesFromJson, decodeAll, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { addNote, fieldJson, shiftRanges, type Field } from '../core/field';
import { childPath, EncodeError, integerToJson, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';

/**
 * Annotated BSON: every element's type byte, name, length prefix and value get a field with its byte range.
 *
 * JSON form: values in their natural JSON shape where the encoding they stand for is the one Peerscope would pick
 * (int32 for integers that fit, int64 for other integers, double for fractions, binary subtype 0 for bytes), and
 * MongoDB Extended JSON v2 wrappers otherwise (`{"$numberLong":"5"}`, `{"$numberDouble":"5"}`, `{"$oid":…}`), so
 * that re-encoding reproduces the exact bytes. Encoding goes through the `bson` library.
 */

export const BSON_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x01: 'double',
  0x02: 'string',
  0x03: 'document',
  0x04: 'array',
  0x05: 'binary',
  0x06: 'undefined',
  0x07: 'objectId',
  0x08: 'bool',
  0x09: 'datetime',
  0x0a: 'null',
  0x0b: 'regex',
  0x0c: 'dbPointer',
  0x0d: 'javascript',
  0x0e: 'symbol',
  0x0f: 'javascriptWithScope',
  0x10: 'int32',
  0x11: 'timestamp',
  0x12: 'int64',
  0x13: 'decimal128',
  0xff: 'minKey',
  0x7f: 'maxKey',
};

export type BsonTypeName = 'double' | 'string' | 'document' | 'array' | 'binary' | 'bool' | 'null' | 'int32' | 'int64';

/** What a protocol expects of one element: its label, accepted types, and what a binary or document holds. */
export interface BsonElementSpec {
  label?: string;
  /** Accepted element types; anything else is decoded anyway with a warning. */
  types?: readonly BsonTypeName[];
  /** For a binary element: the codec of its content (e.g. an SSZ container). */
  content?: Codec;
  /** For an embedded document: its own element specs. */
  document?: BsonDocumentSpec;
  /** Renders a value (`HELLO (0)`). */
  display?: (value: JsonValue) => string | undefined;
}

export type BsonDocumentSpec = Readonly<Record<string, BsonElementSpec>>;

/** A whole BSON document, optionally described by `spec`. */
export function bsonDocument(typeName = 'document', spec?: BsonDocumentSpec): Codec {
  return {
    typeName,
    decode: (r, name) => readDocument(r, name, spec, false),
    encode(value, w, path) {
      if (!isJsonObject(value)) throw new EncodeError(path, 'expected an object for a BSON document');
      w.bytes(serializeDocument(value, path, spec));
    },
    schema: () => documentSchema(typeName, spec),
  };
}

function readDocument(r: ByteReader, name: string, spec: BsonDocumentSpec | undefined, isArray: boolean): Field {
  const start = r.pos;
  const field: Field = { name, shape: isArray ? 'list' : 'struct', start, end: start, children: [] };
  const fail = (error: DecodeError, end: number): never => {
    field.children!.push(brokenField(error.offset === start ? 'length' : 'element', error, end));
    field.end = end;
    throw new PartialDecodeError(error, field);
  };
  if (r.remaining < 5)
    fail(
      new DecodeError(
        start,
        `BSON ${isArray ? 'array' : 'document'}: needs at least 5 bytes, only ${r.remaining}`,
        'truncated',
      ),
      r.end,
    );
  const size = r.view.getInt32(start, true);
  if (size < 5)
    fail(new DecodeError(start, `BSON document length ${size} is below the minimum of 5`, 'bson.length'), r.end);
  if (size > r.remaining) {
    fail(new DecodeError(start, `BSON document length ${size}: only ${r.remaining} bytes left`, 'truncated'), r.end);
  }
  const end = start + size;
  field.end = end;
  field.children!.push(encodingField('length', size, start, start + 4, `${size} bytes`));
  const inner = new ByteReader(r.bytes, start + 4, end - 1);
  const seen = new Set<string>();
  let index = 0;
  while (inner.pos < inner.end) {
    try {
      const element = readElement(inner, spec);
      if (isArray && element.name !== String(index)) {
        addNote(element, 'warning', 'bson.array-key', `array key "${element.name}" where "${index}" was expected`);
      }
      if (!isArray && seen.has(element.name)) {
        addNote(element, 'warning', 'bson.duplicate-key', `key "${element.name}" appears twice; the later value wins`);
      }
      seen.add(element.name);
      field.children!.push(element);
      index++;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      field.children!.push(e instanceof PartialDecodeError ? e.partial : brokenField('element', e, end));
      throw new PartialDecodeError(e, field);
    }
  }
  if (r.bytes[end - 1] !== 0)
    fail(new DecodeError(end - 1, 'BSON document must end with a 0x00 byte', 'bson.terminator'), end);
  field.children!.push(encodingField('terminator', 0, end - 1, end));
  if (spec) checkMissing(field, spec);
  r.pos = end;
  return field;
}

function checkMissing(field: Field, spec: BsonDocumentSpec): void {
  for (const key of Object.keys(spec)) {
    if (!field.children!.some((c) => c.name === key && !c.encoding)) {
      addNote(field, 'warning', 'bson.missing-key', `key "${key}" is missing`);
    }
  }
}

function encodingField(name: string, value: JsonValue, start: number, end: number, display?: string): Field {
  const field: Field = { name, shape: 'leaf', value, start, end, encoding: true };
  if (display !== undefined) field.display = display;
  return field;
}

/** One element: type byte, cstring name, then the value, all with their ranges. */
function readElement(r: ByteReader, parentSpec: BsonDocumentSpec | undefined): Field {
  const start = r.pos;
  const type = r.u8('element type');
  const typeName = BSON_TYPE_NAMES[type];
  const nameStart = r.pos;
  let nameEnd = nameStart;
  while (nameEnd < r.end && r.bytes[nameEnd] !== 0) nameEnd++;
  if (nameEnd >= r.end) throw new DecodeError(nameStart, 'element name is not terminated by 0x00', 'bson.name');
  const utf8Key = decodeUtf8Strict(r.bytes.subarray(nameStart, nameEnd));
  const key = utf8Key ?? toHex(r.bytes.subarray(nameStart, nameEnd));
  r.pos = nameEnd + 1;
  const spec = parentSpec?.[key];
  const head = [
    encodingField('type', type, start, start + 1, `${typeName ?? 'unknown'} (0x${type.toString(16).padStart(2, '0')})`),
    encodingField('name', key, nameStart, nameEnd + 1),
  ];
  // JSON keys are text: a name that is not UTF-8 is shown (and would be re-encoded) as its hex.
  if (utf8Key === null) addNote(head[1]!, 'warning', 'bson.utf8', 'element name is not valid UTF-8; shown as hex');
  if (typeName === undefined) {
    const field = brokenElement(
      key,
      start,
      r.end,
      head,
      new DecodeError(start, `unknown BSON element type 0x${type.toString(16)}`, 'bson.type'),
    );
    throw new PartialDecodeError(
      new DecodeError(start, `unknown BSON element type 0x${type.toString(16)}`, 'bson.type'),
      field,
    );
  }
  let field: Field;
  try {
    field = readValue(r, type, key, spec);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const partial = e instanceof PartialDecodeError ? e.partial : brokenField(key, e, r.end);
    partial.children = [...head, ...(partial.children ?? [])];
    partial.start = start;
    throw new PartialDecodeError(e, partial);
  }
  field.children = [...head, ...(field.children ?? [])];
  field.start = start;
  if (spec?.label) field.label = spec.label;
  if (spec?.types && !spec.types.includes(typeName as BsonTypeName)) {
    addNote(
      field,
      'warning',
      'bson.unexpected-type',
      `${key} is a BSON ${typeName}, expected ${spec.types.join(' or ')}`,
    );
  }
  if (spec?.display && field.shape === 'leaf') {
    const shown = spec.display(field.value ?? null);
    if (shown !== undefined) field.display = shown;
  }
  return field;
}

function brokenElement(key: string, start: number, end: number, head: Field[], error: DecodeError): Field {
  const broken = brokenField(key, error, end);
  broken.start = start;
  broken.children = head;
  return broken;
}

/** Reads the value of an element of `type` at r.pos; the returned field covers the value bytes only. */
function readValue(r: ByteReader, type: number, key: string, spec: BsonElementSpec | undefined): Field {
  const start = r.pos;
  const leaf = (value: JsonValue, display?: string): Field => {
    const f: Field = { name: key, shape: 'leaf', value, start, end: r.pos };
    if (display !== undefined) f.display = display;
    return f;
  };
  switch (type) {
    case 0x01: {
      const v = r.f64(true, key);
      const bits = r.view.getBigUint64(r.pos - 8, true);
      return leaf(doubleJson(v, bits), `double ${v}`);
    }
    case 0x02:
    case 0x0d:
    case 0x0e: {
      const text = readString(r, key);
      const json: JsonValue =
        type === 0x0d ? { $code: text.value } : type === 0x0e ? { $symbol: text.value } : stringJson(text.value, spec);
      const f = leaf(json);
      f.children = [text.length];
      if (text.invalid) addNote(f, 'warning', 'bson.utf8', `${key} is not valid UTF-8`);
      return f;
    }
    case 0x03:
      return readDocument(r, key, spec?.document, false);
    case 0x04:
      // `document` describes an embedded document; an array's items are read (and encoded) without specs.
      return readDocument(r, key, undefined, true);
    case 0x05:
      return readBinary(r, key, spec);
    case 0x06:
      return leaf({ $undefined: true });
    case 0x07:
      return leaf({ $oid: toHex(r.take(12, key)).slice(2) });
    case 0x08: {
      const b = r.u8(key);
      if (b > 1) throw new DecodeError(start, `bool must be 0x00 or 0x01, got 0x${b.toString(16)}`, 'bson.bool');
      return leaf(b === 1);
    }
    case 0x09: {
      const ms = r.i64(true, key);
      const date = new Date(Number(ms));
      return leaf(
        { $date: { $numberLong: ms.toString() } },
        Number.isNaN(date.getTime()) ? undefined : date.toISOString(),
      );
    }
    case 0x0a:
      return leaf(null);
    case 0x0b: {
      const pattern = readCString(r, key);
      const options = readCString(r, key);
      const f = leaf({ $regularExpression: { pattern, options } });
      if (!/^i?l?m?s?u?x?$/.test(options)) {
        const text = `regex options "${options}" are not the spec's (i, l, m, s, u, x in alphabetical order)`;
        addNote(f, 'warning', 'bson.regex.options', text);
      }
      return f;
    }
    case 0x0c: {
      const ref = readString(r, key);
      return leaf({ $dbPointer: { $ref: ref.value, $id: { $oid: toHex(r.take(12, key)).slice(2) } } });
    }
    case 0x0f: {
      const total = r.i32(true, key);
      if (total < 14 || total - 4 > r.remaining) {
        throw new DecodeError(start, `code-with-scope length ${total} is invalid`, 'bson.length');
      }
      const code = readString(r, key);
      const scope = readDocument(r, 'scope', undefined, false);
      return leaf({ $code: code.value, $scope: fieldJson(scope) });
    }
    case 0x10: {
      const v = r.i32(true, key);
      return leaf(v, `int32 ${v}`);
    }
    case 0x11: {
      const i = r.u32(true, key);
      const t = r.u32(true, key);
      return leaf({ $timestamp: { t, i } });
    }
    case 0x12: {
      const v = r.i64(true, key);
      return leaf(int64Json(v), `int64 ${v}`);
    }
    case 0x13: {
      const raw = r.take(16, key);
      return leaf({ $numberDecimal: new Decimal128(raw.slice()).toString() });
    }
    case 0x7f:
      return leaf({ $maxKey: 1 });
    case 0xff:
      return leaf({ $minKey: 1 });
    default:
      throw new DecodeError(start - 1, `unknown BSON element type 0x${type.toString(16)}`, 'bson.type');
  }
}

function readCString(r: ByteReader, what: string): string {
  let end = r.pos;
  while (end < r.end && r.bytes[end] !== 0) end++;
  if (end >= r.end) throw new DecodeError(r.pos, `${what}: string is not terminated by 0x00`, 'bson.cstring');
  const text = decodeUtf8Strict(r.bytes.subarray(r.pos, end)) ?? '';
  r.pos = end + 1;
  return text;
}

/** int32 length (including the trailing NUL) + UTF-8 bytes + NUL. */
function readString(r: ByteReader, key: string): { value: string; invalid: boolean; length: Field } {
  const at = r.pos;
  const length = r.i32(true, key);
  if (length < 1 || length > r.remaining) {
    throw new DecodeError(at, `string length ${length} is invalid (${r.remaining} bytes left)`, 'bson.length');
  }
  const bytes = r.take(length - 1, key);
  if (r.u8(key) !== 0) throw new DecodeError(r.pos - 1, 'string must end with 0x00', 'bson.terminator');
  const value = decodeUtf8Strict(bytes);
  return {
    value: value ?? new TextDecoder().decode(bytes),
    invalid: value === null,
    length: encodingField('length', length, at, at + 4),
  };
}

/** int32 length + subtype + bytes; with a content codec the bytes are decoded (an SSZ container in Hobbits). */
function readBinary(r: ByteReader, key: string, spec: BsonElementSpec | undefined): Field {
  const start = r.pos;
  const length = r.i32(true, key);
  if (length < 0 || length + 1 > r.remaining) {
    throw new DecodeError(start, `binary length ${length} is invalid (${r.remaining} bytes left)`, 'bson.length');
  }
  const subtype = r.u8(key);
  const dataStart = r.pos;
  const data = r.take(length, key);
  const head = [
    encodingField('length', length, start, start + 4),
    encodingField(
      'subtype',
      subtype,
      start + 4,
      start + 5,
      subtype === 0 ? 'generic (0x00)' : `0x${subtype.toString(16)}`,
    ),
  ];
  if (subtype === OLD_BINARY) return oldBinary(key, data, dataStart, start, r.pos, head);
  if (subtype !== 0) {
    const base64 = btoaBytes(data);
    const value = { $binary: { base64, subType: subtype.toString(16).padStart(2, '0') } };
    return { name: key, shape: 'leaf', value, start, end: r.pos, children: head };
  }
  if (!spec?.content) return { name: key, shape: 'leaf', value: toHex(data), start, end: r.pos, children: head };
  // The content is decoded in its own coordinates and shifted to the message's.
  const { field, complete } = decodeAll(spec.content, data, key);
  shiftRanges(field, dataStart);
  if (!complete) {
    // What does not decode stays raw bytes in the JSON; the tree still shows how far it got.
    field.name = 'content';
    addNote(field, 'warning', 'bson.content', `${key} does not decode as ${spec.content.typeName}; kept as raw bytes`);
    return { name: key, shape: 'leaf', value: toHex(data), start, end: r.pos, children: [...head, field] };
  }
  field.children = [...head, ...(field.children ?? [])];
  field.start = start;
  field.end = r.pos;
  return field;
}

/** Subtype 2, "binary (old)": the data repeats its own int32 length before the bytes. */
const OLD_BINARY = 2;

/**
 * The JSON keeps all of an old binary's data, inner length included, so that even an inconsistent one re-encodes to
 * its own bytes (bson would write the inner length itself).
 */
function oldBinary(key: string, data: Uint8Array, dataStart: number, start: number, end: number, head: Field[]): Field {
  const inner = data.length >= 4 ? new DataView(data.buffer, data.byteOffset, 4).getInt32(0, true) : -1;
  const consistent = inner === data.length - 4;
  const value = { $binary: { base64: btoaBytes(data), subType: '02' } };
  const field: Field = { name: key, shape: 'leaf', value, start, end, children: head };
  if (consistent) field.children!.push(encodingField('inner length', inner, dataStart, dataStart + 4));
  else
    addNote(field, 'warning', 'bson.binary.old', `old binary: inner length ${inner} where ${data.length - 4} follow`);
  return field;
}

function btoaBytes(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += String.fromCharCode(b);
  return btoa(s);
}

/**
 * Bytes are 0x-hex in Peerscope's JSON, so a BSON string that looks like hex would read back as binary unless
 * the protocol declares the element a string: such strings get a `{"$string": …}` wrapper.
 */
function stringJson(text: string, spec: BsonElementSpec | undefined): JsonValue {
  if (isDeclaredString(spec) || !HEX_STRING.test(text)) return text;
  return { $string: text };
}

/** Declared a string and nothing else: a hex-looking JSON string then encodes as a string, not as a binary. */
function isDeclaredString(spec: BsonElementSpec | undefined): boolean {
  return spec?.types?.includes('string') === true && !spec.types.includes('binary');
}

const HEX_STRING = /^0x([0-9a-fA-F]{2})*$/;

/** The NaN bson writes; any other NaN keeps its payload bits in `$bits` (Peerscope's addition to EJSON). */
const CANONICAL_NAN = 0x7ff8000000000000n;

/** A double that holds an integer (or is not finite) would read back as int32/int64: keep its type explicit. */
function doubleJson(v: number, bits: bigint): JsonValue {
  if (Number.isFinite(v) && !Number.isInteger(v)) return v;
  if (Object.is(v, -0)) return { $numberDouble: '-0.0' };
  if (Number.isNaN(v) && bits !== CANONICAL_NAN) return { $numberDouble: 'NaN', $bits: `0x${bits.toString(16)}` };
  return { $numberDouble: Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN' };
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** An int64 that fits int32 would read back as int32, and one beyond 2^53 as a string: keep its type explicit. */
function int64Json(v: bigint): JsonValue {
  const plain = integerToJson(v);
  if (typeof plain === 'number' && (v < INT32_MIN || v > INT32_MAX)) return plain;
  return { $numberLong: v.toString() };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON → bson values (for BSON.serialize); Maps keep the element order.

/**
 * A value bson cannot write as it was read (a datetime beyond JavaScript's Date, a NaN with payload bits): bson
 * writes a stand-in of the same size, and the element is then patched in the serialized bytes.
 */
class Patched {
  constructor(
    readonly standIn: unknown,
    readonly type: number,
    readonly value?: Uint8Array,
    /** Where in the element's value `value` goes. */
    readonly valueOffset = 0,
  ) {}
}

interface Patch {
  path: string[];
  type: number;
  value?: Uint8Array;
  valueOffset: number;
}

/** Serializes through bson, then applies the patches for what bson cannot express. */
function serializeDocument(json: JsonObject, path: string, spec: BsonDocumentSpec | undefined): Uint8Array {
  const patches: Patch[] = [];
  const bytes = new Uint8Array(BSON.serialize(documentFromJson(json, path, spec, [], patches)));
  for (const patch of patches) applyPatch(bytes, patch);
  return bytes;
}

function documentFromJson(
  json: JsonObject,
  path: string,
  spec: BsonDocumentSpec | undefined,
  keys: string[] = [],
  patches: Patch[] = [],
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json)) {
    out.set(
      key,
      unpatch(
        valueFromJson(value, childPath(path, key), spec?.[key], [...keys, key], patches),
        [...keys, key],
        patches,
      ),
    );
  }
  return out;
}

function unpatch(value: unknown, keys: string[], patches: Patch[]): unknown {
  if (!(value instanceof Patched)) return value;
  patches.push({
    path: keys,
    type: value.type,
    valueOffset: value.valueOffset,
    ...(value.value && { value: value.value }),
  });
  return value.standIn;
}

export function valueFromJson(
  value: JsonValue,
  path: string,
  spec?: BsonElementSpec,
  keys: string[] = [],
  patches: Patch[] = [],
): unknown {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return new Double(value);
    return value >= -(2 ** 31) && value < 2 ** 31 ? new Int32(value) : Long.fromBigInt(BigInt(value));
  }
  if (typeof value === 'string') {
    return !isDeclaredString(spec) && HEX_STRING.test(value) ? new Binary(bytesFromJson(value, path)) : value;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) =>
      unpatch(
        valueFromJson(v, childPath(path, i), undefined, [...keys, String(i)], patches),
        [...keys, String(i)],
        patches,
      ),
    );
  }
  const wrapped = extendedJson(value, path);
  if (wrapped !== undefined) return wrapped;
  if (spec?.content) {
    const w = new ByteWriter();
    spec.content.encode(value, w, path, {});
    return new Binary(w.finish());
  }
  return documentFromJson(value, path, spec?.document, keys, patches);
}

function extendedJson(value: JsonObject, path: string): unknown {
  const [key] = Object.keys(value);
  const v = key === undefined ? undefined : value[key];
  try {
    switch (key) {
      case '$numberLong':
        return Long.fromString(String(v));
      case '$numberDouble': {
        if (typeof value.$bits !== 'string') return new Double(Number(v));
        const bits = new Uint8Array(8);
        new DataView(bits.buffer).setBigUint64(0, BigInt(value.$bits), true);
        return new Patched(new Double(Number.NaN), 0x01, bits);
      }
      case '$numberInt':
        return new Int32(Number(v));
      case '$numberDecimal':
        return Decimal128.fromString(String(v));
      case '$oid':
        return ObjectId.createFromHexString(String(v));
      case '$binary': {
        const b = v as { base64: string; subType: string };
        const data = Uint8Array.from(atob(b.base64), (c) => c.charCodeAt(0));
        const subtype = parseInt(b.subType, 16);
        // bson writes an old binary's inner length itself: write the data as generic, then set the subtype.
        if (subtype === OLD_BINARY) return new Patched(new Binary(data), 0x05, Uint8Array.of(OLD_BINARY), 4);
        return new Binary(data, subtype);
      }
      case '$date': {
        const ms = BigInt((v as { $numberLong: string }).$numberLong);
        // Beyond ±8.64e15 ms no Date holds it: bson writes it as an int64, retyped to a datetime afterwards.
        return ms >= -MAX_DATE_MS && ms <= MAX_DATE_MS ? new Date(Number(ms)) : new Patched(Long.fromBigInt(ms), 0x09);
      }
      case '$timestamp': {
        const t = v as { t: number; i: number };
        return new Timestamp({ t: t.t, i: t.i });
      }
      case '$regularExpression': {
        const re = v as { pattern: string; options: string };
        return new BSONRegExp(re.pattern, re.options);
      }
      case '$code':
        return isJsonObject(value.$scope ?? null)
          ? new Code(String(v), documentFromJson(value.$scope as JsonObject, childPath(path, '$scope'), undefined))
          : new Code(String(v));
      case '$symbol':
        return new BSONSymbol(String(v));
      case '$string':
        return String(v);
      case '$minKey':
        return new MinKey();
      case '$maxKey':
        return new MaxKey();
      case '$undefined':
        return undefined;
      default:
        return undefined;
    }
  } catch (e) {
    throw new EncodeError(path, `bad ${key}: ${(e as Error).message}`);
  }
}

const MAX_DATE_MS = 8_640_000_000_000_000n;

/** Finds the element at `patch.path` in serialized BSON and sets its type byte (and value bytes). */
function applyPatch(bytes: Uint8Array, patch: Patch): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let doc = 0;
  for (let depth = 0; depth < patch.path.length; depth++) {
    let at = doc + 4;
    const end = doc + view.getInt32(doc, true) - 1;
    let found = -1;
    while (at < end) {
      const type = bytes[at]!;
      let nameEnd = at + 1;
      while (bytes[nameEnd] !== 0) nameEnd++;
      const name = new TextDecoder().decode(bytes.subarray(at + 1, nameEnd));
      const valueAt = nameEnd + 1;
      if (name === patch.path[depth]) {
        found = valueAt;
        if (depth === patch.path.length - 1) {
          bytes[at] = patch.type;
          if (patch.value) bytes.set(patch.value, valueAt + patch.valueOffset);
          return;
        }
        break;
      }
      at = valueAt + valueLength(view, bytes, type, valueAt);
    }
    if (found < 0) throw new Error(`bson patch: ${patch.path.join('.')} not found`);
    doc = found;
  }
}

/** Bytes of the value of an element of `type` at `at` (bson just wrote it, so it is well formed). */
function valueLength(view: DataView, bytes: Uint8Array, type: number, at: number): number {
  switch (type) {
    case 0x01:
    case 0x09:
    case 0x11:
    case 0x12:
      return 8;
    case 0x02:
    case 0x0d:
    case 0x0e:
      return 4 + view.getInt32(at, true);
    case 0x03:
    case 0x04:
    case 0x0f:
      return view.getInt32(at, true);
    case 0x05:
      return 5 + view.getInt32(at, true);
    case 0x07:
      return 12;
    case 0x08:
      return 1;
    case 0x0b: {
      let end = at;
      while (bytes[end] !== 0) end++;
      end++;
      while (bytes[end] !== 0) end++;
      return end + 1 - at;
    }
    case 0x0c:
      return 4 + view.getInt32(at, true) + 12;
    case 0x10:
      return 4;
    case 0x13:
      return 16;
    default:
      return 0;
  }
}

function documentSchema(title: string, spec: BsonDocumentSpec | undefined): JsonSchema {
  if (!spec) return { title, type: 'object' };
  const properties: Record<string, JsonSchema> = {};
  for (const [key, element] of Object.entries(spec)) {
    if (element.content) properties[key] = { anyOf: [element.content.schema(), { type: 'string', pattern: '^0x' }] };
    else if (element.document) properties[key] = documentSchema(key, element.document);
    else
      properties[key] = element.types?.some((t) => t === 'int32' || t === 'int64' || t === 'double')
        ? { anyOf: [{ type: 'number' }, { type: 'object' }] }
        : {};
    if (element.label) properties[key]!.description = element.label;
  }
  return { title, type: 'object', properties, required: Object.keys(spec) };
}
