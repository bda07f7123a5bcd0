import type { FieldNode } from '../../src-main/api/peerscope-api';
import type { JsonValue } from '../../decoders/core/json';
import { filterSegment } from '../../src-main/analysis/filter/protocol-field';
import { fieldsAlong, isWithinEncoding, type FieldPath } from './field-path';

const EJSON_NUMBER_KEYS = ['$numberInt', '$numberLong', '$numberDouble', '$numberDecimal'];
const HEX_BYTES = /^0x([0-9a-fA-F]{2})*$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** The filter's name of a field: `protocol.path`, each spec name written as a filter segment (`hobbits.header.id`). */
export function filterNameOf(protocol: string, root: FieldNode, path: FieldPath): string {
  const names = fieldsAlong(root, path)
    .slice(1)
    .map((f) => filterSegment(f.name));
  return [filterSegment(protocol), ...names].join('.');
}

/**
 * "Apply as filter" on a field: `protocol.path == value` for a leaf with a value, the name alone (present) for a
 * container or a value no literal equals; null for encoding details (not part of a message's `fields`) and for
 * leaves without a value (the filter reads null as absent).
 */
export function applyAsFilterText(protocol: string, root: FieldNode, path: FieldPath): string | null {
  if (path.length === 0) return filterSegment(protocol);
  if (isWithinEncoding(root, path)) return null;
  const field = fieldsAlong(root, path).at(-1)!;
  if (field.shape === 'leaf' && (field.value === undefined || field.value === null)) return null;
  const name = filterNameOf(protocol, root, path);
  const literal = field.shape === 'leaf' ? filterLiteral(field.value) : null;
  return literal === null ? name : `${name} == ${literal}`;
}

/** A JSON value as the filter language writes it: numbers and hex bare, text quoted; null when no literal equals it. */
export function filterLiteral(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return HEX_BYTES.test(value) || NUMBER.test(value) ? value : quote(value);
  if (Array.isArray(value)) return null;
  for (const key of EJSON_NUMBER_KEYS) {
    const wrapped = value[key];
    if (typeof wrapped === 'string') return NUMBER.test(wrapped) ? wrapped : quote(wrapped);
  }
  // Other wrappers ({"$string": "0x…"}, text that looks like hex) equal no literal of the filter language.
  return null;
}

/** A double-quoted filter string: backslash and quote escaped, control characters as \n, \t or \xHH. */
export function quote(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}"`;
}
