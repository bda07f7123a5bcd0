import { sszSchema } from '../codecs/ssz';
import { enrCodec } from '../enr/enr-codec';
import { hexSchema, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import { collectNotes, shiftRanges } from '../core/field';
import { childPath, EncodeError, isJsonObject } from '../core/json';
import { DecodeError } from '../core/reader';
import { decodePortalMessage, PORTAL_PROTOCOL } from './message-decoder';
import { encodePortalMessage } from './message-encoder';
import { EMPTY_RESPONSE, PORTAL_MESSAGES, UNKNOWN_REQUEST, UNKNOWN_RESPONSE, type PortalMessageName } from './messages';
import { NestedExtension, PING_EXTENSIONS, RadiusPayload } from './ping-payloads';

const SPEC = 'portal-network-specs portal-wire-protocol.md, seed (2021-10) to protocol v2 (2025-07)';

const hex = hexSchema('bytes');
const uint = (max: number): JsonSchema => ({ type: 'integer', minimum: 0, maximum: max });
const uint64: JsonSchema = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^\\d+$' },
  ],
};

const versionSchema: JsonSchema = {
  description:
    'generated on decode; on encode it picks the selector numbering (seed) and the Accept form (v0 bits, v1+ codes)',
  anyOf: [
    { enum: ['seed', 'v0', 'v1', 'v2'] },
    { type: 'object', properties: { version: { enum: ['seed', 'v0', 'v1', 'v2'] }, chosen_by: { type: 'string' } } },
  ],
  default: 'v2',
};
const networkSchema: JsonSchema = {
  type: 'string',
  description:
    'generated from the TALKREQ protocol id (0x500b); on encode a protocol id or a network name picks among content key layouts',
};
const contentKeySchema: JsonSchema = {
  description: 'the key as 0x-hex, or decoded: {selector, …members} (content_id is generated)',
  anyOf: [
    hex,
    { type: 'object', properties: { selector: uint(255), content_id: { ...hex, description: 'generated' } } },
  ],
};
/** ENRs as decoded (key/value pairs, signature) or as the RLP of a record. */
const enrListSchema: JsonSchema = {
  type: 'array',
  maxItems: 32,
  items: { anyOf: [enrCodec.schema(), { ...hex, description: 'RLP of an ENR' }] },
};

const pingSchema: JsonSchema = {
  type: 'object',
  properties: {
    enr_seq: uint64,
    payload_type: {
      ...uint(0xffff),
      description: 'ping extension type (2025-01 on); inferred from the payload when absent',
    },
    payload: {
      anyOf: [hex, ...Object.values(PING_EXTENSIONS).map((e) => sszSchema(e.type))],
      description: 'by payload_type; text members (client_info, message) may be given as text',
    },
    custom_payload: {
      anyOf: [hex, sszSchema(RadiusPayload), sszSchema(NestedExtension)],
      description: 'the layout before 2025-01: {data_radius}, or the 2024-12 nested {type, payload}',
    },
  },
  required: ['enr_seq'],
};

const BODY_SCHEMAS: Record<PortalMessageName, JsonSchema> = {
  Ping: pingSchema,
  Pong: pingSchema,
  FindNodes: {
    type: 'object',
    properties: { distances: { type: 'array', maxItems: 256, items: uint(256), description: 'unique, each 0..256' } },
    required: ['distances'],
  },
  Nodes: {
    type: 'object',
    properties: {
      total: { ...uint(255), default: 1 },
      part: { type: 'integer', readOnly: true, description: 'generated: which Nodes message of an answer of several' },
      enrs: enrListSchema,
    },
    required: ['enrs'],
  },
  FindContent: { type: 'object', properties: { content_key: contentKeySchema }, required: ['content_key'] },
  Content: {
    type: 'object',
    description: 'exactly one of connection_id, content, enrs',
    properties: {
      connection_id: { anyOf: [hexSchema('Bytes2', 2), uint(0xffff)] },
      content: hex,
      enrs: enrListSchema,
      utp_stream: { type: 'object', description: 'generated: the uTP stream the connection id announces' },
    },
  },
  Offer: {
    type: 'object',
    properties: { content_keys: { type: 'array', maxItems: 64, items: contentKeySchema } },
    required: ['content_keys'],
  },
  Accept: {
    type: 'object',
    properties: {
      connection_id: { anyOf: [hexSchema('Bytes2', 2), uint(0xffff)] },
      content_keys: {
        description: 'one entry per offered key: codes (v1+: 0 accept, 1–6 reasons) or bits (v0: 1 wanted); or 0x-hex',
        anyOf: [{ type: 'array', maxItems: 64, items: uint(255) }, hex],
      },
      utp_stream: { type: 'object', description: 'generated: the uTP stream the connection id announces' },
    },
    required: ['connection_id', 'content_keys'],
  },
};

function fieldsSchema(body: JsonSchema): JsonSchema {
  const properties = { protocol_version: versionSchema, network: networkSchema, ...(body.properties as object) };
  return { ...body, properties };
}

/** A message's codec reads and writes the whole payload (selector and container) as that message. */
function messageCodec(name: string, schema: JsonSchema): Codec {
  return {
    typeName: name,
    decode(r, fieldName) {
      const { decoded } = decodePortalMessage(r.bytes.subarray(r.pos, r.end));
      const tree = shiftRanges(decoded.tree, r.pos);
      tree.name = fieldName;
      r.pos = r.end;
      const error = collectNotes(tree).find((n) => n.severity === 'error');
      const other = decoded.message !== name;
      if (error || other) {
        const reason = other ? `not a ${name}: reads as ${decoded.message}` : error!.text;
        throw new PartialDecodeError(new DecodeError(r.pos, reason, error?.kind ?? 'portal.message.unexpected'), tree);
      }
      return tree;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected the fields of ${name}`);
      try {
        w.bytes(encodePortalMessage({ message: name, fields: value }, options));
      } catch (e) {
        if (e instanceof EncodeError && path) throw new EncodeError(childPath(path, e.path), e.reason);
        throw e;
      }
    },
    schema: () => schema,
  };
}

function declarations(): MessageDeclaration[] {
  const out: MessageDeclaration[] = [];
  const responses = PORTAL_MESSAGES.filter((m) => m.role === 'response').map((m) => m.name);
  for (const m of PORTAL_MESSAGES) {
    const declared: MessageDeclaration = {
      name: m.name,
      code: m.selector,
      summary: m.summary,
      spec: `portal-wire-protocol.md "${m.spec}"`,
      body: messageCodec(m.name, fieldsSchema(BODY_SCHEMAS[m.name])),
    };
    // Any request may be answered by an empty TALKRESP (unsupported) or one that is no Portal message.
    if (m.answeredBy) declared.answeredBy = [m.answeredBy, EMPTY_RESPONSE, UNKNOWN_RESPONSE];
    out.push(declared);
  }
  const bytesSchema: JsonSchema = { type: 'object', properties: { selector: uint(255), payload: hex } };
  out.push(
    {
      name: EMPTY_RESPONSE,
      code: null,
      summary: 'A TALKRESP with no payload: the peer does not support the request',
      spec: 'portal-wire-protocol.md (introduction): unsupported messages get an empty TALKRESP',
      body: messageCodec(EMPTY_RESPONSE, { type: 'object', properties: {} }),
    },
    {
      name: UNKNOWN_REQUEST,
      code: null,
      summary: 'A TALKREQ payload that is no Portal message (unknown selector, empty)',
      spec: 'portal-wire-protocol.md "Message Types"',
      body: messageCodec(UNKNOWN_REQUEST, bytesSchema),
      answeredBy: [...responses, EMPTY_RESPONSE, UNKNOWN_RESPONSE],
    },
    {
      name: UNKNOWN_RESPONSE,
      code: null,
      summary: 'A TALKRESP payload that is no Portal message',
      spec: 'portal-wire-protocol.md "Message Types"',
      body: messageCodec(UNKNOWN_RESPONSE, bytesSchema),
    },
  );
  return out;
}

export const portalDeclaration = declareProtocol({
  name: PORTAL_PROTOCOL,
  title: 'Portal wire protocol (over discv5 TALKREQ)',
  spec: SPEC,
  messages: declarations(),
});
