import { sszCodec } from '../codecs/ssz';
import { hexSchema, restBytes, type JsonSchema } from '../core/codec';
import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import { gossipObjectCodec } from './gossip-topics';
import { pingBody } from './ping-body';
import { presetCodec } from './preset-codec';
import { MinimalBeaconStates, RPC_BODY_TYPES, type RpcMethodName } from './rpc-bodies';

const RPC_SPEC = 'Hobbits spec (deltap2p/hobbits specs/spec.md, version 3), RPC Methods';

/** An RPC method: its body codec is the SSZ container of RPC_BODY_TYPES (BEACON_STATES in either preset). */
function rpc(name: RpcMethodName, code: number, summary: string, answeredBy?: RpcMethodName[]): MessageDeclaration {
  const body =
    name === 'BEACON_STATES'
      ? presetCodec(RPC_BODY_TYPES.BEACON_STATES, MinimalBeaconStates)
      : sszCodec(RPC_BODY_TYPES[name]);
  const message: MessageDeclaration = {
    name,
    code,
    space: 'rpc',
    summary,
    spec: `${RPC_SPEC}, \`${code}\` ${name}`,
    body,
  };
  if (answeredBy) message.answeredBy = answeredBy;
  return message;
}

const numberSchema: JsonSchema = {
  description: 'a number, or an Extended JSON wrapper keeping its BSON type ({"$numberLong": "5"})',
  anyOf: [{ type: 'number' }, { type: 'object' }],
};

/** A BSON number kept in a non-default form: `{"$numberLong": "5"}`, `{"$numberInt": …}`, `{"$numberDouble": …}`. */
const ejsonNumber: JsonSchema = {
  type: 'object',
  properties: { $numberLong: { type: 'string' }, $numberInt: { type: 'string' }, $numberDouble: { type: 'string' } },
  minProperties: 1,
  maxProperties: 1,
};

/** BSON text that reads like 0x-hex, kept apart from binary (`{"$string": "0x…"}`), as the spec's example writes hashes. */
const ejsonString: JsonSchema = { type: 'object', properties: { $string: { type: 'string' } }, required: ['$string'] };

/**
 * A body schema widened to the nested-document form (artemis): its integers may come as BSON int64 or double, in
 * their Extended JSON wrappers.
 */
function documentForms(schema: JsonSchema): JsonSchema {
  return widen(schema) as JsonSchema;
}

function widen(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(widen);
  if (node === null || typeof node !== 'object') return node;
  const schema = node as JsonSchema;
  const widened = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, widen(value)]));
  const alternatives = (schema.anyOf ?? []) as JsonSchema[];
  const integer = schema.type === 'integer' || alternatives.some((s) => s.type === 'integer');
  return integer ? { title: schema.title, anyOf: [{ ...widened, title: undefined }, ejsonNumber] } : widened;
}

/** The whole `fields` of a Hobbits message: the EWP envelope around the declared body. */
function hobbitsFieldsSchema(m: MessageDeclaration): JsonSchema {
  const envelope = {
    framing: { enum: ['binary-v3', 'text'], default: 'binary-v3' },
    version: { anyOf: [{ type: 'integer' }, { type: 'string' }], default: 3 },
    protocol: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  };
  if (m.space === 'ping') {
    return { type: 'object', properties: { ...envelope, header: { enum: ['ping', 'pong'] }, body: m.body.schema() } };
  }
  if (m.space === 'gossip') {
    const header = {
      type: 'object',
      properties: {
        method_id: numberSchema,
        topic: { enum: ['BLOCK', 'ATTESTATION'] },
        timestamp: numberSchema,
        message_hash: { anyOf: [hexSchema('bytes32', 32), ejsonString] },
        hash: { anyOf: [hexSchema('bytes32', 32), ejsonString] },
      },
    };
    return { type: 'object', properties: { ...envelope, header, body: m.body.schema() } };
  }
  const header = {
    anyOf: [
      { type: 'object', properties: { method_id: numberSchema, id: numberSchema }, required: ['id'] },
      { ...hexSchema('raw header'), description: 'header bytes that are not a BSON document (a broken message)' },
    ],
  };
  // An undeclared method's body is bytes, or in the document form whatever BSON document it was.
  const inner = m.body === restBytes ? { anyOf: [restBytes.schema(), { type: 'object' }] } : m.body.schema();
  const body = { type: 'object', properties: { body: documentForms(inner) } };
  const form = { enum: ['ssz', 'document'], default: 'ssz' };
  return { type: 'object', properties: { ...envelope, header, body, body_form: form }, required: ['header', 'body'] };
}

export const hobbitsDeclaration = declareProtocol({
  name: 'hobbits',
  title: 'Hobbits (Ethereum Wire Protocol, EWP)',
  spec: 'deltap2p/hobbits specs/spec.md (wire version 3, July 2019); EWP 0.1/0.2 text framing of June 2019',
  messages: [
    rpc('HELLO', 0, 'Handshake: network, chain, finalized and best block', ['HELLO']),
    rpc('GOODBYE', 1, 'The sender is going away, with a client-defined reason'),
    rpc('GET_STATUS', 2, 'Client name and clock', ['GET_STATUS']),
    rpc('GET_BLOCK_HEADERS', 10, 'Requests block headers from a root or slot', ['BLOCK_HEADERS']),
    rpc('BLOCK_HEADERS', 11, 'Block headers'),
    rpc('GET_BLOCK_BODIES', 12, 'Requests blocks from a root or slot', ['BLOCK_BODIES']),
    rpc('BLOCK_BODIES', 13, 'Beacon blocks'),
    rpc('GET_ATTESTATION', 14, 'Requests an attestation by its hash tree root', ['ATTESTATION']),
    rpc('ATTESTATION', 15, 'An attestation'),
    rpc('GET_BEACON_STATES', 16, 'Requests beacon states by root', ['BEACON_STATES']),
    rpc('BEACON_STATES', 17, 'Beacon states'),
    {
      name: 'GOSSIP',
      code: 0,
      space: 'gossip',
      summary: 'A block or attestation pushed to peers; the topic says which',
      spec: 'Hobbits spec, GOSSIP Methods, `0` GOSSIP',
      body: gossipObjectCodec,
    },
    {
      name: 'PING',
      code: null,
      space: 'ping',
      summary: 'Connection test: 32 random bytes to echo',
      spec: 'Hobbits spec, PING Methods, Ping',
      body: pingBody,
      answeredBy: ['PONG'],
    },
    {
      name: 'PONG',
      code: null,
      space: 'ping',
      summary: 'Echo of the PING body',
      spec: 'Hobbits spec, PING Methods, Pong',
      body: pingBody,
    },
    {
      name: 'RPC',
      code: null,
      space: 'rpc',
      summary: 'An RPC call with a method_id the spec does not define: its body stays bytes',
      body: restBytes,
    },
    {
      name: 'UNKNOWN',
      code: null,
      space: 'unknown',
      summary: 'A message of a protocol number (or name) that is not RPC, GOSSIP or PING',
      body: restBytes,
    },
  ],
  fieldsSchema: hobbitsFieldsSchema,
});

export type EwpProtocol = 'RPC' | 'GOSSIP' | 'PING';

/** EWP protocol numbers (Hobbits spec "Messages": 0 - RPC, 1 - GOSSIP, 2 - PING). */
export const EWP_PROTOCOLS: Readonly<Record<number, EwpProtocol>> = { 0: 'RPC', 1: 'GOSSIP', 2: 'PING' };

/** The EWP protocol a declared message travels in. */
export function protocolOfMessage(name: string): EwpProtocol | undefined {
  const space = hobbitsDeclaration.message(name)?.space;
  return space === 'rpc' ? 'RPC' : space === 'gossip' ? 'GOSSIP' : space === 'ping' ? 'PING' : undefined;
}

/** Names for what has no declared message: an RPC method nobody declared, a protocol number nobody defined. */
export const UNKNOWN_RPC_MESSAGE = 'RPC';
export const UNKNOWN_PROTOCOL_MESSAGE = 'UNKNOWN';
