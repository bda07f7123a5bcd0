import { encodeValue } from '../core/codec';
import { EncodeError, integerFromJson, isJsonObject, type JsonObject } from '../core/json';
import { discv5Declaration, PACKET_SPACE } from './messages-declaration';

/**
 * Encodes what decoding yields: a message's plaintext (`message-type || RLP(message-data)`; a `packet` field
 * beside the message-data is ignored), or for WHOAREYOU/ENCRYPTED/MASKED the packet with its header unmasked.
 */
export function encodeDiscv5Message(json: JsonObject, options: { keepLengths?: boolean } = {}): Uint8Array {
  const name = json.message;
  if (typeof name !== 'string') throw new EncodeError('message', 'expected the message name');
  const declaration = discv5Declaration.message(name);
  if (!declaration) throw new EncodeError('message', `unknown discv5 message ${JSON.stringify(name)}`);
  const fields = json.fields ?? {};
  if (!isJsonObject(fields)) throw new EncodeError('fields', 'expected an object');
  const body = encodeValue(declaration.body, fields, options);
  if (declaration.space === PACKET_SPACE) return body;
  const code = declaration.code ?? Number(integerFromJson(json.code ?? null, 'code'));
  if (!(code >= 0 && code <= 255)) throw new EncodeError('code', `message type ${code} is not a byte`);
  const out = new Uint8Array(1 + body.length);
  out[0] = code;
  out.set(body, 1);
  return out;
}
