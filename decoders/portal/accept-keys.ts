import { BitArray, BitListType } from '@chainsafe/ssz';
import { bytesFromJson } from '../core/codec';
import { addNote, leaf, type Field } from '../core/field';
import { EncodeError, integerFromJson, type JsonValue } from '../core/json';
import { PORTAL_NOTES } from './note-kinds';
import { acceptHasCodes, type PortalVersion, type VersionChoice } from './protocol-version';
import { ACCEPT_CODES } from './wire-types';

/**
 * Accept's `content_keys`: a BitList until protocol v1 (bit i = key i wanted, plus SSZ's delimiter bit), one code
 * per offered key since (0 accept, 1–6 reasons to decline, 7–255 unspecified decline). The two are told apart by
 * the version when the ENRs give it, else by which one has as many entries as keys were offered.
 */

export type AcceptForm = 'bitlist' | 'codes';

export interface AcceptFormChoice {
  form: AcceptForm;
  /** Why, for the version field: null when the version decided. */
  evidence: string | null;
  /** The other form fits the bytes as well (and the offered count does not settle it). */
  ambiguous: string | null;
}

/** Number of bits a BitList holds, or null when it has no delimiter (empty, or its last byte zero). */
export function bitListLength(bytes: Uint8Array, start: number, end: number): number | null {
  if (end <= start || bytes[end - 1] === 0) return null;
  return (end - start - 1) * 8 + (31 - Math.clz32(bytes[end - 1]!));
}

export function chooseAcceptForm(
  bytes: Uint8Array,
  start: number,
  end: number,
  offered: number | null,
  version: VersionChoice | undefined,
): AcceptFormChoice {
  if (version && version.source !== 'assumed' && version.source !== 'message') {
    return { form: acceptHasCodes(version.version) ? 'codes' : 'bitlist', evidence: null, ambiguous: null };
  }
  const bits = bitListLength(bytes, start, end);
  const codes = end - start;
  if (offered !== null) {
    const codesMatch = codes === offered;
    const bitsMatch = bits === offered;
    if (codesMatch && !bitsMatch) {
      return {
        form: 'codes',
        evidence: `${offered} code bytes for ${offered} offered keys (v1 Accept)`,
        ambiguous: null,
      };
    }
    if (bitsMatch && !codesMatch) {
      return {
        form: 'bitlist',
        evidence: `a BitList of ${offered} bits for ${offered} offered keys (v0 Accept)`,
        ambiguous: null,
      };
    }
    if (codesMatch && bitsMatch) {
      return {
        form: 'codes',
        evidence: `${offered} code byte(s), which also read as a v0 BitList of ${offered} bits`,
        ambiguous: `also a v0 BitList of ${bits} bits (${offered} keys offered either way)`,
      };
    }
  }
  return {
    form: 'codes',
    evidence:
      offered === null ? 'Accept read as v1 codes (the Offer was not seen)' : 'neither form matches the offered keys',
    ambiguous: bits !== null ? `also a valid v0 BitList of ${bits} bits` : null,
  };
}

export function versionOfForm(form: AcceptForm): PortalVersion {
  return form === 'codes' ? 'v1' : 'v0';
}

/**
 * Rewrites the walker's byte-list leaf into the per-key reading: the JSON becomes a list (codes, or 0/1 bits),
 * each code a child with its meaning; returns which offered keys are accepted.
 */
export function annotateAcceptKeys(
  field: Field,
  bytes: Uint8Array,
  form: AcceptForm,
  offered: number | null,
): boolean[] {
  const start = field.start!;
  const end = field.end!;
  const offsets = (field.children ?? []).filter((c) => c.encoding);
  let accepted: boolean[];
  if (form === 'codes') {
    const codes = [...bytes.subarray(start, end)];
    accepted = codes.map((c) => c === 0);
    field.value = codes;
    field.children = [
      ...offsets,
      ...codes.map((code, i) =>
        leaf(String(i), code, start + i, start + i + 1, `${ACCEPT_CODES[code] ?? 'declined (unspecified)'} (${code})`),
      ),
    ];
    field.display = `${accepted.filter(Boolean).length} of ${codes.length} accepted`;
    const unspecified = codes.filter((c) => c >= 7);
    if (unspecified.length > 0) {
      addNote(
        field,
        'warning',
        PORTAL_NOTES.acceptCode,
        `codes ${[...new Set(unspecified)].join(', ')}: unspecified declines (7–255)`,
      );
    }
  } else {
    const length = bitListLength(bytes, start, end) ?? 0;
    accepted = Array.from({ length }, (_, i) => ((bytes[start + (i >> 3)]! >> (i & 7)) & 1) === 1);
    field.value = accepted.map((a) => (a ? 1 : 0));
    field.display = `${accepted.filter(Boolean).length} of ${length} wanted (BitList ${accepted.map((a) => (a ? '1' : '0')).join('')})`;
  }
  if (offered !== null && accepted.length !== offered) {
    addNote(
      field,
      'error',
      PORTAL_NOTES.acceptLength,
      `${accepted.length} ${form === 'codes' ? 'codes' : 'bits'} for ${offered} offered keys: one per key`,
    );
  }
  return accepted;
}

const BITS = new BitListType(64);

/** Encodes `content_keys` from its JSON: a list (codes or bits, by the version), or 0x-hex of the bytes. */
export function encodeAcceptKeys(value: JsonValue, form: AcceptForm, path: string): Uint8Array {
  if (typeof value === 'string') return bytesFromJson(value, path);
  if (!Array.isArray(value)) throw new EncodeError(path, 'expected a list of codes or bits, or 0x-hex');
  const entries = value.map((v, i) => {
    const n = typeof v === 'boolean' ? (v ? 1n : 0n) : integerFromJson(v, `${path}.${i}`);
    if (n < 0n || n > (form === 'codes' ? 255n : 1n)) throw new EncodeError(`${path}.${i}`, `${n} is out of range`);
    return Number(n);
  });
  if (form === 'codes') return Uint8Array.from(entries);
  return BITS.serialize(BitArray.fromBoolArray(entries.map((e) => e === 1)));
}
