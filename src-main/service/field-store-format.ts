/**
 * The per-message field store: each message's `fields` JSON in a small tagged binary form, written by the capture
 * worker while it decodes and read by the service when a filter needs protocol fields or a row needs its Info text.
 *
 * It keeps what filters compare on (numbers, names, short byte strings such as ids and 32-byte roots) and leaves
 * out what would make it as large as the capture: byte strings longer than LONG_BYTES keep only their length, long
 * texts a prefix. A message's store has two limits: past MESSAGE_BUDGET only small values (numbers, and strings up
 * to SMALL_VALUE bytes) are kept whole, so every element of a long list keeps its numbers; at MESSAGE_LIMIT the
 * rest of its containers is marked omitted. A filter that reaches a value not kept whole is decided on the fully
 * decoded message instead.
 *
 * Layout: a value is a tag byte and its payload. Containers hold their body length (u32, so readers skip what a
 * filter does not need) and a count; object entries are a key id (into the capture's key table) and a value. Past
 * the budget, object members keep their key with an OMITTED value; an entry with key id 0 (or an array element
 * tagged OMITTED) ends a container whose rest was not stored.
 */
export const TAG = {
  NULL: 0,
  FALSE: 1,
  TRUE: 2,
  /** Zigzag varint of a safe integer. */
  INT: 3,
  /** 8-byte little-endian double. */
  F64: 4,
  /** varint UTF-8 length, UTF-8 bytes. */
  STRING: 5,
  /** A lowercase 0x-hex string as its bytes: varint byte count, bytes. */
  HEX: 6,
  /** A byte string too long to keep: varint byte count only. */
  LONG_BYTES: 7,
  /** A text too long to keep: varint full length (UTF-16 units), varint prefix UTF-8 length, prefix. */
  LONG_TEXT: 8,
  OBJECT: 9,
  ARRAY: 10,
  /** A value (or, in an array, the rest of it) was not stored: the message's budget ran out. */
  OMITTED: 11,
  /** A short string (text or 0x-hex) seen before: varint id into the capture's value table. */
  REF: 12,
} as const;

/** Strings up to this length go into the value table (names, user agents, topics: values that repeat). */
export const SHARED_VALUE = 24;
/** Entries the value table may hold; later strings are written inline. */
export const SHARED_VALUES_MAX = 1 << 16;

/** Key id 0 in an object: the rest of the object was not stored. */
export const OMITTED_KEY = 0;

/** Byte strings up to this length are kept whole (ids, hashes, roots, node ids). */
export const LONG_BYTES = 32;
/** Texts up to this length are kept whole; longer ones keep this many characters. */
export const LONG_TEXT = 64;
/** Store bytes after which a message keeps only small values whole. */
export const MESSAGE_BUDGET = 1024;
/** Store bytes after which a message keeps nothing more (its containers' rest is marked omitted). */
export const MESSAGE_LIMIT = 4096;
/** What counts as a small value once the budget is spent. */
export const SMALL_VALUE = 8;

export function isLowerHexBytes(text: string): boolean {
  if (text.length < 2 || text.length % 2 !== 0 || text.charCodeAt(0) !== 0x30 || text.charCodeAt(1) !== 0x78)
    return false;
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** A value the store did not keep whole; readers hand it out where the value stood. */
export class TruncatedValue {
  constructor(
    readonly kind: 'bytes' | 'text' | 'omitted',
    /** Bytes (bytes), UTF-16 units (text), 0 (omitted). */
    readonly length: number,
    /** The first characters of a text. */
    readonly prefix: string = '',
  ) {}
}
