import type { Codec } from '../../../decoders/core/codec';
import { collectNotes, fieldAt, fieldJson, type Field } from '../../../decoders/core/field';
import { decodeAll, encodeValue } from '../../../decoders/core/codec';
import { EncodeError } from '../../../decoders/core/json';
import { coverageProblems } from '../../support/field-coverage';
import { mutate, type NumberField } from '../mutators';
import type { Random } from '../random';
import { check, jsonProblem, sameBytes } from '../target';

/**
 * What the codec walkers (BSON, SSZ, RLP) share: a set of codecs each with valid seeds, inputs made by mutating a
 * seed along the length fields the walker itself reported for it, and the walker oracles.
 */

/** A codec under test and its valid seeds, each with the number fields (lengths, offsets) found in it. */
export interface CodecCase {
  name: string;
  codec: Codec;
  seeds: { bytes: Uint8Array; numberFields: NumberField[] }[];
}

export interface CodecInput {
  /** Index into the target's codec cases. */
  codec: number;
  bytes: Uint8Array;
}

export function codecCase(name: string, codec: Codec, seeds: readonly Uint8Array[]): CodecCase {
  return {
    name,
    codec,
    seeds: seeds.map((bytes) => ({
      bytes,
      numberFields: encodingNumberFields(decodeAll(codec, bytes, name).field, bytes),
    })),
  };
}

/** A mutated seed of a random case (rarely a pure random string, or a seed of another case). */
export function generateCodecInput(
  rng: Random,
  cases: readonly CodecCase[],
  donors: readonly Uint8Array[],
): CodecInput {
  const index = rng.below(cases.length);
  const which = cases[index]!;
  if (rng.chance(0.04) || which.seeds.length === 0) return { codec: index, bytes: rng.bytes(rng.smallish(300)) };
  const source = rng.chance(0.05) ? rng.pick(cases) : which;
  const seed = rng.pick(source.seeds);
  if (rng.chance(0.05)) return { codec: index, bytes: seed.bytes };
  return { codec: index, bytes: mutate(rng, seed.bytes, { numberFields: seed.numberFields, donors }) };
}

/**
 * The oracles every codec walker answers to: `decodeAll` returns (never throws), yields JSON-safe values, covers
 * every byte when complete, and a complete decode without any note encodes back to the same bytes.
 */
export function checkCodecDecode(
  name: string,
  codec: Codec,
  bytes: Uint8Array,
): { field: Field; complete: boolean; clean: boolean } {
  const { field, complete } = decodeAll(codec, bytes, name);
  const json = fieldJson(field);
  const unsafe = jsonProblem(json);
  check(unsafe === null, () => `${name}: decoded JSON is not JSON-safe: ${unsafe}`);
  const notes = collectNotes(field);
  if (!complete) {
    check(
      notes.some((n) => n.severity === 'error'),
      `${name}: an incomplete decode carries no error note`,
    );
    return { field, complete, clean: false };
  }
  const gaps = coverageProblems(field, bytes.length);
  check(gaps.length === 0, () => `${name}: complete decode does not cover the bytes: ${gaps.slice(0, 3).join('; ')}`);
  const clean = notes.length === 0;
  if (clean) {
    let encoded: Uint8Array;
    try {
      encoded = encodeValue(codec, json);
    } catch (e) {
      if (e instanceof EncodeError) check(false, `${name}: a clean decode does not encode back: ${e.message}`);
      throw e;
    }
    if (!sameBytes(encoded, bytes)) {
      const difference = describeDifference(field, bytes, encoded);
      check(false, `${name}: a clean decode re-encodes differently, first in ${difference.kind}`, difference.detail);
    }
  }
  return { field, complete, clean };
}

/** Encoding fields that shift with any change inside what they measure: not where a difference starts. */
const MEASURING_FIELD = /(^|_)(length|len|offset)$/;

/**
 * Where a re-encoding first departs from the original, past the lengths and offsets that merely follow the change:
 * `kind` names the sort of field there (a BSON element type, else the field name) to group findings by, `detail`
 * gives the byte and path.
 */
export function describeDifference(
  root: Field,
  original: Uint8Array,
  encoded: Uint8Array,
): { kind: string; detail: string } {
  const end = Math.min(original.length, encoded.length);
  let at = 0;
  let where: { field: Field; path: string } | null = null;
  for (; at < end; at++) {
    if (original[at] === encoded[at]) continue;
    where = fieldAt(root, at);
    if (!where || !(where.field.encoding && MEASURING_FIELD.test(where.field.name))) break;
  }
  if (at === end) where = fieldAt(root, Math.max(0, end - 1));
  const typeField = where?.field.children?.find((c) => c.name === 'type' && c.encoding && c.display);
  const name = where?.path.split('.').pop() ?? '';
  const kind = typeField?.display ?? (/^\d*$/.test(name) ? 'a list item' : name);
  const detail = `${encoded.length} bytes, not ${original.length}; first differing at byte ${at}, in ${where?.path || '(root)'}`;
  return { kind, detail };
}

/**
 * The walker's own encoding leaves (lengths, offsets, headers) as number fields: where a fuzzer should aim. A leaf
 * whose value is its number tells its byte order; a short header leaf shown as hex (an RLP prefix) gives its prefix
 * byte and the big-endian length after it.
 */
export function encodingNumberFields(root: Field, bytes: Uint8Array): NumberField[] {
  const out: NumberField[] = [];
  const visit = (f: Field): void => {
    if (f.encoding && f.source === undefined && f.start !== undefined && f.end !== undefined && f.end <= bytes.length) {
      const size = f.end - f.start;
      if (typeof f.value === 'number' && (size === 1 || size === 2 || size === 4 || size === 8)) {
        const le = { at: f.start, size, littleEndian: true } as const;
        out.push(readLittle(bytes, f.start, size) === f.value ? le : { ...le, littleEndian: false });
      } else if (typeof f.value === 'string' && f.value.startsWith('0x') && size >= 1 && size <= 9) {
        out.push({ at: f.start, size: 1, littleEndian: true });
        const rest = size - 1;
        if (rest === 1 || rest === 2 || rest === 4) out.push({ at: f.start + 1, size: rest, littleEndian: false });
      }
    }
    for (const c of f.children ?? []) visit(c);
  };
  visit(root);
  return out;
}

function readLittle(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[at + i]!;
  return v;
}
