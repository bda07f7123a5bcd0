import { toHex } from '../core/bytes';
import { brokenField, PartialDecodeError, type Codec, type EncodeOptions } from '../core/codec';
import { addNote, type Field } from '../core/field';
import type { JsonValue } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';

/**
 * Decodes `bytes[start, end)` with `codec`, the ranges in `bytes`' own coordinates (the whole message), so nothing
 * needs shifting afterwards. Never throws: on malformed input it returns the partial tree. Bytes the codec leaves
 * unread get a `trailing` leaf and a warning, so every byte is still explained.
 */
export function decodeWindow(
  codec: Codec,
  bytes: Uint8Array,
  start: number,
  end: number,
  name: string,
): { field: Field; complete: boolean } {
  const r = new ByteReader(bytes, start, end);
  let field: Field;
  try {
    field = codec.decode(r, name);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { field: e instanceof PartialDecodeError ? e.partial : brokenField(name, e, end), complete: false };
  }
  if (r.pos < end) field = withTrailing(field, bytes, r.pos, end, codec.typeName);
  return { field, complete: true };
}

function withTrailing(field: Field, bytes: Uint8Array, from: number, end: number, typeName: string): Field {
  const trailing: Field = {
    name: 'trailing',
    shape: 'leaf',
    value: toHex(bytes.subarray(from, end)),
    start: from,
    end,
    encoding: true,
  };
  addNote(trailing, 'warning', 'decode.trailing', `${end - from} bytes after the end of ${typeName}`);
  if (field.shape === 'leaf') {
    return { name: field.name, shape: 'struct', start: field.start, end, children: [field, trailing] };
  }
  (field.children ??= []).push(trailing);
  field.end = end;
  return field;
}

/** Encodes `value` with `codec`, errors naming `path` (the field's place in the message JSON). */
export function encodeAt(codec: Codec, value: JsonValue, path: string, options: EncodeOptions = {}): Uint8Array {
  const w = new ByteWriter();
  codec.encode(value, w, path, options);
  return w.finish();
}
