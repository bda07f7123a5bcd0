import type { Type } from '@chainsafe/ssz';
import type { RpcMethod } from '../../../decoders/eth2rpc/methods';

/**
 * The 2019 beacon RPC on raw TCP, built by hand from rpc-interface.md @ e0b4dd1a (specs/eth2-rpc.md §1–§2):
 *   Request  = `ETH` ‖ id u64 LE ‖ method_id u16 LE ‖ offset u32 LE (= 14) ‖ union index u32 LE ‖ SSZ(body)
 *   Response = `ETH` ‖ id u64 LE ‖ response_code u16 LE ‖ offset u32 LE (= 14) ‖ result bytes
 * The union index is the body's position in the union, the natural reading of the spec. Nothing states a message's
 * length: the sample peers learn where a message ends from the connection log (see ledgerFramer).
 */

const PREFIX = Buffer.from('ETH', 'latin1');
/** The wrapper's fixed part: id (8) ‖ method_id or response_code (2) ‖ offset (4). */
export const WRAPPER_OFFSET = 14;
export const HEADER_LENGTH = PREFIX.length + WRAPPER_OFFSET;

function wrapper(id: bigint, code: number, payload: Uint8Array): Uint8Array {
  const header = Buffer.alloc(HEADER_LENGTH);
  PREFIX.copy(header, 0);
  header.writeBigUInt64LE(id, 3);
  header.writeUInt16LE(code, 11);
  header.writeUInt32LE(WRAPPER_OFFSET, 13);
  return Buffer.concat([header, payload]);
}

export function requestBytes(id: bigint, method: RpcMethod, body: unknown): Uint8Array {
  const index = Buffer.alloc(4);
  index.writeUInt32LE(method.position, 0);
  return wrapper(id, method.id, Buffer.concat([index, (method.request as Type<unknown>).serialize(body)]));
}

/** A request of a method the spec does not have: its body is whatever the sender put there. */
export function rawRequestBytes(id: bigint, methodId: number, payload: Uint8Array): Uint8Array {
  return wrapper(id, methodId, payload);
}

export function responseBytes(id: bigint, responseCode: number, result: Uint8Array): Uint8Array {
  return wrapper(id, responseCode, result);
}

export interface Wrapper {
  id: bigint;
  /** method_id of a request, response_code of a response. */
  code: number;
  payload: Uint8Array;
}

/** Reads the wrapper of a whole message (either role: they share the layout). */
export function readWrapper(message: Uint8Array): Wrapper {
  const buffer = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (buffer.length < HEADER_LENGTH || !buffer.subarray(0, 3).equals(PREFIX)) throw new Error('not an ETH message');
  const offset = buffer.readUInt32LE(13);
  if (offset !== WRAPPER_OFFSET) throw new Error(`wrapper offset ${offset}, expected ${WRAPPER_OFFSET}`);
  return { id: buffer.readBigUInt64LE(3), code: buffer.readUInt16LE(11), payload: message.subarray(HEADER_LENGTH) };
}
