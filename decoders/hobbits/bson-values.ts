import type { Field } from '../core/field';
import { isJsonObject, type JsonValue } from '../core/json';

/** Hobbits numbers arrive as int32, int64 or double depending on the sender (implementer notes §2.1). */
export const BSON_NUMBER_TYPES = ['int32', 'int64', 'double'] as const;

/**
 * The integer a BSON number element holds, as canonical decimal text, whatever its form: a plain JSON number (int32,
 * or int64 beyond int32), `{"$numberLong"}` or `{"$numberDouble"}` as the BSON walker keeps them. Null when it is no
 * integer. Text, because request ids are compared as text and an int64 may exceed 2^53.
 */
export function bsonIntegerText(value: JsonValue | undefined): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  if (!isJsonObject(value)) return null;
  const long = value.$numberLong;
  if (typeof long === 'string') return /^-?\d+$/.test(long) ? long : null;
  const double = value.$numberDouble;
  if (typeof double !== 'string') return null;
  const n = Number(double);
  return Number.isSafeInteger(n) ? String(n) : null;
}

/** The same as a number, when it is one JSON can hold exactly (method ids, timestamps). */
export function bsonSafeInteger(value: JsonValue | undefined): number | null {
  const text = bsonIntegerText(value);
  const n = text === null ? NaN : Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** The text of a BSON string element (plain, or `{"$string"}` when it looks like hex). */
export function bsonString(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value;
  return isJsonObject(value) && typeof value.$string === 'string' ? value.$string : null;
}

/** The spec element named `key` of a decoded BSON document. */
export function bsonElement(document: Field, key: string): Field | undefined {
  return document.children?.find((c) => c.name === key && !c.encoding);
}

/** The BSON type byte of a decoded element (its `type` encoding child). */
export function bsonElementType(element: Field): number | undefined {
  const type = element.children?.find((c) => c.name === 'type' && c.encoding);
  return typeof type?.value === 'number' ? type.value : undefined;
}
