/** A value that survives JSON.stringify/parse unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Integers up to 2^53-1 stay numbers; larger ones become decimal strings (JSON readers lose precision above). */
export function integerToJson(value: bigint | number): number | string {
  if (typeof value === 'number') return value;
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** Reads back what integerToJson wrote (and also accepts 0x-hex strings, which users type). */
export function integerFromJson(value: JsonValue, path: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new EncodeError(path, `expected an integer, got ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?(0x[0-9a-fA-F]+|\d+)$/.test(value)) {
    return value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  }
  throw new EncodeError(path, `expected an integer (number or decimal string), got ${JSON.stringify(value)}`);
}

/** An encoder refused a value: `path` is the dotted field path where it went wrong. */
export class EncodeError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'EncodeError';
  }
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function childPath(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}
