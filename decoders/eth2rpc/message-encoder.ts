import { valueFromJson } from '../codecs/ssz';
import { textEncoder } from '../core/bytes';
import { bytesFromJson, type EncodeOptions } from '../core/codec';
import { childPath, EncodeError, integerFromJson, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { ByteWriter } from '../core/writer';
import { ENVELOPE_NIBBLES, PREFIX, WRAPPER_OFFSET, type Framing, type LengthOrder } from './framing';
import {
  MALFORMED,
  methodByName,
  methodByResponseName,
  UNKNOWN_METHOD,
  UNTYPED_RESPONSE,
  type RpcMethod,
  type SszType,
} from './methods';
import type { BodyUnion } from './readings';

/**
 * Encodes a message from the `fields` JSON the decoder yields, in the reading it names (`framing`, `body_union`,
 * `envelope`), or from a minimal composer object where those default to the merged spec: `ssz` framing with the
 * union index as the position in the union. Offsets and lengths are recomputed unless `keepLengths` keeps the
 * `offset`, `body_len`/`result_len`, `envelope.body_length` and `body.union_index` given.
 */

const FRAMINGS: readonly Framing[] = ['ssz', 'fixed', 'envelope'];
const BODY_UNIONS: readonly BodyUnion[] = ['position', 'method_id', 'none'];

type MessageKind =
  | { role: 'request'; method: RpcMethod | null }
  | { role: 'response'; method: RpcMethod | null }
  | { role: 'malformed' };

export function encodeFields(message: string, fields: JsonObject, options: EncodeOptions = {}): Uint8Array {
  const kind = kindOf(message);
  if (kind.role === 'malformed') return bytesFromJson(fields.bytes ?? null, 'bytes');
  const framing = oneOf(fields.framing, FRAMINGS, 'ssz', 'framing');
  const id = uintField(fields.id, 64, 'id');
  const payload =
    kind.role === 'request'
      ? requestPayload(kind.method, fields, framing, options)
      : responsePayload(kind.method, fields);
  const code =
    kind.role === 'request'
      ? uintField(fields.method_id ?? kind.method?.id ?? null, 16, 'method_id')
      : uintField(fields.response_code ?? 0, 16, 'response_code');
  const lengthName = framing !== 'fixed' ? 'offset' : kind.role === 'request' ? 'body_len' : 'result_len';
  const computed = framing === 'fixed' ? payload.length : WRAPPER_OFFSET;
  const lengthField =
    options.keepLengths && fields[lengthName] !== undefined
      ? uintField(fields[lengthName]!, 32, lengthName)
      : BigInt(computed);
  const wrapper = new ByteWriter()
    .u64(id, true)
    .u16(Number(code), true)
    .u32(Number(lengthField), true)
    .bytes(payload)
    .finish();
  const out = new ByteWriter().ascii(PREFIX);
  if (framing === 'envelope') writeEnvelope(out, fields.envelope, wrapper.length, options);
  return out.bytes(wrapper).finish();
}

function kindOf(message: string): MessageKind {
  const request = methodByName(message);
  if (request) return { role: 'request', method: request };
  const answered = methodByResponseName(message);
  if (answered) return { role: 'response', method: answered };
  if (message === UNKNOWN_METHOD) return { role: 'request', method: null };
  if (message === UNTYPED_RESPONSE) return { role: 'response', method: null };
  if (message === MALFORMED) return { role: 'malformed' };
  throw new EncodeError('message', `unknown eth2rpc message ${JSON.stringify(message)}`);
}

function oneOf<T extends string>(value: JsonValue | undefined, allowed: readonly T[], fallback: T, path: string): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new EncodeError(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

function uintField(value: JsonValue | undefined, bits: number, path: string): bigint {
  if (value === undefined || value === null) throw new EncodeError(path, 'missing');
  const n = integerFromJson(value, path);
  if (n < 0n || n >= 1n << BigInt(bits)) throw new EncodeError(path, `${n} does not fit in uint${bits}`);
  return n;
}

/** A request body: a container (with the union index its reading asks for) or the payload bytes as they stand. */
function requestPayload(
  method: RpcMethod | null,
  fields: JsonObject,
  framing: Framing,
  options: EncodeOptions,
): Uint8Array {
  const body = fields.body;
  if (body === undefined || body === null) throw new EncodeError('body', 'missing');
  if (typeof body === 'string' || !method) return bytesFromJson(body, 'body');
  const union = oneOf(fields.body_union, BODY_UNIONS, framing === 'fixed' ? 'none' : 'position', 'body_union');
  const container = serialize(method.request, body, 'body');
  if (union === 'none') return container;
  const given = isJsonObject(body) ? body.union_index : undefined;
  const index =
    options.keepLengths && given !== undefined
      ? uintField(given, 32, 'body.union_index')
      : BigInt(union === 'position' ? method.position : method.id);
  return new ByteWriter().u32(Number(index), true).bytes(container).finish();
}

/** A response result: the method's response body, error details (text or 0x-hex), or bytes as they stand. */
function responsePayload(method: RpcMethod | null, fields: JsonObject): Uint8Array {
  const result = fields.result;
  if (result === undefined || result === null) return new Uint8Array(0);
  if (typeof result === 'string')
    return /^0x([0-9a-fA-F]{2})*$/.test(result) ? bytesFromJson(result, 'result') : textEncoder.encode(result);
  const type = method?.response;
  if (!type || type === 'unspecified')
    throw new EncodeError('result', 'this response has no known body type: give its bytes as 0x-hex');
  return serialize(type, result, 'result');
}

function serialize(type: SszType, json: JsonValue, path: string): Uint8Array {
  const value = valueFromJson(type, json, path);
  try {
    return type.serialize(value);
  } catch (e) {
    throw new EncodeError(path, `cannot serialise ${type.typeName}: ${(e as Error).message}`);
  }
}

/** messaging.md: nibbles ‖ body length (uint64, little-endian unless the reading says big). */
function writeEnvelope(
  out: ByteWriter,
  envelope: JsonValue | undefined,
  bodyLength: number,
  options: EncodeOptions,
): void {
  const given = isJsonObject(envelope) ? envelope : {};
  const nibbles = Number(uintField(given.nibbles ?? ENVELOPE_NIBBLES[0], 8, 'envelope.nibbles'));
  const order = oneOf<LengthOrder>(given.length_order, ['le', 'be'], 'le', 'envelope.length_order');
  const length =
    options.keepLengths && given.body_length !== undefined
      ? uintField(given.body_length, 64, childPath('envelope', 'body_length'))
      : BigInt(bodyLength);
  out.u8(nibbles).u64(length, order === 'le');
}
