import { concatBytes } from '../core/bytes';
import type { EncodeOptions } from '../core/codec';
import { EncodeError, integerFromJson, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { EWP_PROTOCOLS, protocolOfMessage, type EwpProtocol } from './declaration';
import { EWP_VERSION, type Framing } from './framing';
import { encodeGossip } from './gossip';
import type { EncodedParts } from './message-parts';
import { encodePing } from './ping';
import { encodeBinaryPrefix, encodeTextLine, protocolKind } from './prefix-fields';
import { encodeRpc } from './rpc';
import { encodeUnknownProtocol } from './unknown-protocol';

/** The text version written when a composer asks for text framing without one: EWP 0.2, with protocol names. */
const DEFAULT_TEXT_VERSION = '0.2';

/**
 * Encodes a message from the JSON decodeMessage yields, or from a composer's JSON with the derivable parts left out
 * (framing, version, protocol, method_id, lengths, GOSSIP topic and hash). A decoded valid message encodes back to
 * exactly its bytes. `keepLengths` is the mode for deliberately broken messages: given lengths are kept and header
 * keys a message lacks are not filled in, so any decoded message encodes back to its bytes. Throws EncodeError naming
 * the field path.
 */
export function encodeHobbitsMessage(json: JsonObject, options: EncodeOptions = {}): Uint8Array {
  const fields = json.fields;
  if (!isJsonObject(fields)) throw new EncodeError('fields', 'required: an object with the message fields');
  const message = typeof json.message === 'string' ? json.message : undefined;
  const framing = framingOf(fields.framing);
  const protocol = fields.protocol ?? defaultProtocol(message, framing, fields.version);
  if (typeof protocol !== 'number' && typeof protocol !== 'string') {
    throw new EncodeError('protocol', 'expected a number or a name');
  }
  const parts = encodeParts(protocolKind(protocol), message, fields, !options.keepLengths);
  const headerLength = lengthOf(fields.header_length, parts.header.length, options, 'header_length');
  const bodyLength = lengthOf(fields.body_length, parts.body.length, options, 'body_length');
  const prefix =
    framing === 'binary-v3'
      ? encodeBinaryPrefix(binaryVersion(fields.version), protocolNumber(protocol), headerLength, bodyLength)
      : encodeTextLine(textVersion(fields.version, protocol), String(protocol), headerLength, bodyLength);
  return concatBytes([prefix, parts.header, parts.body]);
}

function encodeParts(
  kind: EwpProtocol | undefined,
  message: string | undefined,
  fields: JsonObject,
  derive: boolean,
): EncodedParts {
  switch (kind) {
    case 'RPC':
      return encodeRpc(message, fields, derive);
    case 'GOSSIP':
      return encodeGossip(fields, derive);
    case 'PING':
      return encodePing(message, fields);
    default:
      return encodeUnknownProtocol(fields);
  }
}

function framingOf(value: JsonValue | undefined): Framing {
  if (value === undefined || value === 'binary-v3' || value === 'text') return value ?? 'binary-v3';
  throw new EncodeError('framing', 'must be "binary-v3" or "text"');
}

/** The protocol a message name implies: its number in binary and Lodestar lines, its name in EWP 0.2 lines. */
function defaultProtocol(
  message: string | undefined,
  framing: Framing,
  version: JsonValue | undefined,
): number | string {
  const kind = message === undefined ? undefined : protocolOfMessage(message);
  if (!kind) throw new EncodeError('protocol', `required: ${JSON.stringify(message ?? null)} names no Hobbits message`);
  const number = Number(Object.entries(EWP_PROTOCOLS).find(([, name]) => name === kind)![0]);
  const named = framing === 'text' && version !== undefined && String(version) !== String(EWP_VERSION);
  return named ? kind : number;
}

function protocolNumber(protocol: number | string): number {
  const number =
    typeof protocol === 'number' ? protocol : Object.entries(EWP_PROTOCOLS).find(([, name]) => name === protocol)?.[0];
  if (number === undefined) {
    throw new EncodeError('protocol', `${JSON.stringify(protocol)} is no protocol name (RPC, GOSSIP, PING)`);
  }
  return Number(uint(number, 8, 'protocol'));
}

function binaryVersion(version: JsonValue | undefined): number {
  return version === undefined ? EWP_VERSION : Number(uint(version, 32, 'version'));
}

function textVersion(version: JsonValue | undefined, protocol: number | string): string {
  if (version === undefined) return typeof protocol === 'number' ? String(EWP_VERSION) : DEFAULT_TEXT_VERSION;
  if (typeof version !== 'string' && typeof version !== 'number') {
    throw new EncodeError('version', 'expected text such as "0.2"');
  }
  return String(version);
}

function lengthOf(given: JsonValue | undefined, actual: number, options: EncodeOptions, path: string): number {
  return options.keepLengths && given !== undefined ? Number(uint(given, 32, path)) : actual;
}

function uint(value: JsonValue, bits: number, path: string): bigint {
  const n = integerFromJson(value, path);
  if (n < 0n || n >= 1n << BigInt(bits)) throw new EncodeError(path, `${n} does not fit in uint${bits}`);
  return n;
}
