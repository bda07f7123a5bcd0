import { addNote } from '../core/field';
import { EncodeError, type JsonObject } from '../core/json';
import { decodeWindow } from './codec-windows';
import type { EncodedParts, MessageParts, ProtocolDecode } from './message-parts';
import { HOBBITS_NOTES } from './note-kinds';
import { pingBody } from './ping-body';
import { payloadFromJson, textLeaf } from './payload-fields';

/**
 * PING (protocol 2): the header is the ASCII word `ping` or `pong` (not BSON), the body 32 random bytes that the
 * PONG echoes (Hobbits spec "PING"). The echo rule needs both messages, so the connection checks it.
 */

export function decodePing(bytes: Uint8Array, parts: MessageParts): ProtocolDecode {
  const header = textLeaf('header', bytes, parts.header.start, parts.header.end);
  const word = header.value;
  if (word !== 'ping' && word !== 'pong') {
    addNote(header, 'warning', HOBBITS_NOTES.pingHeader, `header ${JSON.stringify(word)} is neither "ping" nor "pong"`);
  }
  const body = decodeWindow(pingBody, bytes, parts.body.start, parts.body.end, 'body').field;
  return { message: word === 'pong' ? 'PONG' : 'PING', code: null, requestId: null, fields: [header, body] };
}

export function encodePing(message: string | undefined, fields: JsonObject): EncodedParts {
  const header = fields.header ?? (message === 'PONG' ? 'pong' : 'ping');
  if (fields.body === undefined) {
    throw new EncodeError('body', `required: the ${message === 'PONG' ? 'echoed' : 'random'} bytes`);
  }
  return { header: payloadFromJson(header, 'header'), body: payloadFromJson(fields.body, 'body') };
}
