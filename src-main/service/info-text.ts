import { TruncatedValue } from './field-store-format';
import type { StoredValue } from './field-store';

/** Characters of the Info column. */
const INFO_LIMIT = 100;
/** Values longer than this are shortened (a 32-byte root shows its first bytes). */
const VALUE_LIMIT = 18;
/** Envelope fields every message of a protocol carries: they tell nothing about this one message. */
const ENVELOPE = new Set(['framing', 'version', 'protocol']);

/**
 * A message's Info column, as a Wireshark packet list shows one: its leaf fields as `name=value`, depth first,
 * shortened to about a hundred characters. Lists show their length, long byte strings their size.
 */
export function infoText(fields: StoredValue): string {
  const parts: string[] = [];
  let length = 0;
  const add = (text: string): boolean => {
    parts.push(text);
    length += text.length + 1;
    return length <= INFO_LIMIT;
  };
  const walk = (value: StoredValue, name: string, top: boolean): boolean => {
    if (value instanceof TruncatedValue) return value.kind === 'omitted' || add(`${name}=${truncated(value)}`);
    if (Array.isArray(value)) return add(`${name}=[${value.length}]`);
    if (value !== null && typeof value === 'object') {
      const wrapped = ejsonScalar(value);
      if (wrapped !== undefined) return add(`${name}=${shorten(wrapped)}`);
      for (const [key, child] of Object.entries(value)) {
        if (top && ENVELOPE.has(key)) continue;
        if (!walk(child, key, false)) return false;
      }
      return true;
    }
    return add(`${name}=${shorten(value)}`);
  };
  walk(fields, '', true);
  const out = parts.join(' ');
  return out.length > INFO_LIMIT ? `${out.slice(0, INFO_LIMIT)}…` : out;
}

function shorten(value: string | number | boolean | null): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 2)}…` : text;
}

function truncated(value: TruncatedValue): string {
  return value.kind === 'bytes' ? `(${value.length} bytes)` : `${value.prefix.slice(0, VALUE_LIMIT - 2)}…`;
}

/** `{"$numberLong": "5"}` and its kin (BSON values in Extended JSON) show as the value they wrap. */
function ejsonScalar(value: { [key: string]: StoredValue }): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || !keys[0]!.startsWith('$')) return undefined;
  const inner = value[keys[0]!];
  return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : undefined;
}
