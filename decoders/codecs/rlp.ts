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
import { LazyField, plainField, type Field } from '../core/field';
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

/**
 * Reads one item header at `at`, enforcing canonical form; the item must end by `end`. `into`, when given, receives
 * the header instead of a new object: checks that walk every item of a witness reuse one.
 */
export function readRlpHeader(bytes: Uint8Array, at: number, end: number, into?: RlpHeader): RlpHeader {
  if (at >= end) throw new DecodeError(at, 'RLP item expected, no bytes left', 'truncated');
  const prefix = bytes[at]!;
  if (prefix < 0x80) return headerOf(into, false, at, at + 1, 0);
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
  return headerOf(into, isList, payloadStart, payloadStart + length, headerLength);
}

function headerOf(
  into: RlpHeader | undefined,
  isList: boolean,
  payloadStart: number,
  payloadEnd: number,
  headerLength: number,
): RlpHeader {
  if (!into) return { isList, payloadStart, payloadEnd, headerLength };
  into.isList = isList;
  into.payloadStart = payloadStart;
  into.payloadEnd = payloadEnd;
  into.headerLength = headerLength;
  return into;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** The header of an item as an encoding field (absent for single bytes, which are their own encoding). */
export function rlpHeaderField(bytes: Uint8Array, at: number, h: RlpHeader): Field | null {
  return h.headerLength === 0
    ? null
    : new RlpHeaderLeaf(bytes, at, h.payloadStart, h.isList, h.payloadEnd - h.payloadStart);
}

/**
 * An item header as an encoding leaf. Every item but a small byte has one; views show them, the `fields` JSON and
 * summaries never read them, so their texts are made when read. `bytes[from, to)` is the header; its range starts
 * out as that, and moves if the tree is moved (`shiftRanges`).
 */
class RlpHeaderLeaf implements Field {
  readonly name = 'rlp';
  readonly shape = 'leaf';
  readonly encoding = true;
  start: number;
  end: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly from: number,
    private readonly to: number,
    private readonly isList: boolean,
    private readonly length: number,
  ) {
    this.start = from;
    this.end = to;
  }

  get value(): JsonValue {
    return toHex(this.bytes, this.from, this.to);
  }

  get display(): string {
    return `${this.isList ? 'list' : 'string'}, ${this.length} bytes`;
  }

  toJSON(): Field {
    return plainField(this);
  }
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

/** The header a string's clean check reads into (the check calls nothing that reads another). */
const stringHeader: RlpHeader = { isList: false, payloadStart: 0, payloadEnd: 0, headerLength: 0 };

/**
 * A string item whose payload [payloadStart, payloadEnd) `read` turns into the leaf, ranging over the whole item;
 * `fits(bytes, start, end)` says of a payload that `read` takes it without an error (its clean check).
 */
function rlpString(
  typeName: string,
  read: (name: string, bytes: Uint8Array, at: number, h: RlpHeader) => Field,
  fits: (bytes: Uint8Array, start: number, end: number) => boolean,
  write: (value: JsonValue, path: string) => Uint8Array,
  schema: () => JsonSchema,
): Codec {
  const codec: Codec = {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (h.isList) throw new DecodeError(at, `${name}: expected ${typeName}, found a list`, 'rlp.type');
      const field = read(name, r.bytes, at, h);
      r.pos = h.payloadEnd;
      return withHeader(field, rlpHeaderField(r.bytes, at, h));
    },
    encode(value, w, path) {
      w.bytes(RLP.encode(write(value, path)));
    },
    schema,
  };
  return declareClean(codec, (bytes, start, end) => {
    const h = readRlpHeader(bytes, start, end, stringHeader);
    return !h.isList && fits(bytes, h.payloadStart, h.payloadEnd);
  });
}

/** An unsigned integer: big-endian, no leading zeros (0 is the empty string). */
export function rlpUint(bits = 256): Codec {
  return rlpString(
    `uint${bits}`,
    (name, bytes, at, { payloadStart: start, payloadEnd: end }) => {
      if (end > start && bytes[start] === 0) {
        throw new DecodeError(start, 'non-canonical integer: leading zero byte', 'rlp.non-canonical');
      }
      if (end - start > bits / 8)
        throw new DecodeError(start, `integer of ${end - start} bytes exceeds uint${bits}`, 'rlp.size');
      const value = end - start <= 6 ? smallUint(bytes, start, end) : bigUint(bytes, start, end);
      return { name, shape: 'leaf', value: integerToJson(value), start: at, end };
    },
    (bytes, start, end) => end - start <= bits / 8 && (end === start || bytes[start] !== 0),
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

/** Up to 6 bytes fit a double exactly: no bigint per byte for the common small integers. */
function smallUint(bytes: Uint8Array, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 256 + bytes[i]!;
  return v;
}

function bigUint(bytes: Uint8Array, start: number, end: number): bigint {
  let v = 0n;
  for (let i = start; i < end; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
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
    (name, bytes, at, { payloadStart: start, payloadEnd: end }) => {
      if (size !== undefined && end - start !== size) {
        throw new DecodeError(start, `expected ${size} bytes, got ${end - start}`, 'rlp.size');
      }
      return { name, shape: 'leaf', value: toHex(bytes, start, end), start: at, end };
    },
    (_bytes, start, end) => size === undefined || end - start === size,
    (value, path) => {
      const b = bytesFromJson(value, path);
      if (size !== undefined && b.length !== size)
        throw new EncodeError(path, `expected ${size} bytes, got ${b.length}`);
      return b;
    },
    () => hexSchema(typeName, size),
  );
}

/** Items after a struct's declared members, kept as generic RLP under `name` instead of being an error. */
export interface RlpTail {
  name: string;
  description: string;
}

/**
 * A list of named members in order (an RLP "struct"); `optional` members may be absent at the end. With a `tail`,
 * the list may grow: items after the members are kept (EIP-8 forward compatibility, geth's `rlp:"tail"`), so a
 * newer peer's list decodes and encodes back byte for byte.
 */
export function rlpStruct(
  typeName: string,
  members: readonly { name: string; codec: Codec; optional?: boolean }[],
  tail?: RlpTail,
): Codec {
  const codec: Codec = {
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
        if (!tail) {
          const reason = `${typeName}: ${h.payloadEnd - inner.pos} bytes after the last member`;
          throw shapeError(field, inner.pos, h.payloadEnd, reason);
        }
        const items: Field = { name: tail.name, shape: 'list', start: inner.pos, end: h.payloadEnd, children: [] };
        field.children!.push(items);
        for (let i = 0; inner.pos < h.payloadEnd; i++) decodeChild(inner, rlpItem, String(i), items);
      }
      r.pos = h.payloadEnd;
      return field;
    },
    encode(value, w, path, options) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new EncodeError(path, `expected an object for ${typeName}`);
      }
      const parts: Uint8Array[] = [];
      const encodeItem = (codec: Codec, item: JsonValue, at: string) => {
        const sub = new ByteWriter();
        codec.encode(item, sub, at, options);
        parts.push(sub.finish());
      };
      for (const m of members) {
        if (!(m.name in value)) {
          if (m.optional) break;
          throw new EncodeError(childPath(path, m.name), 'missing');
        }
        encodeItem(m.codec, value[m.name]!, childPath(path, m.name));
      }
      const items = tail ? value[tail.name] : undefined;
      if (items !== undefined) {
        const at = childPath(path, tail!.name);
        if (!Array.isArray(items)) throw new EncodeError(at, 'expected a list of RLP items');
        items.forEach((item, i) => encodeItem(rlpItem, item, childPath(at, i)));
      }
      w.bytes(rlpListHeader(parts));
      for (const p of parts) w.bytes(p);
    },
    schema() {
      const properties: Record<string, JsonSchema> = {};
      for (const m of members) properties[m.name] = m.codec.schema();
      if (tail) properties[tail.name] = { description: tail.description, type: 'array', items: rlpItem.schema() };
      const required = members.filter((m) => !m.optional).map((m) => m.name);
      return { title: typeName, type: 'object', properties, required };
    },
  };
  return declareClean(codec, (bytes, start, end) => {
    const item = readRlpHeader(bytes, start, end);
    if (!item.isList) return false;
    const payloadEnd = item.payloadEnd;
    let at = item.payloadStart;
    for (const m of members) {
      if (at === payloadEnd) return m.optional === true;
      const itemEnd = readRlpHeader(bytes, at, payloadEnd, item).payloadEnd;
      if (!decodesClean(m.codec, bytes, at, itemEnd)) return false;
      at = itemEnd;
    }
    return at === payloadEnd; // tail items are decoded at once: generic RLP has no clean check
  });
}

/** A list of any number of items of one type. */
export function rlpListOf(element: Codec, typeName = `${element.typeName}[]`): Codec {
  const codec: Codec = {
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
  return declareClean(codec, (bytes, start, end) => {
    const item = readRlpHeader(bytes, start, end);
    if (!item.isList) return false;
    const payloadEnd = item.payloadEnd;
    for (let at = item.payloadStart; at < payloadEnd;) {
      const itemEnd = readRlpHeader(bytes, at, payloadEnd, item).payloadEnd;
      if (!decodesClean(element, bytes, at, itemEnd)) return false;
      at = itemEnd;
    }
    return true;
  });
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

// ---------------------------------------------------------------------------------------------------------------
// Lazy items

/**
 * An RLP item checked clean (its codec decodes it with no note and no error) but not decoded yet: the codec builds
 * its fields the first time something reads them. A summary, pairing and checks that only need an item's bytes then
 * cost no tree for the megabytes of trie nodes a witness or proof holds; a view that shows the item gets the tree
 * the codec gives. The item keeps its own name, label, range and notes, as any field does.
 */
class LazyRlpItem extends LazyField {
  /** `bytes[from, to)` is the item; its range starts out as that, and moves if a parent moves it. */
  constructor(
    private readonly codec: Codec,
    private readonly bytes: Uint8Array,
    shape: Field['shape'],
    name: string,
    private readonly from: number,
    private readonly to: number,
  ) {
    super(shape, name, from, to);
  }

  protected build(): Field {
    // The reader ends where the item does, as the clean check saw it.
    return this.codec.decode(new ByteReader(this.bytes, this.from, this.to), this.name);
  }
}

/**
 * Says of item [start, end) (its header's whole range, in `bytes`) that a codec decodes it with no note and no
 * error. It reads what it needs of the item and may throw a DecodeError on a malformed header (then: not clean).
 */
export type CleanCheck = (bytes: Uint8Array, start: number, end: number) => boolean;

/**
 * The clean checks of codecs, kept apart from the codec objects: a codec copied with a decode of its own (`{...codec,
 * decode}`) may add notes its original does not, so it has no check until it declares one.
 */
const cleanChecks = new WeakMap<Codec, CleanCheck>();

/** Declares `clean` as `codec`'s check; returns the codec. */
export function declareClean(codec: Codec, clean: CleanCheck): Codec {
  cleanChecks.set(codec, clean);
  return codec;
}

/** Whether `codec` is known to decode item [start, end) with no note and no error; false for a codec without a check. */
export function decodesClean(codec: Codec, bytes: Uint8Array, start: number, end: number): boolean {
  const check = cleanChecks.get(codec);
  return check !== undefined && check(bytes, start, end);
}

/**
 * `codec`, decoding lazily every item its clean check accepts (see `declareClean`); `shape` is the shape of what
 * the codec gives. Items that may hold notes or errors are decoded at once, as `codec` alone would.
 */
export function lazyWhenClean(codec: Codec, shape: Field['shape']): Codec {
  const cleanItemEnd = (r: ByteReader): number => {
    try {
      const end = readRlpHeader(r.bytes, r.pos, r.end).payloadEnd;
      return decodesClean(codec, r.bytes, r.pos, end) ? end : -1;
    } catch (e) {
      if (e instanceof DecodeError) return -1;
      throw e;
    }
  };
  const lazy: Codec = {
    ...codec,
    decode(r, name) {
      const start = r.pos;
      const end = cleanItemEnd(r);
      if (end < 0) return codec.decode(r, name);
      r.pos = end;
      return new LazyRlpItem(codec, r.bytes, shape, name, start, end);
    },
  };
  return declareClean(lazy, (bytes, start, end) => decodesClean(codec, bytes, start, end));
}
