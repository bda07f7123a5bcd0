import {
  BitListType,
  BitVectorType,
  BooleanType,
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  NoneType,
  OptionalType,
  UintBigintType,
  UintNumberType,
  UnionType,
  VectorBasicType,
  VectorCompositeType,
  type Type,
} from '@chainsafe/ssz';
import { bytesFromJson, hexSchema, PartialDecodeError, brokenField, type Codec, type JsonSchema } from '../core/codec';
import { addNote, hexLeaf, LazyField, type Field } from '../core/field';
import { childPath, EncodeError, integerFromJson, integerToJson, isJsonObject, type JsonValue } from '../core/json';
import { DecodeError, type ByteReader } from '../core/reader';

/**
 * Annotated SSZ: walks bytes along a `@chainsafe/ssz` type and yields a Field for every element, offset and
 * selector with its byte range. Unlike the library's deserialize (one error, no partial result), a malformed
 * input yields everything before the break and an error note at the exact byte. Encoding goes through the
 * library's own serializer, so what we write is what every SSZ implementation writes.
 */

// The ssz types are generic classes; the walker only needs their shape.
type AnySszType = Type<unknown>;

/** A Codec for an SSZ type. Fixed-size types read their size; variable-size ones read to the end of the window. */
export function sszCodec(type: AnySszType, typeName = sszTypeName(type)): Codec {
  return {
    typeName,
    decode(r: ByteReader, name: string): Field {
      // A fixed-size value reads its size; a short window fails inside, at the first missing field.
      const end = type.fixedSize === null ? r.end : Math.min(r.end, r.pos + type.fixedSize);
      const field = walk(type, r.bytes, r.pos, end, name);
      r.pos = end;
      return field;
    },
    encode(value: JsonValue, w, path) {
      w.bytes(type.serialize(valueFromJson(type, value, path)));
    },
    schema: () => sszSchema(type),
  };
}

/** Decodes `bytes[start, end)` as `type`; throws DecodeError (with the partial tree) on malformed input. */
export function walk(type: AnySszType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  switch (kindOf(type)) {
    case 'uint':
      return uintLeaf(type as UintNumberType | UintBigintType, bytes, start, end, name);
    case 'boolean':
      return booleanLeaf(bytes, start, end, name);
    case 'byteVector':
      return byteVectorLeaf(type as ByteVectorType, bytes, start, end, name);
    case 'byteList':
      return byteListLeaf(type as ByteListType, bytes, start, end, name);
    case 'bitVector':
      return bitVectorLeaf(type as BitVectorType, bytes, start, end, name);
    case 'bitList':
      return bitListLeaf(type as BitListType, bytes, start, end, name);
    case 'container':
      return container(type as ContainerType<Record<string, AnySszType>>, bytes, start, end, name);
    case 'basicArray':
      return basicArray(type as BasicArrayType, bytes, start, end, name);
    case 'compositeArray':
      return compositeArray(type as CompositeArrayType, bytes, start, end, name);
    case 'union':
      return union(type as UnionType<AnySszType[]>, bytes, start, end, name);
    case 'optional':
      return optional(type as OptionalType<AnySszType>, bytes, start, end, name);
    case 'none':
      if (end > start) throw new DecodeError(start, `${end - start} bytes where a None value has none`, 'size');
      return { name, shape: 'leaf', value: null, start, end };
    default:
      throw new Error(`ssz walker: unsupported type ${type.typeName}`);
  }
}

type TypeKind =
  | 'uint'
  | 'boolean'
  | 'byteVector'
  | 'byteList'
  | 'bitVector'
  | 'bitList'
  | 'container'
  | 'basicArray'
  | 'compositeArray'
  | 'union'
  | 'optional'
  | 'none'
  | 'unsupported';

// The walker visits every element of a long list: classify each type once instead of running an instanceof chain.
const kinds = new WeakMap<AnySszType, TypeKind>();

function kindOf(type: AnySszType): TypeKind {
  let kind = kinds.get(type);
  if (kind === undefined) {
    kind = classify(type);
    kinds.set(type, kind);
  }
  return kind;
}

function classify(type: AnySszType): TypeKind {
  if (type instanceof UintNumberType || type instanceof UintBigintType) return 'uint';
  if (type instanceof BooleanType) return 'boolean';
  if (type instanceof ByteVectorType) return 'byteVector';
  if (type instanceof ByteListType) return 'byteList';
  if (type instanceof BitVectorType) return 'bitVector';
  if (type instanceof BitListType) return 'bitList';
  if (type instanceof ContainerType) return 'container';
  if (type instanceof ListBasicType || type instanceof VectorBasicType) return 'basicArray';
  if (type instanceof ListCompositeType || type instanceof VectorCompositeType) return 'compositeArray';
  if (type instanceof UnionType) return 'union';
  if (type instanceof OptionalType) return 'optional';
  if (type instanceof NoneType) return 'none';
  return 'unsupported';
}

export function sszTypeName(type: AnySszType): string {
  return type.typeName;
}

// ---------------------------------------------------------------------------------------------------------------
// Leaves

function expectSize(what: string, start: number, end: number, size: number): void {
  if (end - start < size) {
    throw new DecodeError(start, `${what}: needs ${size} bytes, only ${end - start} available`, 'truncated');
  }
  if (end - start > size) throw new DecodeError(start + size, `${what}: ${end - start - size} extra bytes`, 'size');
}

function readUintLE(bytes: Uint8Array, start: number, size: number): number | bigint {
  if (size === 8) {
    // Two 32-bit halves: a number while it stays exact (below 2^53), a bigint only beyond.
    const low = readU32(bytes, start);
    const high = readU32(bytes, start + 4);
    return high < 0x200000 ? high * 0x100000000 + low : (BigInt(high) << 32n) | BigInt(low);
  }
  if (size <= 6) {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[start + i]!;
    return v;
  }
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[start + i]!);
  return v;
}

function uintLeaf(type: UintNumberType | UintBigintType, bytes: Uint8Array, start: number, end: number, name: string) {
  expectSize(type.typeName, start, end, type.byteLength);
  const raw = readUintLE(bytes, start, type.byteLength);
  return leafField(name, integerToJson(raw), start, end);
}

function booleanLeaf(bytes: Uint8Array, start: number, end: number, name: string): Field {
  expectSize('boolean', start, end, 1);
  const b = bytes[start]!;
  if (b > 1) throw new DecodeError(start, `boolean must be 0x00 or 0x01, got 0x${b.toString(16)}`, 'bad-value');
  return leafField(name, b === 1, start, end);
}

function byteVectorLeaf(type: ByteVectorType, bytes: Uint8Array, start: number, end: number, name: string) {
  expectSize(type.typeName, start, end, type.lengthBytes);
  return hexLeaf(name, bytes, start, end);
}

function byteListLeaf(type: ByteListType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  const field = hexLeaf(name, bytes, start, end);
  if (end - start > type.limitBytes) {
    addNote(field, 'warning', 'ssz.limit', `${end - start} bytes exceed the limit of ${type.limitBytes}`);
  }
  return field;
}

function bitsDisplay(bytes: Uint8Array, start: number, bitLen: number): string {
  let bits = '';
  for (let i = 0; i < bitLen && i < 256; i++) bits += (bytes[start + (i >> 3)]! >> (i & 7)) & 1 ? '1' : '0';
  if (bitLen > 256) bits += '…';
  return `${bits} (${bitLen} bits)`;
}

function bitVectorLeaf(type: BitVectorType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  expectSize(type.typeName, start, end, Math.ceil(type.lengthBits / 8));
  const field = hexLeaf(name, bytes, start, end);
  field.display = bitsDisplay(bytes, start, type.lengthBits);
  const spare = type.lengthBits % 8;
  if (spare !== 0 && bytes[end - 1]! >> spare !== 0) {
    addNote(field, 'error', 'ssz.bits', 'bits set beyond the vector length');
  }
  return field;
}

function bitListLeaf(type: BitListType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  if (end === start) throw new DecodeError(start, 'bitlist: empty (the length bit is missing)', 'truncated');
  const last = bytes[end - 1]!;
  if (last === 0) throw new DecodeError(end - 1, 'bitlist: last byte is zero (no length bit)', 'bad-value');
  const bitLen = (end - start - 1) * 8 + (31 - Math.clz32(last));
  const field = hexLeaf(name, bytes, start, end);
  field.display = bitsDisplay(bytes, start, bitLen);
  if (bitLen > type.limitBits) {
    addNote(field, 'warning', 'ssz.limit', `${bitLen} bits exceed the limit of ${type.limitBits}`);
  }
  return field;
}

function leafField(name: string, value: JsonValue, start: number, end: number): Field {
  return { name, shape: 'leaf', value, start, end };
}

function offsetField(name: string, value: number, at: number): Field {
  return { name, shape: 'leaf', value, start: at, end: at + 4, encoding: true, display: `offset ${value}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Composites

/**
 * A child failed: completes `parent` with the child's partial tree and rethrows with the parent, so a failure deep
 * down yields the full path. Every composite funnels child failures through here.
 */
function failChild(parent: Field, name: string, e: unknown, end: number): never {
  if (!(e instanceof DecodeError)) throw e;
  parent.children!.push(e instanceof PartialDecodeError ? e.partial : brokenField(name, e, end));
  parent.end = end;
  throw new PartialDecodeError(e, parent);
}

/**
 * Reads the 4-byte offsets of the variable parts. They must start right after the fixed part, never decrease,
 * and stay inside the value; each violation is an error at the offset's own bytes.
 */
function readOffset(
  bytes: Uint8Array,
  at: number,
  start: number,
  end: number,
  previous: number | null,
  firstExpected: number,
): number {
  if (at + 4 > end) throw new DecodeError(at, 'offset: needs 4 bytes', 'truncated');
  const offset = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  if (previous === null && offset !== firstExpected) {
    throw new DecodeError(at, `first offset is ${offset}, the fixed part ends at ${firstExpected}`, 'bad-offset');
  }
  if (previous !== null && offset < previous) {
    throw new DecodeError(at, `offset ${offset} is before the previous offset ${previous}`, 'bad-offset');
  }
  if (offset > end - start)
    throw new DecodeError(at, `offset ${offset} is beyond the end (${end - start})`, 'bad-offset');
  return offset;
}

function container(
  type: ContainerType<Record<string, AnySszType>>,
  bytes: Uint8Array,
  start: number,
  end: number,
  name: string,
): Field {
  const field: Field = { name, shape: 'struct', start, end, children: [] };
  const offsets = containerOffsets(type, bytes, start, end);
  let at = start;
  let v = 0;
  for (const { fieldName, fieldType } of type.fieldsEntries) {
    const from = at;
    if (fieldType.fixedSize !== null) {
      try {
        field.children!.push(walk(fieldType, bytes, from, Math.min(from + fieldType.fixedSize, end), fieldName));
      } catch (e) {
        failChild(field, fieldName, e, end);
      }
      at = from + fieldType.fixedSize;
      continue;
    }
    const own = offsets[v]!;
    const next = offsets[v + 1];
    v++;
    try {
      if (own.error) throw own.error;
      if (next?.error) throw next.error;
      const f = walk(fieldType, bytes, start + own.offset, next ? start + next.offset : end, fieldName);
      (f.children ??= []).unshift(offsetField('offset', own.offset, from));
      field.children!.push(f);
    } catch (e) {
      failChild(field, fieldName, e, end);
    }
    at += 4;
  }
  if (type.fixedSize !== null && at < end) {
    const error = new DecodeError(
      at,
      `${type.typeName}: ${end - at} bytes after its fixed size of ${type.fixedSize}`,
      'size',
    );
    throw new PartialDecodeError(error, withBroken(field, error, end));
  }
  return field;
}

/**
 * The offsets of a container's variable fields, read from its fixed part. The first must point right after the
 * fixed part, none may decrease or leave the value; a bad one (and all after it) carries its error.
 */
function containerOffsets(
  type: ContainerType<Record<string, AnySszType>>,
  bytes: Uint8Array,
  start: number,
  end: number,
): { offset: number; error?: DecodeError }[] {
  const out: { offset: number; error?: DecodeError }[] = [];
  let at = start;
  let previous: number | null = null;
  let broken: DecodeError | undefined;
  for (const { fieldType } of type.fieldsEntries) {
    if (fieldType.fixedSize !== null) {
      at += fieldType.fixedSize;
      continue;
    }
    if (!broken) {
      try {
        previous = readOffset(bytes, at, start, end, previous, type.fixedEnd);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        broken = e;
      }
    }
    out.push(broken ? { offset: 0, error: broken } : { offset: previous! });
    at += 4;
  }
  return out;
}

function withBroken(field: Field, error: DecodeError, end: number): Field {
  field.children!.push(brokenField('bytes', error, end));
  field.end = end;
  return field;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the element type is read through its generic shape
type BasicArrayType = ListBasicType<any> | VectorBasicType<any>;

function basicArray(type: BasicArrayType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  const elementType = type.elementType as AnySszType;
  const size = elementType.fixedSize!;
  const field: Field = { name, shape: 'list', start, end, children: [] };
  const count = type instanceof VectorBasicType ? type.length : Math.floor((end - start) / size);
  if (type instanceof VectorBasicType) expectSize(type.typeName, start, end, count * size);
  else if ((end - start) % size !== 0) {
    throw new DecodeError(
      start + count * size,
      `${type.typeName}: ${end - start} bytes is not a whole number of ${size}-byte elements`,
      'size',
    );
  }
  for (let i = 0; i < count; i++) {
    const at = start + i * size;
    field.children!.push(walk(elementType, bytes, at, at + size, String(i)));
  }
  if (type instanceof ListBasicType && count > type.limit) {
    addNote(field, 'warning', 'ssz.limit', `${count} elements exceed the limit of ${type.limit}`);
  }
  return field;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
type CompositeArrayType = ListCompositeType<any> | VectorCompositeType<any>;

function compositeArray(type: CompositeArrayType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  const elementType = type.elementType as AnySszType;
  const field: Field = { name, shape: 'list', start, end, children: [] };
  const isVector = type instanceof VectorCompositeType;
  if (elementType.fixedSize !== null) {
    const size = elementType.fixedSize;
    const count = isVector ? type.length : Math.floor((end - start) / size);
    if (isVector) expectSize(type.typeName, start, end, count * size);
    else if ((end - start) % size !== 0) {
      const error = new DecodeError(
        start + count * size,
        `${type.typeName}: ${end - start} bytes is not a whole number of ${size}-byte elements`,
        'size',
      );
      throw new PartialDecodeError(error, withBroken(field, error, end));
    }
    for (let i = 0; i < count; i++) {
      const at = start + i * size;
      try {
        field.children!.push(element(elementType, bytes, at, at + size, String(i)));
      } catch (e) {
        failChild(field, String(i), e, end);
      }
    }
    checkLimit(type, field, count);
    return field;
  }
  // Variable-size elements: a table of offsets, the first of which tells how many there are.
  if (end === start) {
    if (isVector && type.length > 0) throw new DecodeError(start, `${type.typeName}: empty`, 'truncated');
    return field;
  }
  if (end - start < 4) throw new DecodeError(start, `${type.typeName}: needs a 4-byte offset`, 'truncated');
  const first = readOffset(bytes, start, start, end, null, readU32(bytes, start));
  if (first % 4 !== 0 || first === 0) {
    throw new DecodeError(start, `first offset ${first} is not a multiple of 4`, 'bad-offset');
  }
  const count = first / 4;
  if (isVector && count !== type.length) {
    throw new DecodeError(start, `${type.typeName}: ${count} elements, expected ${type.length}`, 'size');
  }
  const offsets: number[] = [first];
  for (let i = 1; i < count; i++) {
    try {
      offsets.push(readOffset(bytes, start + 4 * i, start, end, offsets[i - 1]!, first));
    } catch (e) {
      failChild(field, String(i), e, end);
    }
  }
  for (let i = 0; i < count; i++) {
    const elementEnd = i + 1 < count ? start + offsets[i + 1]! : end;
    try {
      const f = element(elementType, bytes, start + offsets[i]!, elementEnd, String(i));
      prependChild(f, offsetField('offset', offsets[i]!, start + 4 * i));
      field.children!.push(f);
    } catch (e) {
      failChild(field, String(i), e, end);
    }
  }
  checkLimit(type, field, count);
  return field;
}

function checkLimit(type: CompositeArrayType, field: Field, count: number): void {
  if (type instanceof ListCompositeType && count > type.limit) {
    addNote(field, 'warning', 'ssz.limit', `${count} elements exceed the limit of ${type.limit}`);
  }
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function union(type: UnionType<AnySszType[]>, bytes: Uint8Array, start: number, end: number, name: string): Field {
  if (end === start) throw new DecodeError(start, 'union: the selector byte is missing', 'truncated');
  const selector = bytes[start]!;
  const field: Field = { name, shape: 'struct', start, end, children: [] };
  field.children!.push({ name: 'selector', shape: 'leaf', value: selector, start, end: start + 1 });
  const variant = type.types[selector];
  if (!variant) {
    const error = new DecodeError(
      start,
      `union selector ${selector} is out of range (${type.types.length} types)`,
      'bad-value',
    );
    throw new PartialDecodeError(error, withBroken(field, error, end));
  }
  try {
    field.children!.push(walk(variant, bytes, start + 1, end, 'value'));
  } catch (e) {
    failChild(field, 'value', e, end);
  }
  return field;
}

function optional(type: OptionalType<AnySszType>, bytes: Uint8Array, start: number, end: number, name: string): Field {
  if (end === start) return { name, shape: 'leaf', value: null, start, end };
  if (bytes[start] !== 1)
    throw new DecodeError(start, 'optional: selector must be 1 when a value follows', 'bad-value');
  const inner = walk(type.elementType, bytes, start + 1, end, name);
  (inner.children ??= []).unshift({ name: 'selector', shape: 'leaf', value: 1, start, end: start + 1, encoding: true });
  inner.start = start;
  return inner;
}

// ---------------------------------------------------------------------------------------------------------------
// Structural check without a tree

/**
 * Whether `bytes[start, end)` is a well-formed `type`: true exactly when `walk` would decode it without an error
 * (limits only warn, so they do not count). Allocates nothing, so a caller can try several types cheaply and walk
 * only the one that fits.
 */
export function sszFits(type: AnySszType, bytes: Uint8Array, start: number, end: number): boolean {
  return fits(type, bytes, start, end, false);
}

/** Whether `walk` would decode `bytes[start, end)` with no note at all (no error, no limit warning). */
export function sszClean(type: AnySszType, bytes: Uint8Array, start: number, end: number): boolean {
  return fits(type, bytes, start, end, true);
}

function fits(type: AnySszType, bytes: Uint8Array, start: number, end: number, strict: boolean): boolean {
  if (end < start || end > bytes.length) return false;
  if (type.fixedSize !== null && !hasValueChecks(type, strict)) return end - start === type.fixedSize;
  switch (kindOf(type)) {
    case 'uint':
      return end - start === (type as UintNumberType).byteLength;
    case 'boolean':
      return end - start === 1 && bytes[start]! <= 1;
    case 'byteVector':
      return end - start === (type as ByteVectorType).lengthBytes;
    case 'byteList':
      return !strict || end - start <= (type as ByteListType).limitBytes;
    case 'none':
      return end === start;
    case 'bitVector': {
      // Bits set past the length are an error (walk notes it), so they fail both checks.
      const bits = (type as BitVectorType).lengthBits;
      if (end - start !== Math.ceil(bits / 8)) return false;
      return bits % 8 === 0 || bytes[end - 1]! >> (bits % 8) === 0;
    }
    case 'bitList': {
      if (end <= start || bytes[end - 1] === 0) return false;
      const bitLen = (end - start - 1) * 8 + (31 - Math.clz32(bytes[end - 1]!));
      return !strict || bitLen <= (type as BitListType).limitBits;
    }
    case 'container':
      return containerFits(type as ContainerType<Record<string, AnySszType>>, bytes, start, end, strict);
    case 'basicArray':
      return basicArrayFits(type as BasicArrayType, bytes, start, end, strict);
    case 'compositeArray':
      return compositeArrayFits(type as CompositeArrayType, bytes, start, end, strict);
    case 'union': {
      const variant = end > start ? (type as UnionType<AnySszType[]>).types[bytes[start]!] : undefined;
      return variant !== undefined && fits(variant, bytes, start + 1, end, strict);
    }
    case 'optional':
      return (
        end === start ||
        (bytes[start] === 1 && fits((type as OptionalType<AnySszType>).elementType, bytes, start + 1, end, strict))
      );
    default:
      return false;
  }
}

const valueChecks = new WeakMap<AnySszType, boolean>();
const strictChecks = new WeakMap<AnySszType, boolean>();

/**
 * Whether a fixed-size type holds a leaf that can be malformed at the right size (a boolean), or, when strict,
 * one that can carry a note (a bit vector with spare bits).
 */
function hasValueChecks(type: AnySszType, strict: boolean): boolean {
  const cache = strict ? strictChecks : valueChecks;
  let known = cache.get(type);
  if (known === undefined) {
    const kind = kindOf(type);
    if (kind === 'boolean') known = true;
    else if (kind === 'bitVector') known = (type as BitVectorType).lengthBits % 8 !== 0;
    else if (kind === 'container') {
      known = (type as ContainerType<Record<string, AnySszType>>).fieldsEntries.some(
        ({ fieldType }: { fieldType: AnySszType }) => hasValueChecks(fieldType, strict),
      );
    } else if (type instanceof VectorBasicType || type instanceof VectorCompositeType) {
      known = hasValueChecks(type.elementType as AnySszType, strict);
    } else known = false;
    cache.set(type, known);
  }
  return known;
}

function containerFits(
  type: ContainerType<Record<string, AnySszType>>,
  bytes: Uint8Array,
  start: number,
  end: number,
  strict: boolean,
): boolean {
  if (type.fixedSize !== null && end - start !== type.fixedSize) return false;
  if (end - start < type.fixedEnd) return false;
  let at = start;
  // The variable field whose offset was read last: its part ends where the next one starts.
  let openType: AnySszType | null = null;
  let openOffset = 0;
  for (const { fieldType } of type.fieldsEntries) {
    if (fieldType.fixedSize !== null) {
      if (!fits(fieldType, bytes, at, at + fieldType.fixedSize, strict)) return false;
      at += fieldType.fixedSize;
      continue;
    }
    const offset = readU32(bytes, at);
    if (openType === null ? offset !== type.fixedEnd : offset < openOffset) return false;
    if (offset > end - start) return false;
    if (openType !== null && !fits(openType, bytes, start + openOffset, start + offset, strict)) return false;
    openType = fieldType;
    openOffset = offset;
    at += 4;
  }
  return openType === null || fits(openType, bytes, start + openOffset, end, strict);
}

function basicArrayFits(type: BasicArrayType, bytes: Uint8Array, start: number, end: number, strict: boolean): boolean {
  const elementType = type.elementType as AnySszType;
  const size = elementType.fixedSize!;
  const length = end - start;
  if (type instanceof VectorBasicType ? length !== type.length * size : length % size !== 0) return false;
  if (strict && type instanceof ListBasicType && length / size > type.limit) return false;
  if (!(elementType instanceof BooleanType)) return true;
  for (let at = start; at < end; at++) if (bytes[at]! > 1) return false;
  return true;
}

function compositeArrayFits(
  type: CompositeArrayType,
  bytes: Uint8Array,
  start: number,
  end: number,
  strict: boolean,
): boolean {
  const elementType = type.elementType as AnySszType;
  const isVector = type instanceof VectorCompositeType;
  const length = end - start;
  if (elementType.fixedSize !== null) {
    const size = elementType.fixedSize;
    if (isVector ? length !== type.length * size : length % size !== 0) return false;
    if (strict && !isVector && length / size > type.limit) return false;
    if (!hasValueChecks(elementType, strict)) return true;
    for (let at = start; at < end; at += size) if (!fits(elementType, bytes, at, at + size, strict)) return false;
    return true;
  }
  if (length === 0) return !isVector || type.length === 0;
  if (length < 4) return false;
  const first = readU32(bytes, start);
  if (first === 0 || first % 4 !== 0 || first > length) return false;
  const count = first / 4;
  if (isVector && count !== type.length) return false;
  if (strict && !isVector && count > type.limit) return false;
  let previous = first;
  for (let i = 1; i <= count; i++) {
    const next = i < count ? readU32(bytes, start + 4 * i) : length;
    if (next < previous || next > length) return false;
    if (!fits(elementType, bytes, start + previous, start + next, strict)) return false;
    previous = next;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Lazy subtrees

/**
 * A composite list element checked clean (`sszClean`) but not yet walked: its fields are built the first time
 * something reads them. Summaries, pairing and rules that only look at message headers then cost no tree at all
 * for a body of a hundred blocks; a view that shows the element builds it (the same tree `walk` gives).
 */
class LazyElement extends LazyField {
  private prefix: Field[] | undefined;

  constructor(
    private readonly type: AnySszType,
    private readonly bytes: Uint8Array,
    name: string,
    start: number,
    end: number,
  ) {
    const kind = kindOf(type);
    const shape =
      kind === 'basicArray' || kind === 'compositeArray'
        ? 'list'
        : kind === 'container' || kind === 'union'
          ? 'struct'
          : 'leaf';
    super(shape, name, start, end);
  }

  /** The bytes of container member `member` while the element is still unbuilt (rules that need one value). */
  memberBytes(member: string): Uint8Array | null {
    if (!this.unbuilt || kindOf(this.type) !== 'container') return null;
    const range = containerMemberRange(
      this.type as ContainerType<Record<string, AnySszType>>,
      this.bytes,
      this.start,
      this.end,
      member,
    );
    return range ? this.bytes.subarray(range.start, range.end) : null;
  }

  /** Adds an encoding child (its offset) in front without building the element. */
  prepend(child: Field): void {
    if (this.unbuilt) (this.prefix ??= []).unshift(child);
    else (this.children ??= []).unshift(child);
  }

  protected build(): Field {
    // The element was checked clean, so walking it cannot throw; ranges are the element's own.
    const walked = walk(this.type, this.bytes, this.start, this.end, this.name);
    if (this.prefix) walked.children = [...this.prefix, ...(walked.children ?? [])];
    return walked;
  }
}

/**
 * The bytes of a container member read without building a lazy list element, or null when `field` is an
 * ordinary (built) field — then read its child instead. Lets a rule look at one value of each of a hundred blocks.
 */
export function lazyMemberBytes(field: Field, member: string): Uint8Array | null {
  return field instanceof LazyElement ? field.memberBytes(member) : null;
}

/** Where member `member` of a well-formed container lies (offsets already checked). */
function containerMemberRange(
  type: ContainerType<Record<string, AnySszType>>,
  bytes: Uint8Array,
  start: number,
  end: number,
  member: string,
): { start: number; end: number } | null {
  let at = start;
  const entries = type.fieldsEntries;
  for (let i = 0; i < entries.length; i++) {
    const { fieldName, fieldType } = entries[i]!;
    const size = fieldType.fixedSize;
    if (String(fieldName) === member) {
      if (size !== null) return { start: at, end: at + size };
      // A variable member ends where the next variable member's part starts, or at the end.
      const next = entries.slice(i + 1).findIndex((e) => e.fieldType.fixedSize === null);
      let nextAt = at + 4;
      for (let j = i + 1; j < i + 1 + next; j++) nextAt += entries[j]!.fieldType.fixedSize!;
      return { start: start + readU32(bytes, at), end: next < 0 ? end : start + readU32(bytes, nextAt) };
    }
    at += size ?? 4;
  }
  return null;
}

/** Walks an element of a list, or defers it when it is clean and composite. */
function element(type: AnySszType, bytes: Uint8Array, start: number, end: number, name: string): Field {
  const kind = kindOf(type);
  const composite = kind === 'container' || kind === 'compositeArray' || kind === 'basicArray' || kind === 'union';
  if (composite && sszClean(type, bytes, start, end)) return new LazyElement(type, bytes, name, start, end);
  return walk(type, bytes, start, end, name);
}

function prependChild(field: Field, child: Field): void {
  if (field instanceof LazyElement) field.prepend(child);
  else (field.children ??= []).unshift(child);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON → library value (for encoding through the library's serializer)

export function valueFromJson(type: AnySszType, json: JsonValue, path: string): unknown {
  if (type instanceof UintNumberType) {
    const n = integerFromJson(json, path);
    if (n < 0n || n >= 1n << BigInt(type.byteLength * 8))
      throw new EncodeError(path, `${n} does not fit ${type.typeName}`);
    return Number(n);
  }
  if (type instanceof UintBigintType) {
    const n = integerFromJson(json, path);
    if (n < 0n || n >= 1n << BigInt(type.byteLength * 8))
      throw new EncodeError(path, `${n} does not fit ${type.typeName}`);
    return n;
  }
  if (type instanceof BooleanType) {
    if (typeof json !== 'boolean') throw new EncodeError(path, 'expected true or false');
    return json;
  }
  if (type instanceof ByteVectorType) {
    const b = bytesFromJson(json, path);
    if (b.length !== type.lengthBytes)
      throw new EncodeError(path, `expected ${type.lengthBytes} bytes, got ${b.length}`);
    return b;
  }
  if (type instanceof ByteListType) return bytesFromJson(json, path);
  if (type instanceof BitVectorType || type instanceof BitListType) {
    try {
      return type.deserialize(bytesFromJson(json, path));
    } catch (e) {
      throw new EncodeError(path, `bad bitfield: ${(e as Error).message}`);
    }
  }
  if (type instanceof ContainerType) {
    if (!isJsonObject(json)) throw new EncodeError(path, `expected an object for ${type.typeName}`);
    const out: Record<string, unknown> = {};
    for (const { fieldName: key, fieldType } of type.fieldsEntries) {
      const fieldName = String(key);
      if (!(fieldName in json)) throw new EncodeError(childPath(path, fieldName), 'missing');
      out[fieldName] = valueFromJson(fieldType, json[fieldName]!, childPath(path, fieldName));
    }
    return out;
  }
  if (
    type instanceof ListBasicType ||
    type instanceof VectorBasicType ||
    type instanceof ListCompositeType ||
    type instanceof VectorCompositeType
  ) {
    if (!Array.isArray(json)) throw new EncodeError(path, `expected a list for ${type.typeName}`);
    if ('length' in type && typeof type.length === 'number' && json.length !== type.length) {
      throw new EncodeError(path, `expected ${type.length} elements, got ${json.length}`);
    }
    return json.map((v, i) => valueFromJson(type.elementType as AnySszType, v, childPath(path, i)));
  }
  if (type instanceof UnionType) {
    if (!isJsonObject(json) || typeof json.selector !== 'number')
      throw new EncodeError(path, 'expected {selector, value}');
    const variant = type.types[json.selector];
    if (!variant) throw new EncodeError(childPath(path, 'selector'), `no union type ${json.selector}`);
    return { selector: json.selector, value: valueFromJson(variant, json.value ?? null, childPath(path, 'value')) };
  }
  if (type instanceof OptionalType) return json === null ? null : valueFromJson(type.elementType, json, path);
  if (type instanceof NoneType) return null;
  throw new EncodeError(path, `unsupported SSZ type ${type.typeName}`);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON Schema of the decoded JSON

export function sszSchema(type: AnySszType): JsonSchema {
  if (type instanceof UintNumberType) return { title: type.typeName, type: 'integer', minimum: 0 };
  if (type instanceof UintBigintType) {
    return {
      title: type.typeName,
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: '^\\d+$' },
      ],
    };
  }
  if (type instanceof BooleanType) return { type: 'boolean' };
  if (type instanceof ByteVectorType) return hexSchema(type.typeName, type.lengthBytes);
  if (type instanceof ByteListType || type instanceof BitListType || type instanceof BitVectorType) {
    return hexSchema(type.typeName);
  }
  if (type instanceof ContainerType) {
    const properties: Record<string, JsonSchema> = {};
    for (const { fieldName, fieldType } of type.fieldsEntries) properties[String(fieldName)] = sszSchema(fieldType);
    return { title: type.typeName, type: 'object', properties, required: Object.keys(properties) };
  }
  if (type instanceof ListBasicType || type instanceof ListCompositeType) {
    return {
      title: type.typeName,
      type: 'array',
      maxItems: type.limit,
      items: sszSchema(type.elementType as AnySszType),
    };
  }
  if (type instanceof VectorBasicType || type instanceof VectorCompositeType) {
    const items = sszSchema(type.elementType as AnySszType);
    return { title: type.typeName, type: 'array', minItems: type.length, maxItems: type.length, items };
  }
  if (type instanceof UnionType) {
    return {
      title: type.typeName,
      oneOf: type.types.map((t: AnySszType, selector: number) => ({
        type: 'object',
        properties: { selector: { const: selector }, value: sszSchema(t) },
        required: ['selector', 'value'],
      })),
    };
  }
  if (type instanceof OptionalType) return { anyOf: [{ type: 'null' }, sszSchema(type.elementType)] };
  return {};
}
