import type { Type } from '@chainsafe/ssz';
import { walk, valueFromJson } from '../codecs/ssz';
import { bytesFromJson, PartialDecodeError } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { EncodeError, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { DecodeError } from '../core/reader';

/**
 * SSZ inside SSZ: Portal carries typed values in byte lists (ping payloads, content keys, content). The outer
 * walker yields the byte list as a hex leaf; these helpers decode its bytes as the inner type in place, keeping the
 * leaf's offset field, so the tree shows the inner fields with their ranges in the message.
 */

/**
 * Decodes `field`'s bytes `[field.start, field.end)` as `type` and turns the field into the decoded struct (or list).
 * On malformed bytes the field stays bytes, with the partial tree beneath it and an error note; returns success.
 */
export function decodeInPlace(field: Field, bytes: Uint8Array, type: Type<unknown>, noteKind: string): boolean {
  const start = field.start!;
  const end = field.end!;
  const kept = (field.children ?? []).filter((c) => c.encoding);
  try {
    const inner = walk(type, bytes, start, end, field.name);
    field.shape = inner.shape;
    delete field.value;
    field.children = [...kept, ...(inner.children ?? [])];
    if (inner.notes) (field.notes ??= []).push(...inner.notes);
    return true;
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // The fields read before the break stay visible; the one note, in the protocol's terms, names the byte.
    const partial = e instanceof PartialDecodeError ? withoutNotes(e.partial) : null;
    if (partial) {
      partial.name = type.typeName;
      field.children = [...kept, partial];
    }
    addNote(field, 'error', noteKind, `not a ${type.typeName}: ${e.message} (at byte ${e.offset})`);
    return false;
  }
}

/** The JSON of a byte list holding `type`: its decoded object, or 0x-hex of the bytes as they are. */
export function encodeEmbedded(type: Type<unknown>, value: JsonValue, path: string): Uint8Array {
  if (typeof value === 'string') return bytesFromJson(value, path);
  return type.serialize(valueFromJson(type, value, path));
}

/**
 * Byte-list members that hold text (client_info, an error message): the decoder shows the text and keeps hex in
 * the JSON; the composer may give either.
 */
export function withTextAsHex(value: JsonValue, keys: readonly string[], path: string): JsonValue {
  if (!isJsonObject(value)) return value;
  const out: JsonObject = { ...value };
  for (const key of keys) {
    const v = out[key];
    if (typeof v === 'string' && !/^0x([0-9a-fA-F]{2})*$/.test(v)) out[key] = utf8Hex(v);
    else if (v !== undefined && typeof v !== 'string')
      throw new EncodeError(`${path}.${key}`, 'expected text or 0x-hex');
  }
  return out;
}

function utf8Hex(text: string): string {
  let out = '0x';
  for (const b of new TextEncoder().encode(text)) out += b.toString(16).padStart(2, '0');
  return out;
}

/** A partial tree shown beneath the one note that reports its break. */
export function withoutNotes(field: Field): Field {
  delete field.notes;
  for (const c of field.children ?? []) withoutNotes(c);
  return field;
}
