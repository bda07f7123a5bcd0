import type { JsonObject } from '../core/json';
import { UNKNOWN_PROTOCOL_MESSAGE } from './declaration';
import type { EncodedParts, MessageParts, ProtocolDecode } from './message-parts';
import { bytesLeaf, payloadFromJson } from './payload-fields';

/** A protocol number nobody defined: header and body stay raw bytes. */
export function decodeUnknownProtocol(bytes: Uint8Array, parts: MessageParts): ProtocolDecode {
  return {
    message: UNKNOWN_PROTOCOL_MESSAGE,
    code: null,
    requestId: null,
    fields: [
      bytesLeaf('header', bytes, parts.header.start, parts.header.end),
      bytesLeaf('body', bytes, parts.body.start, parts.body.end),
    ],
  };
}

export function encodeUnknownProtocol(fields: JsonObject): EncodedParts {
  return {
    header: payloadFromJson(fields.header ?? '0x', 'header'),
    body: payloadFromJson(fields.body ?? '0x', 'body'),
  };
}
