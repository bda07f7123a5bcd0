import type { Type } from '@chainsafe/ssz';
import { methodByName, responseName, UNTYPED_RESPONSE, type RpcMethod } from '../../../decoders/eth2rpc/methods';
import { canonical } from '../manifest';
import type { OutgoingMessage } from '../outgoing';
import { pickValues } from '../pick-values';
import { REQUEST_MAIN_VALUES, RESPONSE_MAIN_VALUES } from './main-values';
import { rawRequestBytes, requestBytes, responseBytes } from './wire';

/** Every eth2 RPC message a sample peer sends, built with its manifest entry. */

export function method(name: string): RpcMethod {
  const found = methodByName(name);
  if (!found) throw new Error(`no eth2 RPC method ${name}`);
  return found;
}

export function request(id: bigint, name: string, body: unknown): OutgoingMessage {
  const m = method(name);
  return {
    bytes: requestBytes(id, m, body),
    sent: {
      message: name,
      requestId: id.toString(),
      values: {
        id: canonical.uint(id),
        method_id: canonical.uint(m.id),
        ...pickValues(body, REQUEST_MAIN_VALUES[name]!, 'body'),
      },
    },
  };
}

/** A request with a method id the spec does not define; the payload after the wrapper is given as it goes out. */
export function unknownRequest(id: bigint, methodId: number, payload: Uint8Array): OutgoingMessage {
  return {
    bytes: rawRequestBytes(id, methodId, payload),
    sent: {
      message: 'unknown_method',
      requestId: id.toString(),
      values: { id: canonical.uint(id), method_id: canonical.uint(methodId), body: canonical.bytes(payload) },
    },
  };
}

/** A successful response: the SSZ of the method's response body as the result. */
export function response(id: bigint, name: string, result: unknown): OutgoingMessage {
  const m = method(name);
  const resultBytes = (m.response as Type<unknown>).serialize(result);
  return {
    bytes: responseBytes(id, 0, resultBytes),
    sent: {
      message: responseName(m),
      requestId: id.toString(),
      values: {
        id: canonical.uint(id),
        response_code: '0',
        ...pickValues(result, RESPONSE_MAIN_VALUES[name]!, 'result'),
      },
    },
  };
}

/** An error response: the code and UTF-8 details ("result … optional on error"). */
export function errorResponse(id: bigint, code: number, details: string): OutgoingMessage {
  return {
    bytes: responseBytes(id, code, Buffer.from(details, 'utf8')),
    sent: {
      message: UNTYPED_RESPONSE,
      requestId: id.toString(),
      values: { id: canonical.uint(id), response_code: canonical.uint(code), result: details },
    },
  };
}

/** Bytes a botched result loses at its end. */
const CUT_SHORT_BY = 50;

/** A response whose result stops CUT_SHORT_BY bytes early: the last header of the list is cut off mid-way. */
export function cutShort(built: OutgoingMessage): OutgoingMessage {
  return {
    ...built,
    bytes: built.bytes.subarray(0, built.bytes.length - CUT_SHORT_BY),
    malformed: {
      reason: `the result is cut ${CUT_SHORT_BY} bytes short: its last list item is incomplete`,
      unreadable: ['result'],
    },
  };
}
