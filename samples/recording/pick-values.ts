import { canonical, type SentValue } from './manifest';

/**
 * The manifest's view of a value the peers sent: the values at `paths`, canonical, keyed by `prefix` + path. A path
 * is dotted with the spec's field names; `*` stands for every index of a list, and a trailing `length` counts a
 * list's items.
 */
export function pickValues(value: unknown, paths: readonly string[], prefix = ''): Record<string, SentValue> {
  const out: Record<string, SentValue> = {};
  const at = prefix === '' ? [] : prefix.split('.');
  for (const path of paths) collect(value, path.split('.'), at, out);
  return out;
}

function collect(value: unknown, rest: readonly string[], at: readonly string[], out: Record<string, SentValue>): void {
  const [head, ...tail] = rest;
  if (head === undefined) {
    out[at.join('.')] = canonicalValue(value, at);
    return;
  }
  if (head === 'length' && tail.length === 0 && Array.isArray(value)) {
    out[[...at, 'length'].join('.')] = String(value.length);
    return;
  }
  if (head === '*') {
    if (!Array.isArray(value)) throw new Error(`${at.join('.')} is not a list`);
    value.forEach((item, i) => collect(item, tail, [...at, String(i)], out));
    return;
  }
  const container = value as Record<string, unknown> | undefined;
  if (container === undefined || container === null || !(head in container)) {
    throw new Error(`no field ${[...at, head].join('.')}`);
  }
  collect(container[head], tail, [...at, head], out);
}

function canonicalValue(value: unknown, at: readonly string[]): SentValue {
  if (typeof value === 'bigint' || typeof value === 'number') return canonical.uint(value);
  if (value instanceof Uint8Array) return canonical.bytes(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  throw new Error(`${at.join('.')}: only numbers, bytes and text go into a manifest`);
}
