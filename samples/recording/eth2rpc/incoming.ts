import type { Type } from '@chainsafe/ssz';
import { methodById, type RpcMethod } from '../../../decoders/eth2rpc/methods';
import { readWrapper } from './wire';

/** An eth2 RPC request as the sample server understands it; parsing never throws. */
export type Eth2Request =
  | { kind: 'request'; id: bigint; method: RpcMethod; body: unknown }
  | { kind: 'unknown-method'; id: bigint; methodId: number }
  | { kind: 'unreadable'; reason: string };

export function parseRequest(message: Uint8Array): Eth2Request {
  try {
    const { id, code, payload } = readWrapper(message);
    const method = methodById(code);
    if (!method) return { kind: 'unknown-method', id, methodId: code };
    const index = Buffer.from(payload.buffer, payload.byteOffset, 4).readUInt32LE(0);
    if (index !== method.position) throw new Error(`union index ${index} for ${method.name}`);
    return { kind: 'request', id, method, body: (method.request as Type<unknown>).deserialize(payload.subarray(4)) };
  } catch (e) {
    return { kind: 'unreadable', reason: (e as Error).message };
  }
}

/** A response as the sample clients see it: the wrapper; the client types the result by its own request. */
export interface Eth2Response {
  id: bigint;
  code: number;
  result: Uint8Array;
}

export function parseResponse(message: Uint8Array): Eth2Response {
  const { id, code, payload } = readWrapper(message);
  return { id, code, result: payload };
}
