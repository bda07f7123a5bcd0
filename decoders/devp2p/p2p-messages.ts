import { RLP } from '@ethereumjs/rlp';
import { toHex } from '../core/bytes';
import { brokenField, encodeValue, PartialDecodeError, type Codec, type EncodeOptions } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { EncodeError, integerFromJson, isJsonObject, type JsonObject } from '../core/json';
import type { DecodedMessage } from '../core/message';
import type { Note } from '../core/notes';
import { ByteReader, DecodeError } from '../core/reader';
import { rlpUint } from '../codecs/rlp';
import { RLPX_NOTES } from './note-kinds';
import { BASE_PROTOCOL_LENGTH, p2pDeclaration } from './p2p-declaration';

export const PROTOCOL = 'p2p';

const msgIdCodec = rlpUint(32);

/**
 * Decodes one message as it stands in a decrypted, decompressed frame: rlp(msg-id) ‖ msg-data (rlpx.md §5.1).
 * Ids 0x00–0x03 are the base protocol; anything else is `Raw` here (a capture knows which capability it belongs
 * to, a lone message does not). Never throws.
 */
export function decodeP2pMessage(bytes: Uint8Array): DecodedMessage {
  const root: Field = { name: PROTOCOL, shape: 'struct', start: 0, end: bytes.length, children: [] };
  const reader = new ByteReader(bytes);
  let code: number;
  try {
    const msgId = msgIdCodec.decode(reader, 'msgId');
    msgId.encoding = true;
    code = msgId.value as number;
    const declared = p2pDeclaration.byCode(code);
    msgId.display = `${declared?.name ?? 'message id'} (0x${code.toString(16).padStart(2, '0')})`;
    root.children!.push(msgId);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    root.children!.push(dataLeaf(bytes, 0));
    addNote(root, 'error', RLPX_NOTES.messageId, `no message id at byte ${e.offset}: ${e.message}`);
    return message('Raw', null, root, bytes);
  }
  const declared = code < BASE_PROTOCOL_LENGTH ? p2pDeclaration.byCode(code) : undefined;
  if (!declared) {
    root.children!.push(dataLeaf(bytes, reader.pos));
    if (code < BASE_PROTOCOL_LENGTH) {
      addNote(root, 'info', RLPX_NOTES.reserved, `message id 0x${code.toString(16)} is reserved in the base protocol`);
    }
    return message('Raw', code, root, bytes);
  }
  const body = decodeBody(declared.body, reader);
  root.children!.push(...body.fields);
  if (body.notes.length > 0) root.notes = [...(root.notes ?? []), ...body.notes];
  return message(declared.name, code, root, bytes);
}

/** The payload bytes of a message no declaration reads. */
export function dataLeaf(bytes: Uint8Array, start: number): Field {
  return { name: 'data', shape: 'leaf', value: toHex(bytes.subarray(start)), start, end: bytes.length };
}

/** The body's fields and notes, lifted into the message (the body list's own header stays an encoding field). */
function decodeBody(codec: Codec, r: ByteReader): { fields: Field[]; notes: Note[] } {
  let body: Field;
  try {
    body = codec.decode(r, 'body');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    body = e instanceof PartialDecodeError ? e.partial : brokenField('body', e, r.end);
    r.pos = r.end;
  }
  const fields = body.shape === 'leaf' ? [body] : [...(body.children ?? [])];
  const notes = body.shape === 'leaf' ? [] : (body.notes ?? []);
  if (r.pos < r.end) {
    const trailing: Field = dataLeaf(r.bytes, r.pos);
    trailing.name = 'trailing';
    trailing.encoding = true;
    addNote(trailing, 'warning', 'decode.trailing', `${r.end - r.pos} bytes after the message body`);
    fields.push(trailing);
  }
  return { fields, notes };
}

function message(name: string, code: number | null, tree: Field, bytes: Uint8Array): DecodedMessage {
  return { protocol: PROTOCOL, message: name, code, requestId: null, tree, bytes };
}

/**
 * Encodes a message from the JSON `decodeP2pMessage` yields (or a composer's `{message, fields}`): rlp(msg-id) ‖
 * body. `Raw` takes its id from `code`. The handshake packets and `Encrypted` encode to their wire bytes as shown.
 */
export function encodeP2pMessage(json: JsonObject, options: EncodeOptions = {}): Uint8Array {
  if (json.protocol !== undefined && json.protocol !== PROTOCOL) {
    throw new EncodeError('protocol', `expected ${PROTOCOL}, got ${JSON.stringify(json.protocol)}`);
  }
  if (typeof json.message !== 'string') throw new EncodeError('message', 'missing');
  const declared = p2pDeclaration.message(json.message);
  if (!declared) throw new EncodeError('message', `unknown p2p message ${JSON.stringify(json.message)}`);
  const fields = json.fields ?? {};
  if (!isJsonObject(fields)) throw new EncodeError('fields', 'expected an object');
  const body = encodeValue(declared.body, fields, options);
  if (declared.space === 'handshake' || declared.name === 'Encrypted') return body;
  const code = declared.code ?? rawCode(json);
  const prefix = RLP.encode(code);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix);
  out.set(body, prefix.length);
  return out;
}

function rawCode(json: JsonObject): number {
  if (json.code === undefined || json.code === null)
    throw new EncodeError('code', 'a Raw message needs its message id');
  const code = integerFromJson(json.code, 'code');
  if (code < 0n || code > 0xffffffffn) throw new EncodeError('code', `${code} is not a message id`);
  return Number(code);
}

/** rlp(msg-id) and the rest of the frame data; a null code when the id is not a canonical RLP integer. */
export function splitMessageId(frameData: Uint8Array): { code: number | null; payload: Uint8Array } {
  const first = frameData[0];
  if (first === undefined) return { code: null, payload: frameData };
  if (first < 0x80) return { code: first === 0 ? null : first, payload: frameData.subarray(1) };
  const length = first - 0x80;
  if (
    length > 4 ||
    frameData.length < 1 + length ||
    (length > 0 && frameData[1] === 0) ||
    (length === 1 && frameData[1]! < 0x80)
  ) {
    return { code: null, payload: frameData };
  }
  let code = 0;
  for (let i = 1; i <= length; i++) code = code * 256 + frameData[i]!;
  return { code, payload: frameData.subarray(1 + length) };
}
