import { decodeUtf8Strict, fromHex, textEncoder, toHex } from '../core/bytes';
import { addNote, type Field } from '../core/field';
import { EncodeError, type JsonValue } from '../core/json';

/**
 * Payloads Peerscope cannot (or need not) decode further: headers that are not BSON, bodies of unknown protocols,
 * the text-era test strings. The JSON value is always the bytes (0x-hex); readable text is shown beside them.
 */
export function bytesLeaf(name: string, bytes: Uint8Array, start: number, end: number): Field {
  const slice = bytes.subarray(start, end);
  const field: Field = { name, shape: 'leaf', value: toHex(slice), start, end };
  const text = readableText(slice);
  if (text !== null && text !== '') field.display = JSON.stringify(text);
  return field;
}

/**
 * A field the spec defines as text (the PING header, `ping` as UTF-8 bytes): the text itself when it is readable
 * and cannot be mistaken for hex, else the bytes as hex. `payloadFromJson` reads either back to the same bytes.
 */
export function textLeaf(name: string, bytes: Uint8Array, start: number, end: number): Field {
  const slice = bytes.subarray(start, end);
  const text = readableText(slice);
  const value = text !== null && !looksLikeHex(text) ? text : toHex(slice);
  return { name, shape: 'leaf', value, start, end };
}

/**
 * Keeps a payload that did not decode as raw bytes, with the partial tree beside it (for the hex pane and for the
 * notes at the byte where it broke) and a note saying what it should have been.
 */
export function undecodedLeaf(
  name: string,
  bytes: Uint8Array,
  window: { start: number; end: number },
  partial: Field | null,
  kind: string,
  text: string,
): Field {
  const field = bytesLeaf(name, bytes, window.start, window.end);
  if (partial) {
    partial.name = 'partial';
    field.children = [partial];
  }
  addNote(field, 'error', kind, text);
  return field;
}

/** Bytes from JSON: 0x-hex, or any other string as its UTF-8 (so a composer may type `ping`). */
export function payloadFromJson(value: JsonValue | undefined, path: string): Uint8Array {
  if (typeof value !== 'string') {
    throw new EncodeError(path, `expected 0x-hex bytes or text, got ${JSON.stringify(value ?? null)}`);
  }
  if (!/^0[xX]/.test(value)) return textEncoder.encode(value);
  try {
    return fromHex(value);
  } catch (e) {
    throw new EncodeError(path, `bad hex: ${(e as Error).message}`);
  }
}

function looksLikeHex(text: string): boolean {
  return /^0[xX]/.test(text);
}

/** UTF-8 text without control characters other than tab, CR and LF; null otherwise. */
function readableText(bytes: Uint8Array): string | null {
  const text = decodeUtf8Strict(bytes);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  return text !== null && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? text : null;
}
