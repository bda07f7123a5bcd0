import { createHash } from 'node:crypto';
import {
  ByteListType,
  ByteVectorType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  type ContainerType,
  type Type,
} from '@chainsafe/ssz';
import { Binary, BSON, Double, Int32, Long, type Document } from 'bson';
import { RPC_BODY_TYPES, type RpcMethodName } from '../../../decoders/hobbits/rpc-bodies';

/**
 * Hobbits messages built by hand from the spec (seeds/hobbits.md "Messages", specs/hobbits.md §1–§2), with `bson` and
 * `@chainsafe/ssz` directly: nothing here goes through Peerscope's encoders. Three 2019 dialects:
 * - `spec`: binary version-3 prefix, RPC body `{body: <binary of SSZ>}`, int32 numbers, gossip hashes as hex text
 *   (the spec's own example);
 * - `artemis`: binary prefix, RPC body a nested document of named fields (Jackson), int64 ids and uint64 numbers,
 *   beacon objects as binaries of SSZ;
 * - `lodestar`: the text request line `EWP 3 <protocol> <hlen> <blen>\n`, SSZ in a binary, js-bson numbers (its
 *   16-digit request ids become doubles).
 */

export type HobbitsForm = 'spec' | 'artemis' | 'lodestar';

export const EWP_RPC = 0;
export const EWP_GOSSIP = 1;
export const EWP_PING = 2;

export const RPC_METHOD_IDS: Record<RpcMethodName, number> = {
  HELLO: 0,
  GOODBYE: 1,
  GET_STATUS: 2,
  GET_BLOCK_HEADERS: 10,
  BLOCK_HEADERS: 11,
  GET_BLOCK_BODIES: 12,
  BLOCK_BODIES: 13,
  GET_ATTESTATION: 14,
  ATTESTATION: 15,
  GET_BEACON_STATES: 16,
  BEACON_STATES: 17,
};

const BINARY_PREFIX_LENGTH = 16;

/** `EWP` ‖ version u32 BE ‖ protocol u8 ‖ header length u32 BE ‖ body length u32 BE ‖ header ‖ body. */
export function binaryFrame(protocol: number, header: Uint8Array, body: Uint8Array): Uint8Array {
  const prefix = Buffer.alloc(BINARY_PREFIX_LENGTH);
  prefix.write('EWP', 0, 'latin1');
  prefix.writeUInt32BE(3, 3);
  prefix.writeUInt8(protocol, 7);
  prefix.writeUInt32BE(header.length, 8);
  prefix.writeUInt32BE(body.length, 12);
  return Buffer.concat([prefix, header, body]);
}

/** Lodestar's text request line with version 3 and a numeric protocol. */
export function textFrame(protocol: number, header: Uint8Array, body: Uint8Array): Uint8Array {
  const line = Buffer.from(`EWP 3 ${protocol} ${header.length} ${body.length}\n`, 'latin1');
  return Buffer.concat([line, header, body]);
}

export function frame(form: HobbitsForm, protocol: number, header: Uint8Array, body: Uint8Array): Uint8Array {
  return form === 'lodestar' ? textFrame(protocol, header, body) : binaryFrame(protocol, header, body);
}

/** A request id in the sender's number form; Lodestar's ids are 16-digit doubles, Artemis' longs. */
export type RequestId = number;

function idElement(form: HobbitsForm, id: RequestId): Int32 | Long | Double {
  if (form === 'artemis') return Long.fromNumber(id);
  if (form === 'lodestar') return Number.isInteger(id) && Math.abs(id) < 2 ** 31 ? new Int32(id) : new Double(id);
  return new Int32(id);
}

/** The RPC header document `{method_id, id}` (key order as the spec lists them). */
export function rpcHeader(form: HobbitsForm, method: RpcMethodName, id: RequestId): Uint8Array {
  return BSON.serialize({ method_id: new Int32(RPC_METHOD_IDS[method]), id: idElement(form, id) });
}

/** The RPC body document: SSZ in a binary, or Artemis' document of named fields. */
export function rpcBody(form: HobbitsForm, method: RpcMethodName, value: unknown): Uint8Array {
  const type = RPC_BODY_TYPES[method] as unknown as ContainerType<Record<string, Type<unknown>>>;
  if (form !== 'artemis') return BSON.serialize({ body: new Binary(type.serialize(value as never)) });
  return BSON.serialize({ body: artemisDocument(type, value as Record<string, unknown>) });
}

/**
 * Jackson's view of an RPC body container: numbers as BSON numbers (uint8 → int32, uint64 → int64), byte strings
 * as binaries, beacon objects as binaries of their SSZ, lists as arrays of those.
 */
function artemisDocument(type: ContainerType<Record<string, Type<unknown>>>, value: Record<string, unknown>): Document {
  const out: Document = {};
  for (const { fieldName, fieldType } of type.fieldsEntries) out[fieldName] = artemisValue(fieldType, value[fieldName]);
  return out;
}

function artemisValue(type: Type<unknown>, value: unknown): unknown {
  if (type instanceof UintNumberType) return new Int32(value as number);
  if (type instanceof UintBigintType) return Long.fromBigInt(value as bigint);
  if (type instanceof ByteVectorType || type instanceof ByteListType) return new Binary(value as Uint8Array);
  if (type instanceof ListCompositeType) {
    const element = type.elementType as Type<unknown>;
    return (value as unknown[]).map((item) => artemisValue(element, item));
  }
  return new Binary(type.serialize(value));
}

export interface GossipHeaderValues {
  topic: 'BLOCK' | 'ATTESTATION';
  /** Seconds since the epoch. */
  timestamp: number;
  messageHash: Uint8Array;
  hash: Uint8Array;
}

/** The GOSSIP header; the spec's example spells the hashes as hex text, the implementations as binaries. */
export function gossipHeader(form: HobbitsForm, v: GossipHeaderValues): Uint8Array {
  const hash = (bytes: Uint8Array) => (form === 'spec' ? `0x${Buffer.from(bytes).toString('hex')}` : new Binary(bytes));
  return BSON.serialize({
    method_id: new Int32(0),
    topic: v.topic,
    timestamp: form === 'artemis' ? Long.fromNumber(v.timestamp) : new Int32(v.timestamp),
    message_hash: hash(v.messageHash),
    hash: hash(v.hash),
  });
}

/** "a hash uniquely representing the message contents, with a hash function up to the application": sha256 here. */
export function messageHash(body: Uint8Array): Uint8Array {
  return createHash('sha256').update(body).digest();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what a peer sent (the peers' own parsing, as simple as the framing allows)

export interface HobbitsFrame {
  framing: 'binary' | 'text';
  protocol: number;
  header: Uint8Array;
  body: Uint8Array;
}

/** The length of the message at the front of `buffered` (either framing), or null while it is incomplete. */
export function hobbitsFramer(buffered: Uint8Array): number | null {
  const prefix = readPrefix(buffered);
  if (!prefix) return null;
  const total = prefix.prefixLength + prefix.headerLength + prefix.bodyLength;
  return buffered.length >= total ? total : null;
}

export function splitFrame(frameBytes: Uint8Array): HobbitsFrame {
  const prefix = readPrefix(frameBytes);
  if (!prefix) throw new Error('not a whole EWP message');
  const headerEnd = prefix.prefixLength + prefix.headerLength;
  return {
    framing: prefix.framing,
    protocol: prefix.protocol,
    header: frameBytes.subarray(prefix.prefixLength, headerEnd),
    body: frameBytes.subarray(headerEnd, headerEnd + prefix.bodyLength),
  };
}

interface Prefix {
  framing: 'binary' | 'text';
  protocol: number;
  prefixLength: number;
  headerLength: number;
  bodyLength: number;
}

function readPrefix(bytes: Uint8Array): Prefix | null {
  if (bytes.length < 4) return null;
  if (Buffer.from(bytes.subarray(0, 3)).toString('latin1') !== 'EWP') throw new Error('stream out of step: no EWP');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[3] === 0x00) {
    if (bytes.length < BINARY_PREFIX_LENGTH) return null;
    return {
      framing: 'binary',
      protocol: buffer.readUInt8(7),
      prefixLength: BINARY_PREFIX_LENGTH,
      headerLength: buffer.readUInt32BE(8),
      bodyLength: buffer.readUInt32BE(12),
    };
  }
  const newline = buffer.indexOf(0x0a);
  if (newline < 0) return null;
  const [, , protocol, headerLength, bodyLength] = buffer.toString('latin1', 0, newline).split(' ');
  return {
    framing: 'text',
    protocol: Number(protocol),
    prefixLength: newline + 1,
    headerLength: Number(headerLength),
    bodyLength: Number(bodyLength),
  };
}

/** BSON as written: numbers keep their wrapper classes (Int32, Long, Double), so a reply can mirror them. */
export function readDocument(bytes: Uint8Array): Document {
  return BSON.deserialize(bytes, { promoteLongs: false, promoteValues: false, promoteBuffers: false });
}

/** A BSON number element of any width as a JS number (ids here stay below 2^53). */
export function numberOf(element: unknown): number {
  if (element instanceof Int32 || element instanceof Double) return element.valueOf();
  if (element instanceof Long) return element.toNumber();
  if (typeof element === 'number') return element;
  throw new Error(`not a BSON number: ${String(element)}`);
}

/** Reads an RPC body in either form back into the container's value (for the servers' answers). */
export function readRpcBody(method: RpcMethodName, body: Uint8Array): unknown {
  const type = RPC_BODY_TYPES[method] as unknown as ContainerType<Record<string, Type<unknown>>>;
  const element = readDocument(body).body as unknown;
  if (element instanceof Binary) return type.deserialize(element.value());
  const document = element as Document;
  const value: Record<string, unknown> = {};
  for (const { fieldName, fieldType } of type.fieldsEntries)
    value[fieldName] = fromArtemis(fieldType, document[fieldName]);
  return value;
}

function fromArtemis(type: Type<unknown>, element: unknown): unknown {
  if (type instanceof UintNumberType) return numberOf(element);
  if (type instanceof UintBigintType) return BigInt(numberOf(element));
  if (type instanceof ListCompositeType) return (element as unknown[]).map((e) => fromArtemis(type.elementType, e));
  const bytes = (element as Binary).value();
  return type instanceof ByteVectorType || type instanceof ByteListType ? bytes : type.deserialize(bytes);
}
