import { sszSchema } from '../codecs/ssz';
import { hexSchema, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { collectNotes, shiftRanges } from '../core/field';
import { childPath, EncodeError, isJsonObject } from '../core/json';
import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import { DecodeError } from '../core/reader';
import { encodeFields } from './message-encoder';
import { decodeEth2RpcMessage, PROTOCOL } from './message-decoder';
import { MALFORMED, METHODS, responseName, SPEC, UNKNOWN_METHOD, UNTYPED_RESPONSE, type RpcMethod } from './methods';
import { isContainer } from './readings';

/**
 * The eth2 beacon RPC of May–August 2019, declared once: each request (code = method_id), each response
 * (`<method>_response`, code = the method id it answers), and the two catch-alls a stream needs. A message's codec
 * reads and writes the whole framed message; its JSON is the `fields` object the decoder yields.
 */

const uint64Schema: JsonSchema = {
  title: 'uint64',
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^\\d+$' },
  ],
};
const uint16Schema = (fallback?: number): JsonSchema => ({
  title: 'uint16',
  type: 'integer',
  minimum: 0,
  maximum: 0xffff,
  default: fallback,
});

/** What every framed message has: the reading, the envelope when there is one, the id. */
const readingSchema: Record<string, JsonSchema> = {
  framing: { enum: ['ssz', 'fixed', 'envelope'], default: 'ssz', description: 'raw-TCP layout after the ETH prefix' },
  envelope: {
    type: 'object',
    properties: { nibbles: { enum: [1, 16], default: 1 }, length_order: { enum: ['le', 'be'], default: 'le' } },
  },
  id: uint64Schema,
};

function requestSchema(method: RpcMethod | null): JsonSchema {
  const body = method ? { anyOf: [sszSchema(method.request), hexSchema('bytes')] } : hexSchema('bytes');
  const properties: Record<string, JsonSchema> = { ...readingSchema, method_id: uint16Schema(method?.id), body };
  if (method) properties.body_union = { enum: ['position', 'method_id', 'none'], default: 'position' };
  return { type: 'object', properties, required: method ? ['id', 'body'] : ['id', 'method_id', 'body'] };
}

function responseSchema(method: RpcMethod | null): JsonSchema {
  const details: JsonSchema = { type: 'string', description: 'error details as text, or bytes as 0x-hex' };
  const body = method?.response;
  const result = isContainer(body ?? null) ? { anyOf: [sszSchema(body as RpcMethod['request']), details] } : details;
  return { type: 'object', properties: { ...readingSchema, response_code: uint16Schema(0), result }, required: ['id'] };
}

/** A message's codec: the whole framed message, read as this message. */
function messageCodec(name: string, schema: JsonSchema): Codec {
  return {
    typeName: name,
    decode(r, fieldName) {
      const bytes = r.bytes.subarray(r.pos, r.end);
      const tree = shiftRanges(decodeEth2RpcMessage(bytes, { only: name }).message.tree, r.pos);
      tree.name = fieldName;
      r.pos = r.end;
      const error = collectNotes(tree).find((n) => n.severity === 'error');
      if (error) throw new PartialDecodeError(new DecodeError(r.pos, error.text, error.kind), tree);
      return tree;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected the fields of ${name}`);
      try {
        w.bytes(encodeFields(name, value, options));
      } catch (e) {
        if (e instanceof EncodeError && path) throw new EncodeError(childPath(path, e.path), e.reason);
        throw e;
      }
    },
    schema: () => schema,
  };
}

function spec(method: RpcMethod): string {
  return `rpc-interface.md ${method.section} (method ${method.id})`;
}

function declarations(): MessageDeclaration[] {
  const out: MessageDeclaration[] = [];
  for (const m of METHODS) {
    out.push({
      name: m.name,
      code: m.id,
      summary: m.summary,
      spec: spec(m),
      body: messageCodec(m.name, requestSchema(m)),
      ...(m.response !== null ? { answeredBy: [responseName(m)] } : {}),
    });
  }
  for (const m of METHODS) {
    if (m.response === null) continue;
    out.push({
      name: responseName(m),
      code: m.id,
      space: 'response',
      summary: m.responseSummary ?? `Response to ${m.name}`,
      spec: `${spec(m)}, response`,
      body: messageCodec(responseName(m), responseSchema(m)),
    });
  }
  out.push(
    {
      name: UNKNOWN_METHOD,
      code: null,
      summary: 'A request whose method_id the spec does not define; its body stays bytes',
      spec: 'rpc-interface.md §RPC-over-libp2p (response code 30: method not found)',
      body: messageCodec(UNKNOWN_METHOD, requestSchema(null)),
      answeredBy: [UNTYPED_RESPONSE],
    },
    {
      name: UNTYPED_RESPONSE,
      code: null,
      space: 'response',
      summary: 'A response of no known type: to an unknown method, or whose request was not seen',
      spec: 'rpc-interface.md §RPC-over-libp2p',
      body: messageCodec(UNTYPED_RESPONSE, responseSchema(null)),
    },
    {
      name: MALFORMED,
      code: null,
      summary: 'Bytes that are not a framed message (no ETH prefix, or no layout fits)',
      spec: 'rpc-interface.md §Alternative for non-libp2p clients',
      body: messageCodec(MALFORMED, { type: 'object', properties: { bytes: hexSchema('bytes') }, required: ['bytes'] }),
    },
  );
  return out;
}

export const eth2rpcDeclaration = declareProtocol({
  name: PROTOCOL,
  title: 'Ethereum 2.0 beacon RPC (2019, raw TCP)',
  spec: SPEC,
  messages: declarations(),
});
