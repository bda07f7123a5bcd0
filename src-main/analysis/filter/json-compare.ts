import type { Literal } from './literal';
import { compareHexBytes, compareText, hexBytesInclude, isDecimalInteger, isHexBytes } from './string-compare';

/**
 * Comparing the JSON value of a protocol field with a literal. The value's own form picks the reading:
 * - numbers, decimal-string integers and EJSON numeric wrappers compare by numeric value (exactly, as bigint when
 *   beyond 2^53);
 * - `0x...` strings compare as bytes (lexicographically, like Wireshark);
 * - other strings compare as case-sensitive text, as does `{"$string": "0x…"}` (a BSON string that looks like hex,
 *   kept apart from bytes); booleans as 0/1 or `true`/`false`.
 * Results are orderings (negative, 0, positive) or NaN when the two cannot be compared, which fails every test.
 */
export function compareJson(value: unknown, literal: Literal): number {
  switch (typeof value) {
    case 'number':
      return literal.number === null ? NaN : orderNumbers(value, literal.number);
    case 'string':
      return compareJsonString(value, literal);
    case 'boolean':
      return compareBoolean(value, literal);
    case 'object': {
      const text = wrappedString(value as Record<string, unknown>);
      if (text !== undefined) return compareText(text, literal.text);
      return compareWrappedNumber(value as Record<string, unknown>, literal);
    }
    default:
      return NaN;
  }
}

/** Orders numbers and bigints exactly (JS relational operators compare mixed number/bigint by value). */
export function orderNumbers(a: number | bigint, b: number | bigint): number {
  if (a < b) return -1;
  if (a > b) return 1;
  // Neither below nor above: equal, unless one is a NaN double.
  return a !== a || b !== b ? NaN : 0;
}

function compareJsonString(value: string, literal: Literal): number {
  if (isHexBytes(value)) return literal.bytesHex === null ? NaN : compareHexBytes(value, literal.bytesHex);
  if (literal.number !== null && isDecimalInteger(value)) return compareDecimal(value, literal.number);
  return compareText(value, literal.text);
}

/** Up to 15 digits a double holds exactly; longer integers take a bigint (the one allocation that is needed). */
function compareDecimal(digits: string, number: number | bigint): number {
  return orderNumbers(digits.length <= 15 ? Number(digits) : BigInt(digits), number);
}

function compareBoolean(value: boolean, literal: Literal): number {
  if (literal.boolean !== null) return Number(value) - Number(literal.boolean);
  return literal.number === null ? NaN : orderNumbers(Number(value), literal.number);
}

/** MongoDB Extended JSON numbers, `{"$numberLong": "5"}` and friends, as BSON values in a non-default form. */
export function wrappedNumberText(value: Record<string, unknown>): string | undefined {
  if (value === null || Array.isArray(value)) return undefined;
  const text = value.$numberLong ?? value.$numberInt ?? value.$numberDouble ?? value.$numberDecimal;
  return typeof text === 'string' ? text : undefined;
}

/** `{"$string": "0x…"}`: text that would read as bytes if written bare (see README, BSON values). */
function wrappedString(value: Record<string, unknown> | null): string | undefined {
  if (value === null || Array.isArray(value)) return undefined;
  return typeof value.$string === 'string' ? value.$string : undefined;
}

function compareWrappedNumber(value: Record<string, unknown>, literal: Literal): number {
  const text = wrappedNumberText(value);
  if (text === undefined || literal.number === null) return NaN;
  if (isDecimalInteger(text)) return compareDecimal(text, literal.number);
  // `$numberDouble` also spells "Infinity", "-Infinity" and "NaN", which Number() reads.
  return text === '' ? NaN : orderNumbers(Number(text), literal.number);
}

/**
 * `contains`: a list contains an element equal to the literal; bytes contain the byte sequence; text contains the
 * substring; a number "contains" only itself.
 */
export function jsonContains(value: unknown, literal: Literal): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (Array.isArray(element) ? jsonContains(element, literal) : compareJson(element, literal) === 0) return true;
    }
    return false;
  }
  const wrapped = typeof value === 'object' ? wrappedString(value as Record<string, unknown>) : undefined;
  if (wrapped !== undefined) return wrapped.includes(literal.text);
  if (typeof value !== 'string') return compareJson(value, literal) === 0;
  if (isHexBytes(value)) return literal.bytesHex !== null && hexBytesInclude(value, literal.bytesHex);
  return value.includes(literal.text);
}

/** The text a regular expression is matched against, or undefined for structures. */
export function jsonText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return wrappedString(value as Record<string, unknown>) ?? wrappedNumberText(value as Record<string, unknown>);
    default:
      return undefined;
  }
}
