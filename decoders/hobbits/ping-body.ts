import { toHex } from '../core/bytes';
import { bytesFromJson, hexSchema, type Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { HOBBITS_NOTES } from './note-kinds';

/** Hobbits spec "PING": "Body: `random 32 bytes`". Other lengths are read, with a note. */
export const PING_BODY_LENGTH = 32;

/** The PING and PONG body: all the bytes there are, 32 expected. */
export const pingBody: Codec = {
  typeName: 'bytes32',
  decode(r, name) {
    const start = r.pos;
    const bytes = r.take(r.remaining, name);
    const field: Field = { name, shape: 'leaf', value: toHex(bytes), start, end: r.pos };
    if (bytes.length !== PING_BODY_LENGTH) {
      addNote(
        field,
        'warning',
        HOBBITS_NOTES.pingLength,
        `body is ${bytes.length} bytes, the spec sends ${PING_BODY_LENGTH}`,
      );
    }
    return field;
  },
  encode(value, w, path) {
    w.bytes(bytesFromJson(value, path));
  },
  schema: () => hexSchema('bytes32', PING_BODY_LENGTH),
};
