import { encodeValue } from '../core/codec';
import type { TcpProtocol } from '../core/dissector';
import { EncodeError, isJsonObject, type JsonObject } from '../core/json';
import { Eth2RpcConnection } from './connection';
import { eth2rpcDeclaration } from './declaration';
import { detectFraming } from './framing';
import { decodeEth2RpcMessage, PROTOCOL } from './message-decoder';
import { UNKNOWN_METHOD } from './methods';

/** The 2019 eth2 beacon RPC on raw TCP (`ETH`-prefixed messages, port 9000). */
export const eth2rpc: TcpProtocol = {
  transport: 'tcp',
  declaration: eth2rpcDeclaration,
  detect: (first) => detectFraming(first),
  open: (host) => new Eth2RpcConnection(host),
  decodeMessage: (bytes) => decodeEth2RpcMessage(bytes).message,
  encodeMessage(json, options = {}) {
    if (json.protocol !== undefined && json.protocol !== PROTOCOL) {
      throw new EncodeError('protocol', `expected ${PROTOCOL}, got ${JSON.stringify(json.protocol)}`);
    }
    if (typeof json.message !== 'string') throw new EncodeError('message', 'missing');
    const declared = eth2rpcDeclaration.message(json.message);
    if (!declared) throw new EncodeError('message', `unknown eth2rpc message ${JSON.stringify(json.message)}`);
    if (!isJsonObject(json.fields)) throw new EncodeError('fields', 'expected an object');
    return encodeValue(declared.body, withMessageLevelDefaults(json.message, json.fields, json), options);
  },
};

/** The message-level `requestId` and `code` stand in for the fields they mirror when those are absent. */
function withMessageLevelDefaults(message: string, fields: JsonObject, json: JsonObject): JsonObject {
  const out = { ...fields };
  if (out.id === undefined && typeof json.requestId === 'string') out.id = json.requestId;
  if (message === UNKNOWN_METHOD && out.method_id === undefined && typeof json.code === 'number')
    out.method_id = json.code;
  return out;
}

export { Eth2RpcConnection, type Eth2RpcConnectionOptions, type PauseHint } from './connection';
export { decodeEth2RpcMessage, type MessageDecodeOptions } from './message-decoder';
