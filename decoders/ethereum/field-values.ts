import { readRlpHeader } from '../codecs/rlp';
import { fromHex } from '../core/bytes';
import type { Field } from '../core/field';

/**
 * Reading decoded values back out of a Field tree: the rules and cross-message checks look at what the codecs
 * decoded instead of parsing the bytes a second time.
 */

/** The direct child named `name` (encoding fields included). */
export function childNamed(field: Field | undefined, name: string): Field | undefined {
  return field?.children?.find((c) => c.name === name);
}

/** The spec children of a list or struct, without its RLP headers and other encoding details. */
export function specChildren(field: Field | undefined): Field[] {
  return field?.children?.filter((c) => !c.encoding && !c.generated) ?? [];
}

/** A decoded integer leaf as a bigint (numbers and decimal strings), or null when the leaf holds no integer. */
export function bigintOf(field: Field | undefined): bigint | null {
  const v = field?.value;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return null;
}

/** A decoded 0x-hex leaf as bytes, or null. */
export function bytesOf(field: Field | undefined): Uint8Array | null {
  const v = field?.value;
  return typeof v === 'string' && v.startsWith('0x') ? fromHex(v) : null;
}

/** A decoded 0x-hex leaf's text (lowercase), or null. */
export function hexOf(field: Field | undefined): string | null {
  const v = field?.value;
  return typeof v === 'string' && v.startsWith('0x') ? v.toLowerCase() : null;
}

/** The bytes a field spans in `source` (its whole RLP item, headers included). */
export function spanOf(field: Field, source: Uint8Array): Uint8Array | null {
  if (field.start === undefined || field.end === undefined || field.end > source.length) return null;
  return source.subarray(field.start, field.end);
}

/**
 * What an item stands for: a string's payload (a typed transaction or receipt, a trie node carried as bytes), a list
 * whole (its own RLP). Null when the field spans nothing in `source`.
 */
export function itemContent(item: Field, source: Uint8Array): Uint8Array | null {
  const span = spanOf(item, source);
  if (!span || span.length === 0) return null;
  if (span[0]! >= 0xc0) return span;
  const h = readRlpHeader(span, 0, span.length);
  return span.subarray(h.payloadStart, h.payloadEnd);
}
