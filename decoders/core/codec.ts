import { fromHex, HexError, toHex } from './bytes';
import { addNote, type Field } from './field';
import { childPath, EncodeError, integerFromJson, integerToJson, isJsonObject, type JsonValue } from './json';
import { ByteReader, DecodeError } from './reader';
import { ByteWriter } from './writer';

/** A JSON Schema (draft 2020-12) object, as the composer validates and completes against. */
export type JsonSchema = { [keyword: string]: unknown };

export interface EncodeOptions {
  /** Keep length and offset fields as given instead of recomputing them (for deliberately broken messages). */
  keepLengths?: boolean;
}

/**
 * A wire type as a value (as ChainSafe's SSZ types are): one object decodes bytes into an annotated Field,
 * encodes the Field's JSON back into bytes, and describes that JSON as a schema.
 */
export interface Codec {
  /** Short type name shown in the tree and the schema: `uint64`, `bytes32`, `BeaconBlockHeader`. */
  readonly typeName: string;
  /**
   * Decodes one value at `r.pos` into a field named `name`, advancing `r.pos`. On malformed input it throws a
   * DecodeError whose `partial` holds what was read, with an error note at the field that broke.
   */
  decode(r: ByteReader, name: string): Field;
  encode(value: JsonValue, w: ByteWriter, path: string, options: EncodeOptions): void;
  schema(): JsonSchema;
}

/** Carries the partially decoded tree up through nested codecs. */
export class PartialDecodeError extends DecodeError {
  constructor(
    cause: DecodeError,
    readonly partial: Field,
  ) {
    super(cause.offset, cause.message, cause.kind);
  }
}

/** The placeholder for a field that could not be read: covers the rest of the input, carries the error. */
export function brokenField(name: string, error: DecodeError, end: number): Field {
  const field: Field = { name, shape: 'leaf', value: null, start: error.offset, end: Math.max(end, error.offset) };
  addNote(field, 'error', `decode.${error.kind}`, error.message);
  return field;
}

/**
 * Decodes a child and, when it breaks, rethrows with `parent` completed by the child's partial tree.
 * Every container codec funnels its children through here, so a failure deep down yields the full path.
 */
export function decodeChild(r: ByteReader, codec: Codec, name: string, parent: Field): Field {
  try {
    const child = codec.decode(r, name);
    parent.children!.push(child);
    return child;
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    parent.children!.push(e instanceof PartialDecodeError ? e.partial : brokenField(name, e, r.end));
    parent.end = r.end;
    throw new PartialDecodeError(e, parent);
  }
}

/**
 * Runs a top-level decode: never throws. Returns the tree (partial on error) and whether it completed.
 * Trailing bytes after the value get a warning note and a `trailing` leaf so no byte goes unexplained.
 */
export function decodeAll(codec: Codec, bytes: Uint8Array, name: string): { field: Field; complete: boolean } {
  const r = new ByteReader(bytes);
  let field: Field;
  try {
    field = codec.decode(r, name);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    field = e instanceof PartialDecodeError ? e.partial : brokenField(name, e, bytes.length);
    return { field, complete: false };
  }
  if (r.pos < bytes.length) {
    const trailing: Field = {
      name: 'trailing',
      shape: 'leaf',
      value: toHex(bytes.subarray(r.pos)),
      start: r.pos,
      end: bytes.length,
      encoding: true,
    };
    addNote(trailing, 'warning', 'decode.trailing', `${bytes.length - r.pos} bytes after the end of ${codec.typeName}`);
    if (field.shape !== 'leaf') {
      (field.children ??= []).push(trailing);
      field.end = bytes.length;
    } else {
      field = { name, shape: 'struct', start: 0, end: bytes.length, children: [field, trailing] };
    }
  }
  return { field, complete: true };
}

export function encodeValue(codec: Codec, value: JsonValue, options: EncodeOptions = {}): Uint8Array {
  const w = new ByteWriter();
  codec.encode(value, w, '', options);
  return w.finish();
}

// ---------------------------------------------------------------------------------------------------------------
// Fixed binary layouts (framing headers): integers, byte strings, literals and structs with length fields.

type Endian = 'be' | 'le';

/** An unsigned integer of 1, 2, 4 or 8 bytes; `names` turns codes into names (`0: 'RPC'`). */
export function uint(size: 1 | 2 | 4 | 8, endian: Endian, names?: Readonly<Record<number, string>>): Codec {
  const le = endian === 'le';
  const typeName = `uint${size * 8}${size > 1 ? endian : ''}`;
  return {
    typeName,
    decode(r, name) {
      const start = r.pos;
      const value =
        size === 1 ? r.u8(name) : size === 2 ? r.u16(le, name) : size === 4 ? r.u32(le, name) : r.u64(le, name);
      const json = integerToJson(value);
      const label = names?.[Number(value)];
      const field: Field = { name, shape: 'leaf', value: json, start, end: r.pos };
      if (label !== undefined) field.display = `${label} (${json})`;
      return field;
    },
    encode(value, w, path) {
      let n: bigint;
      if (typeof value === 'string' && names && !/^\d/.test(value)) {
        const code = Object.entries(names).find(([, label]) => label === value)?.[0];
        if (code === undefined) throw new EncodeError(path, `unknown name ${JSON.stringify(value)}`);
        n = BigInt(code);
      } else n = integerFromJson(value, path);
      if (n < 0n || n >= 1n << BigInt(size * 8)) throw new EncodeError(path, `${n} does not fit in ${typeName}`);
      if (size === 1) w.u8(Number(n));
      else if (size === 2) w.u16(Number(n), le);
      else if (size === 4) w.u32(Number(n), le);
      else w.u64(n, le);
    },
    schema() {
      const max = size === 8 ? undefined : 2 ** (size * 8) - 1;
      return size === 8
        ? {
            title: typeName,
            anyOf: [
              { type: 'integer', minimum: 0 },
              { type: 'string', pattern: '^\\d+$' },
            ],
          }
        : { title: typeName, type: 'integer', minimum: 0, maximum: max };
    },
  };
}

/** Exactly `size` bytes, shown as hex. */
export function fixedBytes(size: number, typeName = `bytes${size}`): Codec {
  return {
    typeName,
    decode(r, name) {
      const start = r.pos;
      const value = r.take(size, name);
      return { name, shape: 'leaf', value: toHex(value), start, end: r.pos };
    },
    encode(value, w, path) {
      const bytes = bytesFromJson(value, path);
      if (bytes.length !== size) throw new EncodeError(path, `expected ${size} bytes, got ${bytes.length}`);
      w.bytes(bytes);
    },
    schema: () => hexSchema(typeName, size),
  };
}

/** All remaining bytes of the reader's window, as hex. */
export const restBytes: Codec = {
  typeName: 'bytes',
  decode(r, name) {
    const start = r.pos;
    return { name, shape: 'leaf', value: toHex(r.take(r.remaining, name)), start, end: r.pos };
  },
  encode(value, w, path) {
    w.bytes(bytesFromJson(value, path));
  },
  schema: () => hexSchema('bytes'),
};

/** A fixed ASCII marker such as `EWP`; anything else is an error at its first byte. */
export function asciiLiteral(literal: string): Codec {
  return {
    typeName: JSON.stringify(literal),
    decode(r, name) {
      const start = r.pos;
      const got = r.take(literal.length, name);
      for (let i = 0; i < literal.length; i++) {
        if (got[i] !== literal.charCodeAt(i)) {
          throw new DecodeError(start + i, `expected ${JSON.stringify(literal)}`, 'bad-literal');
        }
      }
      return { name, shape: 'leaf', value: literal, start, end: r.pos };
    },
    encode(value, w, path) {
      if (value !== null && value !== literal) throw new EncodeError(path, `must be ${JSON.stringify(literal)}`);
      w.ascii(literal);
    },
    schema: () => ({ const: literal }),
  };
}

export function bytesFromJson(value: JsonValue, path: string): Uint8Array {
  if (typeof value !== 'string') throw new EncodeError(path, `expected 0x-hex bytes, got ${JSON.stringify(value)}`);
  try {
    return fromHex(value);
  } catch (e) {
    throw new EncodeError(path, e instanceof HexError ? e.message : String(e));
  }
}

/** 0x-hex of any length, or of exactly `size` bytes (the pattern repeats a two-digit byte `size` times). */
export function hexSchema(title: string, size?: number): JsonSchema {
  const bytes = size === undefined ? '*' : `{${size}}`;
  return { title, type: 'string', pattern: `^0x([0-9a-fA-F]{2})${bytes}$` };
}

/** One member of a struct layout. */
export interface StructMember {
  name: string;
  label?: string;
  /** The member's codec, or a function choosing it from the members decoded before it. */
  codec: Codec | ((before: Readonly<Record<string, JsonValue>>) => Codec);
  /** The member spans exactly this many bytes (a length field decoded earlier); its codec reads inside that window. */
  size?: (before: Readonly<Record<string, JsonValue>>) => number;
  /** This member holds the encoded byte length of the named later member: recomputed on encode. */
  lengthOf?: string;
  /** An encoding detail (length, offset): in the tree, not in `fields`. */
  encoding?: boolean;
}

/** A sequence of members, decoded in order, with length fields recomputed on encode. */
export function structOf(typeName: string, members: readonly StructMember[]): Codec {
  return {
    typeName,
    decode(r, name) {
      const field: Field = { name, shape: 'struct', start: r.pos, end: r.pos, children: [] };
      const before: Record<string, JsonValue> = {};
      for (const m of members) {
        const codec = typeof m.codec === 'function' ? m.codec(before) : m.codec;
        let child: Field;
        if (m.size) {
          const size = m.size(before);
          if (size > r.remaining) {
            const missing = new DecodeError(
              r.pos,
              `${m.name}: declared ${size} bytes, only ${r.remaining} left`,
              'truncated',
            );
            field.children!.push(brokenField(m.name, missing, r.end));
            field.end = r.end;
            throw new PartialDecodeError(missing, field);
          }
          const window = new ByteReader(r.bytes, r.pos, r.pos + size);
          child = decodeChild(window, codec, m.name, field);
          if (window.pos < window.end) {
            addNote(child, 'warning', 'decode.trailing', `${window.end - window.pos} bytes left inside ${m.name}`);
            child.end = window.end;
          }
          r.pos += size;
        } else {
          child = decodeChild(r, codec, m.name, field);
        }
        if (m.label) child.label = m.label;
        if (m.encoding || m.lengthOf) child.encoding = true;
        if (child.shape === 'leaf') before[m.name] = child.value ?? null;
      }
      field.end = r.pos;
      return field;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected an object for ${typeName}`);
      const encoded = new Map<string, Uint8Array>();
      for (const m of members) {
        if (m.lengthOf) continue;
        const codec = typeof m.codec === 'function' ? m.codec(value) : m.codec;
        const sub = new ByteWriter();
        codec.encode(value[m.name] ?? null, sub, childPath(path, m.name), options);
        encoded.set(m.name, sub.finish());
      }
      for (const m of members) {
        if (!m.lengthOf) continue;
        const given = value[m.name];
        const length = options.keepLengths && given !== undefined ? given : encoded.get(m.lengthOf)!.length;
        const codec = typeof m.codec === 'function' ? m.codec(value) : m.codec;
        const sub = new ByteWriter();
        codec.encode(length, sub, childPath(path, m.name), options);
        encoded.set(m.name, sub.finish());
      }
      for (const m of members) w.bytes(encoded.get(m.name)!);
    },
    schema() {
      const properties: Record<string, JsonSchema> = {};
      for (const m of members) {
        if (typeof m.codec !== 'function') properties[m.name] = m.codec.schema();
        else properties[m.name] = {};
      }
      const required = members.filter((m) => !m.lengthOf && !m.encoding).map((m) => m.name);
      return { title: typeName, type: 'object', properties, required };
    },
  };
}
