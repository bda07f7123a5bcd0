import { readRlpHeader } from '../codecs/rlp';
import { startsWithAscii, toHex } from '../core/bytes';
import { brokenField, decodeAll, PartialDecodeError } from '../core/codec';
import type { MessageDeclaration } from '../core/declaration';
import { addNote, encodingLeaf, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { ByteReader, DecodeError } from '../core/reader';
import {
  discv5Declaration,
  DISCV5_PROTOCOL,
  TOPIC_MESSAGES,
  TOPIC_SPACE_2020,
  TOPIC_SPACE_2026,
} from './messages-declaration';
import { DISCV5_NOTES } from './note-kinds';
import { FLAG, HEADER_START, MIN_PACKET_SIZE, PROTOCOL_ID } from './packet-layout';

/** A decrypted message: `message-type || RLP(message-data)` (discv5-wire.md "Protocol Messages"). */
export interface PlaintextMessage {
  message: string;
  code: number | null;
  requestId: string | null;
  /** Top-level fields (the type byte as an encoding field, then the message-data), ranges in the plaintext. */
  fields: Field[];
  /** Notes about the message as a whole. */
  notes: Field['notes'];
}

/** Item count of each topic message in each draft: the shape tells the drafts apart (specs/discv5.md §5). */
const TOPIC_ITEM_COUNTS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  0x07: { 4: TOPIC_SPACE_2020, 5: TOPIC_SPACE_2026 },
  0x08: { 3: TOPIC_SPACE_2020, 4: TOPIC_SPACE_2026 },
  0x09: { 2: TOPIC_SPACE_2020, 3: TOPIC_SPACE_2026 },
  0x0a: { 2: TOPIC_SPACE_2020, 3: TOPIC_SPACE_2026 },
};

/** Decodes a plaintext; never throws (what cannot be read stays raw, with an error note where it broke). */
export function decodePlaintext(plaintext: Uint8Array): PlaintextMessage {
  if (plaintext.length === 0) {
    const data: Field = { name: 'data', shape: 'leaf', value: '0x', start: 0, end: 0 };
    addNote(data, 'error', DISCV5_NOTES.messageType, 'the decrypted message is empty: no message type');
    return { message: 'UNKNOWN', code: null, requestId: null, fields: [data], notes: [] };
  }
  const type = plaintext[0]!;
  const { declaration, notes } = declarationOf(type, plaintext);
  const typeField = encodingLeaf(
    'message-type',
    type,
    0,
    1,
    `${declaration?.name ?? 'unknown'} (0x${type.toString(16).padStart(2, '0')})`,
  );
  if (!declaration) {
    const data: Field = { name: 'data', shape: 'leaf', value: toHex(plaintext, 1), start: 1, end: plaintext.length };
    addNote(
      data,
      'error',
      DISCV5_NOTES.messageType,
      `message type 0x${type.toString(16)} is not defined by discv5 v5.1`,
    );
    return { message: 'UNKNOWN', code: type, requestId: null, fields: [typeField, data], notes };
  }
  const body = decodeBody(declaration, plaintext);
  const requestId = body.find((f) => f.name === 'request-id');
  return {
    message: declaration.name,
    code: type,
    requestId: typeof requestId?.value === 'string' ? requestId.value : null,
    fields: [typeField, ...body],
    notes,
  };
}

function declarationOf(
  type: number,
  plaintext: Uint8Array,
): { declaration?: MessageDeclaration; notes: Field['notes'] } {
  const byShape = TOPIC_ITEM_COUNTS[type];
  if (!byShape) return { declaration: discv5Declaration.byCode(type), notes: [] };
  const items = listItemCount(plaintext, 1);
  const chosen = (items !== null ? byShape[items] : undefined) ?? TOPIC_SPACE_2026;
  const name = TOPIC_MESSAGES[chosen]![type]!;
  const why =
    items !== null && byShape[items]
      ? `its ${items} items fit the ${chosen === TOPIC_SPACE_2020 ? '2020 v5.1' : '2026'} draft`
      : 'its shape fits neither draft: read as the current (2026) one';
  const note = {
    severity: 'info' as const,
    kind: DISCV5_NOTES.topicDraft,
    text: `topic message (draft): ${why}`,
    field: null,
  };
  return { declaration: discv5Declaration.message(name), notes: [note] };
}

/** Number of items in the RLP list at `at`, or null when it is not a readable list. */
function listItemCount(bytes: Uint8Array, at: number): number | null {
  try {
    const h = readRlpHeader(bytes, at, bytes.length);
    if (!h.isList) return null;
    let count = 0;
    for (let pos = h.payloadStart; pos < h.payloadEnd; count++)
      pos = readRlpHeader(bytes, pos, h.payloadEnd).payloadEnd;
    return count;
  } catch (e) {
    if (e instanceof DecodeError) return null;
    throw e;
  }
}

/** The message-data's fields (its RLP list header first), partial with an error note when it breaks. */
function decodeBody(declaration: MessageDeclaration, plaintext: Uint8Array): Field[] {
  const r = new ByteReader(plaintext, 1);
  let body: Field;
  try {
    body = declaration.body.decode(r, 'message-data');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    body = e instanceof PartialDecodeError ? e.partial : brokenField('message-data', e, plaintext.length);
    return body.shape === 'leaf' ? [body] : (body.children ?? []);
  }
  const fields = body.children ?? [];
  if (r.pos < plaintext.length) {
    const trailing = encodingLeaf('trailing', toHex(plaintext, r.pos), r.pos, plaintext.length);
    addNote(trailing, 'warning', 'decode.trailing', `${plaintext.length - r.pos} bytes after the message-data`);
    fields.push(trailing);
  }
  return fields;
}

/** Whether `bytes` is a packet with its header already unmasked (the protocol id in clear). */
export function isUnmaskedPacket(bytes: Uint8Array): boolean {
  return bytes.length >= MIN_PACKET_SIZE && startsWithAscii(bytes, PROTOCOL_ID, HEADER_START);
}

/**
 * `peerscope decode discv5 HEX`: a message plaintext (`01c6…`), or a packet whose header is unmasked (a
 * WHOAREYOU's challenge-data, say). Never throws.
 */
export function decodeDiscv5Message(bytes: Uint8Array): DecodedMessage {
  if (isUnmaskedPacket(bytes)) {
    const whoareyou = bytes[HEADER_START + 8] === FLAG.whoareyou;
    const name = whoareyou ? 'WHOAREYOU' : 'ENCRYPTED';
    const { field } = decodeAll(discv5Declaration.message(name)!.body, bytes, DISCV5_PROTOCOL);
    return { protocol: DISCV5_PROTOCOL, message: name, code: null, requestId: null, tree: field, bytes };
  }
  const decoded = decodePlaintext(bytes);
  const tree: Field = { name: DISCV5_PROTOCOL, shape: 'struct', start: 0, end: bytes.length, children: decoded.fields };
  if (decoded.notes?.length) tree.notes = decoded.notes;
  return {
    protocol: DISCV5_PROTOCOL,
    message: decoded.message,
    code: decoded.code,
    requestId: decoded.requestId,
    tree,
    bytes,
  };
}
