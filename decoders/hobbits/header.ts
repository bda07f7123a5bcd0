import { bsonDocument } from '../codecs/bson';
import type { Field } from '../core/field';
import type { JsonValue } from '../core/json';
import { BSON_NUMBER_TYPES, bsonSafeInteger } from './bson-values';
import { hobbitsDeclaration } from './declaration';
import { HOBBITS_NOTES } from './note-kinds';
import { undecodedLeaf } from './payload-fields';
import { decodeWindow } from './codec-windows';
import type { Codec } from '../core/codec';

/** Hobbits spec "RPC › Envelope": `{ 'method_id': 'uint16', 'id': 'uint64' }`, a BSON document. */
export const rpcHeaderCodec = bsonDocument('RPC header', {
  method_id: { types: BSON_NUMBER_TYPES, display: (v) => methodDisplay(v, 'rpc') },
  id: { label: 'request id', types: BSON_NUMBER_TYPES },
});

/**
 * Hobbits spec "GOSSIP › Envelope": method_id, topic, timestamp, message_hash, hash. The hashes were BSON binaries in
 * Artemis and hex strings in the spec's example, so both are accepted.
 */
export const gossipHeaderCodec = bsonDocument('GOSSIP header', {
  method_id: { types: BSON_NUMBER_TYPES, display: (v) => methodDisplay(v, 'gossip') },
  topic: { types: ['string'] },
  timestamp: { types: BSON_NUMBER_TYPES, display: secondsDisplay },
  message_hash: { types: ['binary', 'string'] },
  hash: { label: 'hash_tree_root of the body', types: ['binary', 'string'] },
});

function methodDisplay(value: JsonValue, space: 'rpc' | 'gossip'): string | undefined {
  const code = bsonSafeInteger(value);
  const message = code === null ? undefined : hobbitsDeclaration.byCode(code, space);
  return message ? `${message.name} (${code})` : undefined;
}

const LAST_SECOND_OF_9999 = 253402300799;

/** Gossip timestamps are seconds since the epoch (Lodestar `Date.now()/1000`, Artemis likewise). */
function secondsDisplay(value: JsonValue): string | undefined {
  const seconds = bsonSafeInteger(value);
  if (seconds === null || seconds < 0 || seconds > LAST_SECOND_OF_9999) return undefined;
  return `${new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')} (${seconds})`;
}

/** A BSON header; what is not BSON stays raw bytes with an error (the go-hobbits test headers are plain text). */
export function decodeBsonHeader(
  codec: Codec,
  bytes: Uint8Array,
  start: number,
  end: number,
): { field: Field; ok: boolean } {
  const { field, complete } = decodeWindow(codec, bytes, start, end, 'header');
  if (complete) return { field, ok: true };
  const text = 'header is not a BSON document; kept as raw bytes';
  const raw = undecodedLeaf('header', bytes, { start, end }, field, HOBBITS_NOTES.headerBson, text);
  return { field: raw, ok: false };
}
