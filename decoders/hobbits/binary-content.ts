import { toHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { EncodeError } from '../core/json';
import { bsonElementType } from './bson-values';
import { decodeWindow } from './codec-windows';
import { HOBBITS_NOTES } from './note-kinds';

const BSON_BINARY = 0x05;

/**
 * The content codec of a binary whose SSZ decodeBinaryContent decodes afterwards: given to the BSON walker it reads
 * nothing, so the walker neither turns the whole binary into hex nor decodes it in coordinates of its own that would
 * need shifting. For decoding only; encoders use the real codec.
 */
export const decodedAfterwards: Codec = {
  typeName: 'SSZ',
  decode(r, name) {
    const start = r.pos;
    r.pos = r.end;
    return { name, shape: 'leaf', value: null, start, end: r.end };
  },
  encode(_value, _w, path) {
    throw new EncodeError(path, 'decodedAfterwards only reads');
  },
  schema: () => ({}),
};

/**
 * Turns a BSON binary element (as the walker read it: type, name, length and subtype bytes, the data as hex) into
 * the SSZ object its data holds, decoded in the message's own coordinates. Data that does not decode stays raw
 * bytes, with the partial tree beside it and an error naming the type it should have been.
 */
export function decodeBinaryContent(bytes: Uint8Array, element: Field, codec: Codec): void {
  if (bsonElementType(element) !== BSON_BINARY || element.end === undefined) return;
  const subtype = element.children?.find((c) => c.name === 'subtype' && c.encoding);
  if (!subtype) return;
  if (subtype.value !== 0) {
    const text = `${element.name} is a binary of subtype 0x${Number(subtype.value).toString(16)}, not the generic one that holds SSZ: kept as it is`;
    addNote(element, 'info', HOBBITS_NOTES.bodySsz, text);
    return;
  }
  const { field, complete } = decodeWindow(codec, bytes, subtype.end!, element.end, element.name);
  if (!complete) {
    element.value = toHex(bytes.subarray(subtype.end!, element.end));
    field.name = 'partial';
    element.children!.push(field);
    addNote(
      element,
      'error',
      HOBBITS_NOTES.bodySsz,
      `${element.name} does not decode as ${codec.typeName}; kept as raw bytes`,
    );
    return;
  }
  element.shape = field.shape;
  if (field.shape === 'leaf') element.value = field.value ?? null;
  else delete element.value;
  element.children = [...element.children!, ...(field.children ?? [])];
  if (field.display !== undefined) element.display = field.display;
  if (field.notes) (element.notes ??= []).push(...field.notes);
}
