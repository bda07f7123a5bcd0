import { bsonDocument } from '../codecs/bson';
import type { Codec } from '../core/codec';
import type { MessageDeclaration } from '../core/declaration';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { EncodeError, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { bsonElement, bsonElementType, bsonIntegerText, bsonSafeInteger } from './bson-values';
import { decodeBinaryContent, decodedAfterwards } from './binary-content';
import { decodeWindow, encodeAt } from './codec-windows';
import { hobbitsDeclaration, UNKNOWN_RPC_MESSAGE } from './declaration';
import { decodeDocumentForm, documentFormJson, documentSpec } from './document-form';
import { decodeBsonHeader, rpcHeaderCodec } from './header';
import { withDerivedKeys, type EncodedParts, type MessageParts, type ProtocolDecode } from './message-parts';
import { HOBBITS_NOTES } from './note-kinds';
import { payloadFromJson, undecodedLeaf } from './payload-fields';
import { isRpcMethodName, RPC_BODY_TYPES } from './rpc-bodies';

/**
 * RPC (protocol 0): a BSON header `{method_id, id}` and a BSON body `{body: …}` (Hobbits spec "RPC › Envelope").
 * `body` is SSZ in a binary (spec, Lodestar) or the fields by name in a document (Artemis): both decode, the form
 * is named in the generated `body_form` field, and encoding writes the same form back.
 */

export type BodyForm = 'ssz' | 'document';

const FORM_DISPLAY: Record<BodyForm, string> = {
  ssz: 'SSZ in a BSON binary (spec, Lodestar)',
  document: 'BSON document of named fields (Artemis)',
};

const BODY_ELEMENT_TYPES = ['binary', 'document', 'array'] as const;
const BSON_DOCUMENT = 0x03;
const BSON_ARRAY = 0x04;
const BSON_BINARY = 0x05;

interface BodyCodecs {
  /** Reads either form, leaving a binary's SSZ to decodeBinaryContent. */
  read: Codec;
  /** Writes `body` documents (their beacon objects already turned into hex). */
  plain: Codec;
  /** Writes `body` objects as SSZ in a binary. */
  ssz: Codec;
}

const genericBody = bsonDocument('RPC body');
const bodyCodecs = new Map<string, BodyCodecs>();

function bodyCodecsOf(method: MessageDeclaration): BodyCodecs {
  let codecs = bodyCodecs.get(method.name);
  if (!codecs && isRpcMethodName(method.name)) {
    const document = documentSpec(RPC_BODY_TYPES[method.name]);
    codecs = {
      read: bsonDocument('RPC body', { body: { types: BODY_ELEMENT_TYPES, content: decodedAfterwards, document } }),
      plain: bsonDocument('RPC body', { body: { types: BODY_ELEMENT_TYPES, document } }),
      ssz: bsonDocument('RPC body', { body: { types: BODY_ELEMENT_TYPES, content: method.body, document } }),
    };
    bodyCodecs.set(method.name, codecs);
  }
  return codecs ?? { read: genericBody, plain: genericBody, ssz: genericBody };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

export function decodeRpc(bytes: Uint8Array, parts: MessageParts): ProtocolDecode {
  const header = decodeBsonHeader(rpcHeaderCodec, bytes, parts.header.start, parts.header.end);
  const methodField = header.ok ? bsonElement(header.field, 'method_id') : undefined;
  const methodId = bsonSafeInteger(methodField?.value);
  const method = methodId === null ? undefined : hobbitsDeclaration.byCode(methodId, 'rpc');
  if (methodField && !method) {
    const what =
      methodId === null
        ? `${JSON.stringify(methodField.value)} is not an integer`
        : `${methodId} is no Hobbits RPC method`;
    addNote(methodField, 'warning', HOBBITS_NOTES.rpcMethod, `method_id ${what}`);
  }
  const idField = header.ok ? bsonElement(header.field, 'id') : undefined;
  const id = bsonIntegerText(idField?.value);
  if (idField && id === null) {
    addNote(idField, 'warning', HOBBITS_NOTES.rpcId, 'id is not an integer: the message cannot be paired');
  }
  return {
    message: method?.name ?? UNKNOWN_RPC_MESSAGE,
    code: methodId,
    requestId: id,
    fields: [header.field, ...decodeRpcBody(bytes, parts.body, method)],
  };
}

function decodeRpcBody(
  bytes: Uint8Array,
  window: MessageParts['body'],
  method: MessageDeclaration | undefined,
): Field[] {
  const codec = method ? bodyCodecsOf(method).read : genericBody;
  const { field, complete } = decodeWindow(codec, bytes, window.start, window.end, 'body');
  if (!complete) {
    const text = 'body is not a BSON document; kept as raw bytes';
    return [undecodedLeaf('body', bytes, window, field, HOBBITS_NOTES.bodyBson, text)];
  }
  // A repeated `body` key is flagged by the walker; each copy is still decoded, none left unread.
  const elements = field.children!.filter((c) => c.name === 'body' && !c.encoding);
  const form = elements[0] && bodyFormOf(elements[0]);
  if (!form) {
    const text = 'body is neither SSZ in a binary nor a document of named fields';
    if (elements[0]) addNote(elements[0], 'warning', HOBBITS_NOTES.bodyForm, text);
    return [field];
  }
  if (method && isRpcMethodName(method.name)) {
    for (const element of elements) {
      if (bodyFormOf(element) === 'ssz') decodeBinaryContent(bytes, element, method.body);
      else decodeDocumentForm(bytes, element, RPC_BODY_TYPES[method.name]);
    }
  }
  return [field, generatedLeaf('body_form', form, FORM_DISPLAY[form])];
}

function bodyFormOf(element: Field): BodyForm | undefined {
  const type = bsonElementType(element);
  return type === BSON_BINARY ? 'ssz' : type === BSON_DOCUMENT || type === BSON_ARRAY ? 'document' : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

const HEADER_ORDER = ['method_id', 'id'] as const;

/** `derive`: fill in a missing method_id (and insist on an id), as a composer wants; off to keep a header as given. */
export function encodeRpc(message: string | undefined, fields: JsonObject, derive: boolean): EncodedParts {
  const method = rpcMethodFor(message, fields.header);
  return { header: encodeRpcHeader(method, fields.header, derive), body: encodeRpcBody(method, fields) };
}

/** The declared method: by message name, else by the header's method_id. */
function rpcMethodFor(message: string | undefined, header: JsonValue | undefined): MessageDeclaration | undefined {
  const byName = message === undefined ? undefined : hobbitsDeclaration.message(message);
  if (byName?.space === 'rpc') return byName;
  const code = isJsonObject(header) ? bsonSafeInteger(header.method_id) : null;
  return code === null ? undefined : hobbitsDeclaration.byCode(code, 'rpc');
}

function encodeRpcHeader(
  method: MessageDeclaration | undefined,
  header: JsonValue | undefined,
  derive: boolean,
): Uint8Array {
  if (typeof header === 'string') return payloadFromJson(header, 'header');
  if (!isJsonObject(header)) throw new EncodeError('header', 'required: an object with the request id');
  if (!derive) return encodeAt(rpcHeaderCodec, header, 'header');
  if (!('method_id' in header) && !method) {
    throw new EncodeError('header.method_id', 'required when the message names no RPC method');
  }
  if (!('id' in header)) throw new EncodeError('header.id', 'required: the request id');
  const full = withDerivedKeys(header, HEADER_ORDER, method ? { method_id: method.code } : {});
  return encodeAt(rpcHeaderCodec, full, 'header');
}

function encodeRpcBody(method: MessageDeclaration | undefined, fields: JsonObject): Uint8Array {
  const body = fields.body;
  if (typeof body === 'string') return payloadFromJson(body, 'body');
  if (!isJsonObject(body)) throw new EncodeError('body', 'required: an object {body: …} or raw hex');
  const form = fields.body_form ?? 'ssz';
  if (form !== 'ssz' && form !== 'document') throw new EncodeError('body_form', 'must be "ssz" or "document"');
  if (!method || !isRpcMethodName(method.name)) return encodeAt(genericBody, body, 'body');
  const codecs = bodyCodecsOf(method);
  if (form === 'ssz') return encodeAt(codecs.ssz, body, 'body');
  const inner =
    body.body === undefined ? undefined : documentFormJson(RPC_BODY_TYPES[method.name], body.body, 'body.body');
  return encodeAt(codecs.plain, inner === undefined ? body : { ...body, body: inner }, 'body');
}
