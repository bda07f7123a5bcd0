import { toHex } from '../core/bytes';
import { addNote, type Field } from '../core/field';
import { EncodeError, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { bsonElement, bsonElementType, bsonSafeInteger, bsonString } from './bson-values';
import { decodeWindow, encodeAt } from './codec-windows';
import { decodeBsonHeader, gossipHeaderCodec } from './header';
import { GOSSIP_TOPICS, isGossipTopic, topicOfObject, type GossipTopic } from './gossip-topics';
import {
  withDerivedKeys,
  type DecodeChecks,
  type EncodedParts,
  type MessageParts,
  type ProtocolDecode,
} from './message-parts';
import { HOBBITS_NOTES } from './note-kinds';
import { bytesLeaf, payloadFromJson, undecodedLeaf } from './payload-fields';

/**
 * GOSSIP (protocol 1): a BSON header (method_id, topic, timestamp, message_hash, hash) and the raw SSZ of the object
 * the topic names. Rules (Hobbits spec "GOSSIP"): topic MUST be BLOCK or ATTESTATION; `hash` is the object's
 * hash_tree_root. `message_hash` uses "a hash function up to the application", so it is not checked.
 */

const GOSSIP_METHOD = 0;
const BSON_BINARY = 0x05;
const HEADER_ORDER = ['method_id', 'topic', 'timestamp', 'message_hash', 'hash'] as const;

export function decodeGossip(bytes: Uint8Array, parts: MessageParts, options: DecodeChecks): ProtocolDecode {
  const { body } = parts;
  const header = decodeBsonHeader(gossipHeaderCodec, bytes, parts.header.start, parts.header.end);
  const result = (code: number, bodyField: Field): ProtocolDecode => ({
    message: 'GOSSIP',
    code,
    requestId: null,
    fields: [header.field, bodyField],
  });
  if (!header.ok) return result(GOSSIP_METHOD, bytesLeaf('body', bytes, body.start, body.end));
  const code = checkMethod(header.field);
  const topic = checkTopic(header.field);
  if (!topic) return result(code, bytesLeaf('body', bytes, body.start, body.end));
  const { codec, type } = GOSSIP_TOPICS[topic];
  const decoded = decodeWindow(codec, bytes, body.start, body.end, 'body');
  if (!decoded.complete) {
    const text = `body does not decode as ${codec.typeName}; kept as raw bytes`;
    return result(code, undecodedLeaf('body', bytes, body, decoded.field, HOBBITS_NOTES.bodySsz, text));
  }
  if (options.checks) checkHash(header.field, topic, hashTreeRoot(type, bytes.subarray(body.start, body.end)));
  return result(code, decoded.field);
}

function checkMethod(header: Field): number {
  const field = bsonElement(header, 'method_id');
  const method = bsonSafeInteger(field?.value);
  if (field && method !== GOSSIP_METHOD) {
    addNote(
      field,
      'warning',
      HOBBITS_NOTES.gossipMethod,
      `method_id ${JSON.stringify(field.value)}: GOSSIP (0) is the only gossip method`,
    );
  }
  return method ?? GOSSIP_METHOD;
}

function checkTopic(header: Field): GossipTopic | undefined {
  const field = bsonElement(header, 'topic');
  const topic = bsonString(field?.value);
  if (isGossipTopic(topic)) return topic;
  const what = field ? `topic ${JSON.stringify(topic ?? field.value)}` : 'no topic';
  addNote(
    field ?? header,
    'warning',
    HOBBITS_NOTES.gossipTopic,
    `${what}: it MUST be BLOCK or ATTESTATION; the body stays raw`,
  );
  return undefined;
}

/** hash_tree_root of the body through @chainsafe/ssz, or null when the library refuses the value. */
function hashTreeRoot(type: (typeof GOSSIP_TOPICS)[GossipTopic]['type'], body: Uint8Array): string | null {
  try {
    return toHex(type.hashTreeRoot(type.deserialize(body)));
  } catch {
    return null;
  }
}

function checkHash(header: Field, topic: GossipTopic, root: string | null): void {
  const field = bsonElement(header, 'hash');
  if (!field || root === null) return;
  const claimed = claimedHash(field);
  if (claimed === root) return;
  addNote(
    field,
    'warning',
    HOBBITS_NOTES.gossipHash,
    `hash ${claimed ?? JSON.stringify(field.value)} is not the hash_tree_root of the ${topic} body, ${root}`,
  );
}

/** The hash as lowercase 0x-hex: a binary (Artemis), or a hex string (the spec's example). */
function claimedHash(field: Field): string | null {
  if (bsonElementType(field) === BSON_BINARY) return typeof field.value === 'string' ? field.value : null;
  const text = bsonString(field.value);
  return text !== null && /^0x[0-9a-fA-F]*$/.test(text) ? text.toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding: method_id, topic (from the body's shape) and hash (the body's root) may be left out.

/** `derive`: fill in a missing method_id, topic and hash; off to keep a header as given. */
export function encodeGossip(fields: JsonObject, derive: boolean): EncodedParts {
  const header = fields.header;
  const topic = topicOf(header, fields.body);
  const body = encodeGossipBody(fields.body, topic);
  if (typeof header === 'string') return { header: payloadFromJson(header, 'header'), body };
  if (header !== undefined && !isJsonObject(header)) throw new EncodeError('header', 'expected an object or raw hex');
  if (!derive) return { header: encodeAt(gossipHeaderCodec, header ?? {}, 'header'), body };
  const derived: JsonObject = { method_id: GOSSIP_METHOD };
  if (topic) {
    derived.topic = topic;
    const root = isJsonObject(fields.body) ? hashTreeRoot(GOSSIP_TOPICS[topic].type, body) : null;
    if (root) derived.hash = root;
  }
  return { header: encodeAt(gossipHeaderCodec, withDerivedKeys(header ?? {}, HEADER_ORDER, derived), 'header'), body };
}

function topicOf(header: JsonValue | undefined, body: JsonValue | undefined): GossipTopic | undefined {
  const given = isJsonObject(header) ? bsonString(header.topic) : null;
  if (given !== null) return isGossipTopic(given) ? given : undefined;
  return topicOfObject(body);
}

function encodeGossipBody(body: JsonValue | undefined, topic: GossipTopic | undefined): Uint8Array {
  if (typeof body === 'string') return payloadFromJson(body, 'body');
  if (!isJsonObject(body)) throw new EncodeError('body', 'required: a BeaconBlock or Attestation, or raw hex');
  if (!topic) throw new EncodeError('header.topic', 'BLOCK or ATTESTATION is needed to encode an object body');
  return encodeAt(GOSSIP_TOPICS[topic].codec, body, 'body');
}
