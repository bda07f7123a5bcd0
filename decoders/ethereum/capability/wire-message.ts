import { RLP } from '@ethereumjs/rlp';
import { readRlpHeader } from '../../codecs/rlp';
import { concatBytes, toHex } from '../../core/bytes';
import type { DeclaredProtocol } from '../../core/declaration';
import { addNote, encodingLeaf, generatedLeaf, leaf, type Field } from '../../core/field';
import { EncodeError, isJsonObject, type JsonObject } from '../../core/json';
import type { DecodedMessage } from '../../core/message';
import { DecodeError } from '../../core/reader';
import { ByteWriter } from '../../core/writer';
import { readPayload, type Candidate, type PayloadReading } from './payload-reading';
import { noteUnknownCode, UNKNOWN_MESSAGE, unknownMessageCode } from './unknown-message';

/**
 * One capability message as `peerscope decode les HEX` takes it: `rlp(code) ‖ payload`, the code relative to the
 * capability (0 = its first message), as it stands in a decrypted, decompressed RLPx frame once the capability
 * offset is taken off. A session gets code and payload apart from the RLPx dissector and reads only the payload.
 */

export interface WireProtocol {
  declaration: DeclaredProtocol;
  /** The messages a code may be, in the order to try them (empty: the code is not defined). */
  candidates(code: number): Candidate[];
  /** Name of the request-id field (`reqID`, `request-id`). */
  requestIdField: string;
  /** Adds the notes a message needs on its own (deprecations, ambiguity), after it was read. */
  annotate?(reading: PayloadReading, tree: Field): void;
}

export interface MessageRead {
  message: string;
  code: number | null;
  requestId: string | null;
  tree: Field;
}

/** Reads a payload [start, end) of `bytes` as the message `code` is: a known message, or UnknownMessage. */
export function readMessage(
  protocol: WireProtocol,
  code: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  version: number | null,
): MessageRead {
  const candidates = protocol.candidates(code);
  const unknown = candidates.length === 0;
  const reading = readPayload(
    unknown ? [{ declaration: protocol.declaration.message(UNKNOWN_MESSAGE)! }] : candidates,
    bytes,
    start,
    end,
    protocol.declaration.name,
  );
  const tree = reading.tree;
  if (unknown) noteUnknownCode(tree, protocol.declaration.name, code, version);
  else protocol.annotate?.(reading, tree);
  const id = tree.children?.find((c) => c.name === protocol.requestIdField)?.value;
  return {
    message: reading.declaration.name,
    code,
    requestId: typeof id === 'number' || typeof id === 'string' ? String(id) : null,
    tree,
  };
}

/** `rlp(code) ‖ payload` → a decoded message whose ranges count from the code's first byte. Never throws. */
export function decodeWireMessage(protocol: WireProtocol, bytes: Uint8Array): DecodedMessage {
  const name = protocol.declaration.name;
  const code = readCode(bytes);
  if ('error' in code) {
    const raw = leaf('bytes', toHex(bytes), 0, bytes.length);
    addNote(raw, 'error', 'devp2p.code', code.error);
    const tree: Field = { name, shape: 'struct', start: 0, end: bytes.length, children: [raw] };
    return { protocol: name, message: UNKNOWN_MESSAGE, code: null, requestId: null, tree, bytes };
  }
  const read = readMessage(protocol, code.code, bytes, code.end, bytes.length, null);
  const declared = protocol.declaration.message(read.message);
  const codeField =
    declared?.code === null
      ? leaf('code', code.code, 0, code.end)
      : encodingLeaf('code', code.code, 0, code.end, `${read.message} (0x${code.code.toString(16).padStart(2, '0')})`);
  if (code.rawZero) {
    addNote(
      codeField,
      'warning',
      'devp2p.code.raw-zero',
      'code 0 as the raw byte 0x00 (reth writes its local id so); rlp(0) is 0x80',
    );
  }
  read.tree.children!.unshift(codeField);
  read.tree.start = 0;
  read.tree.end = bytes.length;
  return { protocol: name, message: read.message, code: read.code, requestId: read.requestId, tree: read.tree, bytes };
}

function readCode(bytes: Uint8Array): { code: number; end: number; rawZero: boolean } | { error: string } {
  if (bytes.length === 0) return { error: 'no bytes: a message starts with its code' };
  if (bytes[0] === 0x00) return { code: 0, end: 1, rawZero: true };
  try {
    const h = readRlpHeader(bytes, 0, bytes.length);
    const length = h.payloadEnd - h.payloadStart;
    if (h.isList || length > 6) return { error: 'the message code must be a small RLP integer' };
    if (length > 0 && bytes[h.payloadStart] === 0) return { error: 'message code with a leading zero byte' };
    let code = 0;
    for (let i = h.payloadStart; i < h.payloadEnd; i++) code = code * 256 + bytes[i]!;
    return { code, end: h.payloadEnd, rawZero: false };
  } catch (e) {
    if (e instanceof DecodeError) return { error: `message code: ${e.message}` };
    throw e;
  }
}

/**
 * Encodes `{message, fields}` (what decodeMessage yields, or a composer's minimal JSON) as `rlp(code) ‖ payload`.
 * A message-level `requestId` stands in for the request-id field when the fields lack it.
 */
export function encodeWireMessage(
  protocol: WireProtocol,
  json: JsonObject,
  options: { keepLengths?: boolean } = {},
): Uint8Array {
  const name = protocol.declaration.name;
  if (json.protocol !== undefined && json.protocol !== name) {
    throw new EncodeError('protocol', `expected ${name}, got ${JSON.stringify(json.protocol)}`);
  }
  if (typeof json.message !== 'string') throw new EncodeError('message', 'required: the message name');
  const declared = protocol.declaration.message(json.message);
  if (!declared) throw new EncodeError('message', `unknown ${name} message ${JSON.stringify(json.message)}`);
  const given = json.fields ?? {};
  if (!isJsonObject(given)) throw new EncodeError('fields', 'expected an object');
  const fields = { ...given };
  if (fields[protocol.requestIdField] === undefined && typeof json.requestId === 'string') {
    fields[protocol.requestIdField] = json.requestId;
  }
  if (declared.code === null && fields.code === undefined && typeof json.code === 'number') fields.code = json.code;
  const code = declared.code ?? unknownMessageCode(fields, 'fields');
  const w = new ByteWriter();
  declared.body.encode(fields, w, 'fields', options);
  return concatBytes([RLP.encode(code), w.finish()]);
}

/** The code leaf a session adds: the RLPx dissector read it, so it points to no payload byte. */
export function generatedCode(code: number): Field {
  return generatedLeaf('code', code, `0x${code.toString(16).padStart(2, '0')} (capability-relative)`);
}
