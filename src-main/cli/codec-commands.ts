import { fromHex, HexError } from '../../decoders/core/bytes';
import type { MessageCodec } from '../../decoders/core/dissector';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { isJsonObject, type JsonValue } from '../../decoders/core/json';
import { toHex } from '../../decoders/core/bytes';

/** `peerscope decode PROTOCOL HEX`: the same object as a line of `inspect --json`, without the capture keys. */
export function decodeCommand(protocol: MessageCodec, hex: string): string {
  let bytes: Uint8Array;
  try {
    bytes = fromHex(hex);
  } catch (e) {
    if (e instanceof HexError) throw new UsageError(`bad hex: ${e.message}`);
    throw e;
  }
  const m = protocol.decodeMessage(bytes);
  return JSON.stringify({
    protocol: m.protocol,
    message: m.message,
    code: m.code,
    requestId: m.requestId,
    fields: fieldsJson(m.tree),
    notes: collectNotes(m.tree),
  });
}

/** `peerscope encode PROTOCOL JSON`: the declaration's encoder; prints the message as hex. */
export function encodeCommand(protocol: MessageCodec, json: string, keepLengths: boolean): string {
  let value: JsonValue;
  try {
    value = JSON.parse(json) as JsonValue;
  } catch (e) {
    throw new UsageError(`bad JSON: ${(e as Error).message}`);
  }
  if (!isJsonObject(value)) throw new UsageError('expected a JSON object {message, fields}');
  return toHex(protocol.encodeMessage(value, { keepLengths }));
}

export class UsageError extends Error {
  override name = 'UsageError';
}
