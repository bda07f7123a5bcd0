import { PartialDecodeError, type Codec } from '../../core/codec';
import { addNote, type Field } from '../../core/field';
import { ByteReader, DecodeError } from '../../core/reader';
import { withoutNotes } from '../embedded-ssz';
import { PORTAL_NOTES } from '../note-kinds';

/** What reads one value out of a byte window (content values are shown, not re-encoded: their JSON is the bytes). */
export type ValueReader = Pick<Codec, 'typeName' | 'decode'>;

/**
 * Decodes `bytes[start, end)` with a Codec (RLP headers, bodies, trie nodes) that must use exactly those bytes.
 * Throws DecodeError (with the partial tree) when it breaks or stops short.
 */
export function decodeExactly(codec: ValueReader, bytes: Uint8Array, start: number, end: number, name: string): Field {
  const r = new ByteReader(bytes, start, end);
  const field = codec.decode(r, name);
  if (r.pos !== end) {
    throw new PartialDecodeError(
      new DecodeError(r.pos, `${end - r.pos} bytes after the ${codec.typeName}`, 'trailing'),
      field,
    );
  }
  return field;
}

/**
 * A byte string holding an encoded value (an RLP header in an SSZ byte list): the field becomes the decoded value,
 * keeping its own encoding children (the SSZ offset). On malformed bytes it stays bytes with an error note and the
 * partial tree beneath it. Returns the decoded field, or null.
 */
export function decodeHeldValue(field: Field, bytes: Uint8Array, codec: ValueReader): Field | null {
  const kept = (field.children ?? []).filter((c) => c.encoding);
  try {
    const inner = decodeExactly(codec, bytes, field.start!, field.end!, field.name);
    field.shape = inner.shape;
    if (inner.shape === 'leaf') field.value = inner.value ?? null;
    else delete field.value;
    field.children = [...kept, ...(inner.children ?? [])];
    if (inner.display !== undefined) field.display = inner.display;
    if (inner.notes) (field.notes ??= []).push(...inner.notes);
    return field;
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    if (e instanceof PartialDecodeError)
      field.children = [...kept, { ...withoutNotes(e.partial), name: codec.typeName }];
    addNote(
      field,
      'error',
      PORTAL_NOTES.contentMalformed,
      `not a ${codec.typeName}: ${e.message} (at byte ${e.offset})`,
    );
    return null;
  }
}
