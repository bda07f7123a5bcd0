import type { Random } from './random';

/** A length, offset or count field of a seed: where it is and how it is written. */
export interface NumberField {
  at: number;
  size: 1 | 2 | 4 | 8;
  littleEndian: boolean;
}

/** What a mutation may use besides the input: its known number fields and other seeds to splice in. */
export interface MutationContext {
  numberFields?: readonly NumberField[];
  donors?: readonly Uint8Array[];
  /** Inputs never grow beyond this (default 64 KiB). */
  maxLength?: number;
}

/** Byte values that sit on boundaries decoders check. */
const INTERESTING_8 = [
  0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x7f, 0x80, 0x81, 0xbf, 0xc0, 0xf7, 0xf8, 0xfe, 0xff,
];
/** Lengths and offsets that sit on boundaries: sign bits, powers of two, the usual limits. */
const INTERESTING_32 = [
  0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 14, 15, 16, 31, 32, 55, 56, 63, 64, 100, 127, 128, 255, 256, 512, 1000, 1024, 4096,
  32767, 32768, 65535, 65536, 0x7fffff, 0x1000000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
];

type Mutation = (rng: Random, bytes: Uint8Array, context: MutationContext) => Uint8Array;

/** Applies a stack of 1–8 mutations (fewer more often); the input itself is never changed. */
export function mutate(rng: Random, input: Uint8Array, context: MutationContext = {}): Uint8Array {
  const maxLength = context.maxLength ?? 65536;
  let bytes: Uint8Array = input.slice();
  if (context.numberFields && context.numberFields.length > 0 && rng.chance(0.5)) {
    bytes = tweakNumberField(rng, bytes, context);
  }
  const rounds = 1 + rng.smallish(7);
  for (let i = 0; i < rounds; i++) {
    bytes = rng.weighted(MUTATIONS)(rng, bytes, context);
    if (bytes.length > maxLength) bytes = bytes.subarray(0, maxLength);
  }
  return bytes;
}

const flipBit: Mutation = (rng, bytes) => {
  if (bytes.length === 0) return bytes;
  const at = rng.below(bytes.length);
  bytes[at] = bytes[at]! ^ (1 << rng.below(8));
  return bytes;
};

const setInterestingByte: Mutation = (rng, bytes) => {
  if (bytes.length === 0) return bytes;
  bytes[rng.below(bytes.length)] = rng.pick(INTERESTING_8);
  return bytes;
};

const setRandomByte: Mutation = (rng, bytes) => {
  if (bytes.length === 0) return bytes;
  bytes[rng.below(bytes.length)] = rng.below(256);
  return bytes;
};

const addToByte: Mutation = (rng, bytes) => {
  if (bytes.length === 0) return bytes;
  const at = rng.below(bytes.length);
  bytes[at] = (bytes[at]! + rng.between(-16, 16)) & 0xff;
  return bytes;
};

/** A 16- or 32-bit boundary value anywhere, in either byte order. */
const setInterestingWord: Mutation = (rng, bytes, context) => {
  const size = rng.pick([2, 4] as const);
  if (bytes.length < size) return bytes;
  const at = rng.below(bytes.length - size + 1);
  writeNumber(bytes, { at, size, littleEndian: rng.chance(0.5) }, interestingValue(rng, bytes, at, context));
  return bytes;
};

const insertBytes: Mutation = (rng, bytes) => {
  const at = rng.below(bytes.length + 1);
  const length = 1 + rng.smallish(63);
  const filler = rng.chance(0.5) ? rng.bytes(length) : new Uint8Array(length).fill(rng.pick(INTERESTING_8));
  return concatParts([bytes.subarray(0, at), filler, bytes.subarray(at)]);
};

const deleteRange: Mutation = (rng, bytes) => {
  if (bytes.length === 0) return bytes;
  const at = rng.below(bytes.length);
  const length = 1 + rng.smallish(Math.min(bytes.length - at, 256) - 1);
  return concatParts([bytes.subarray(0, at), bytes.subarray(at + length)]);
};

const truncate: Mutation = (rng, bytes) => bytes.subarray(0, rng.below(bytes.length + 1));

/** A range copied and inserted elsewhere: repeated elements, doubled headers. */
const duplicateRange: Mutation = (rng, bytes) => {
  if (bytes.length === 0) return bytes;
  const from = rng.below(bytes.length);
  const length = 1 + rng.smallish(Math.min(bytes.length - from, 512) - 1);
  const at = rng.below(bytes.length + 1);
  return concatParts([bytes.subarray(0, at), bytes.slice(from, from + length), bytes.subarray(at)]);
};

/** A range overwritten by another range of the same input. */
const copyWithin: Mutation = (rng, bytes) => {
  if (bytes.length < 2) return bytes;
  const from = rng.below(bytes.length);
  const to = rng.below(bytes.length);
  const length = 1 + rng.smallish(Math.min(bytes.length - Math.max(from, to), 128) - 1);
  bytes.copyWithin(to, from, from + length);
  return bytes;
};

/** The head of this input and the tail of another seed. */
const splice: Mutation = (rng, bytes, context) => {
  if (!context.donors || context.donors.length === 0) return bytes;
  const donor = rng.pick(context.donors);
  const cut = rng.below(bytes.length + 1);
  const from = rng.below(donor.length + 1);
  return concatParts([bytes.subarray(0, cut), donor.subarray(from)]);
};

/** A piece of another seed inserted: a valid substructure in the wrong place. */
const insertFromDonor: Mutation = (rng, bytes, context) => {
  if (!context.donors || context.donors.length === 0) return bytes;
  const donor = rng.pick(context.donors);
  if (donor.length === 0) return bytes;
  const from = rng.below(donor.length);
  const length = 1 + rng.smallish(Math.min(donor.length - from, 1024) - 1);
  const at = rng.below(bytes.length + 1);
  return concatParts([bytes.subarray(0, at), donor.subarray(from, from + length), bytes.subarray(at)]);
};

const numberFieldMutation: Mutation = (rng, bytes, context) =>
  context.numberFields && context.numberFields.length > 0 ? tweakNumberField(rng, bytes, context) : bytes;

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [6, flipBit],
  [6, setInterestingByte],
  [4, setRandomByte],
  [3, addToByte],
  [5, setInterestingWord],
  [4, insertBytes],
  [4, deleteRange],
  [3, truncate],
  [3, duplicateRange],
  [2, copyWithin],
  [2, splice],
  [2, insertFromDonor],
  [6, numberFieldMutation],
];

/** Rewrites one known length/offset/count field with a value near its own or on a boundary. */
function tweakNumberField(rng: Random, bytes: Uint8Array, context: MutationContext): Uint8Array {
  const field = rng.pick(context.numberFields!);
  if (field.at + field.size > bytes.length) return bytes;
  const current = readNumber(bytes, field);
  const max = field.size >= 4 ? 0xffffffff : 2 ** (field.size * 8) - 1;
  const value = rng.weighted<() => number>([
    [3, () => current + rng.between(1, 8)],
    [3, () => current - rng.between(1, 8)],
    [1, () => current * 2],
    [1, () => Math.floor(current / 2)],
    [2, () => bytes.length - field.at],
    [2, () => bytes.length - field.at - field.size],
    [1, () => bytes.length],
    [3, () => interestingValue(rng, bytes, field.at, context)],
    [1, () => rng.u32()],
    [1, () => max],
  ])();
  writeNumber(bytes, field, ((value % (max + 1)) + (max + 1)) % (max + 1));
  return bytes;
}

function interestingValue(rng: Random, bytes: Uint8Array, at: number, _context: MutationContext): number {
  return rng.chance(0.8) ? rng.pick(INTERESTING_32) : bytes.length - at + rng.between(-4, 4);
}

export function readNumber(bytes: Uint8Array, field: NumberField): number {
  let value = 0;
  for (let i = 0; i < Math.min(field.size, 4); i++) {
    const byte = field.littleEndian ? bytes[field.at + i]! : bytes[field.at + field.size - 1 - i]!;
    value += byte * 2 ** (8 * i);
  }
  return value;
}

/** Writes the low bits of `value` (below 2^32) into the field; the high bytes of an 8-byte field become 0. */
export function writeNumber(bytes: Uint8Array, field: NumberField, value: number): void {
  for (let i = 0; i < field.size; i++) {
    const byte = i < 4 ? Math.floor(value / 2 ** (8 * i)) & 0xff : 0;
    bytes[field.littleEndian ? field.at + i : field.at + field.size - 1 - i] = byte;
  }
}

export function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `length` bytes into consecutive chunk sizes: single bytes, small pieces or large blocks. */
export function randomChunking(rng: Random, length: number): number[] {
  const style = rng.below(4);
  const sizes: number[] = [];
  let left = length;
  while (left > 0) {
    const size =
      style === 0 ? 1 : style === 1 ? 1 + rng.smallish(15) : style === 2 ? 1 + rng.smallish(4095) : 1 + rng.below(left);
    sizes.push(Math.min(size, left));
    left -= size;
  }
  return sizes;
}
