import { ContainerType } from '@chainsafe/ssz';
import { valueFromJson, walk } from '../../codecs/ssz';
import { concatBytes, fromHex, toHex } from '../../core/bytes';
import { bytesFromJson } from '../../core/codec';
import { addNote, generatedLeaf, leaf, type Field } from '../../core/field';
import { childPath, EncodeError, isJsonObject, type JsonValue } from '../../core/json';
import { PORTAL_NOTES } from '../note-kinds';
import type { NetworkKind } from '../networks';
import type { ContentKeyKind } from './content-key-kind';
import { CONTENT_KEY_KINDS, keyReadings, type KeyContext, type KeyReading } from './key-readings';
import { PackedNibbles, unpackNibbles } from './state-keys';

/** A content key as read from a message. */
export interface DecodedContentKey {
  bytes: Uint8Array;
  /** The best reading, or null when no key layout fits. */
  reading: KeyReading | null;
  /** Other layouts that fit the same bytes. */
  alternatives: KeyReading[];
  contentId: Uint8Array | null;
}

/**
 * Turns a content key byte list (the walker's hex leaf) into the key's fields in place: the selector with the key's
 * name, the key's members with their ranges, and the content id as a generated field. A key no layout fits stays
 * bytes with a note; one that fits several layouts says which others it also reads as.
 */
export function decodeContentKeyInPlace(field: Field, bytes: Uint8Array, context: KeyContext): DecodedContentKey {
  const start = field.start!;
  const end = field.end!;
  const keyBytes = bytes.subarray(start, end);
  const readings = keyReadings(bytes, start, end, context);
  const reading = readings[0] ?? null;
  if (!reading) {
    const where = context.networks ? ` of the ${context.networks.join(' / ')} network` : '';
    addNote(field, 'warning', PORTAL_NOTES.keyUnknown, `no content key${where} has this layout: kept as bytes`);
    return { bytes: keyBytes, reading: null, alternatives: [], contentId: null };
  }
  const { kind } = reading;
  const children: Field[] = (field.children ?? []).filter((c) => c.encoding);
  if (kind.selector !== null) {
    children.push(leaf('selector', kind.selector, start, start + 1, `${kind.label} (${hexByte(kind.selector)})`));
  }
  const inner = walk(kind.type, bytes, reading.valueStart, end, kind.valueName ?? 'value');
  children.push(...(kind.type instanceof ContainerType ? (inner.children ?? []) : [inner]));
  for (const c of children) if (c.name === 'path' && kind.type instanceof ContainerType) describePath(c);
  const contentId = kind.contentId(keyBytes, reading.value);
  if (contentId) children.push(generatedLeaf('content_id', toHex(contentId), `${kind.idRule} (${eraText(kind)})`));
  field.shape = 'struct';
  delete field.value;
  field.children = children;
  field.display = `${kind.network} ${kind.label}`;
  if (reading.otherNetwork) {
    addNote(
      field,
      'warning',
      PORTAL_NOTES.keyNetwork,
      `a ${kind.network} key (${kind.label}), not one of the ${context.networks!.join(' / ')} network`,
    );
  }
  // Keys of other networks are worth naming only when the flow's own network offers none.
  const alternatives = readings.slice(1).filter((r) => r.otherNetwork === reading.otherNetwork);
  if (alternatives.length > 0) {
    const others = alternatives.map((r) => `${r.kind.network} ${r.kind.label} (${eraText(r.kind)})`).join('; ');
    addNote(field, 'info', PORTAL_NOTES.keyAmbiguous, `read as ${kind.label} (${eraText(kind)}); also fits ${others}`);
  }
  return { bytes: keyBytes, reading, alternatives, contentId };
}

/**
 * Encodes a content key from its JSON: 0x-hex as it is, or the decoded object (`selector` and the key's members;
 * `content_id` is ignored). The layout is the one with exactly those members (of `networks` first, the newest).
 */
export function encodeContentKey(value: JsonValue, path: string, networks: readonly NetworkKind[] | null): Uint8Array {
  if (typeof value === 'string') return bytesFromJson(value, path);
  if (!isJsonObject(value)) throw new EncodeError(path, 'expected a content key: 0x-hex or {selector, …}');
  const selector = value.selector ?? null;
  const given = Object.keys(value).filter((k) => k !== 'selector' && k !== 'content_id');
  const candidates = CONTENT_KEY_KINDS.filter((k) => {
    const members = memberNames(k);
    return k.selector === selector && members.length === given.length && members.every((name) => given.includes(name));
  }).sort(
    (a, b) =>
      Number(networks !== null && !networks.includes(a.network)) -
        Number(networks !== null && !networks.includes(b.network)) ||
      Number(a.vectorsOnly ?? false) - Number(b.vectorsOnly ?? false) ||
      (a.from < b.from ? 1 : a.from > b.from ? -1 : 0),
  );
  const kind = candidates[0];
  if (!kind) throw new EncodeError(path, `no content key has selector ${JSON.stringify(selector)} and these members`);
  const inner = kind.type instanceof ContainerType ? value : (value[kind.valueName ?? 'value'] ?? null);
  const body = kind.type.serialize(
    valueFromJson(kind.type, inner, kind.valueName ? childPath(path, kind.valueName) : path),
  );
  return kind.selector === null ? body : concatBytes([Uint8Array.of(kind.selector), body]);
}

function memberNames(kind: ContentKeyKind): string[] {
  if (kind.type instanceof ContainerType) return kind.type.fieldsEntries.map((e) => String(e.fieldName));
  return [kind.valueName ?? 'value'];
}

/** Packed nibbles (2024 on) are shown as the nibbles they hold; the drafts' one-byte nibbles are already a list. */
function describePath(field: Field): void {
  if (typeof field.value !== 'string' || field.end! - field.start! > PackedNibbles.limitBytes) return;
  const nibbles = unpackNibbles(fromHex(field.value));
  field.display = nibbles
    ? `nibbles [${nibbles.map((n) => n.toString(16)).join(' ')}]`
    : 'not packed nibbles: the flag nibble is neither 0 nor 1';
}

function eraText(kind: ContentKeyKind): string {
  const span = kind.until ? `${kind.from} … ${kind.until}` : `since ${kind.from}`;
  return kind.vectorsOnly ? `${span}, test vectors only` : span;
}

function hexByte(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}
