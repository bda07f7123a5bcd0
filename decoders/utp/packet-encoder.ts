import { bytesFromJson, type EncodeOptions } from '../core/codec';
import { childPath, EncodeError, integerFromJson, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { ByteWriter } from '../core/writer';
import { SELECTIVE_ACK, UTP_HEADER_MEMBERS, UTP_PACKET_TYPES, UTP_VERSION } from './packet-format';

/**
 * Encodes a uTP packet from the JSON the decoder yields, or from a minimal composer JSON: the type comes from the
 * message name when `type` is absent, `version` defaults to 1, header numbers to 0, and the extension chain links
 * (`extension`, `next_extension`) follow the listed extensions' `type` when not given. Extension lengths are
 * recomputed unless `keepLengths` keeps the given `len`.
 */
export function encodeUtpPacket(
  message: string | undefined,
  fields: JsonObject,
  options: EncodeOptions = {},
): Uint8Array {
  const type = fields.type !== undefined ? small(fields.type, 'type', 15) : typeOfMessage(message);
  const version = fields.version !== undefined ? small(fields.version, 'version', 15) : UTP_VERSION;
  const extensions = extensionList(fields.extensions);
  const w = new ByteWriter();
  w.u8((type << 4) | version);
  for (const member of UTP_HEADER_MEMBERS) {
    const max = 2 ** (member.size * 8) - 1;
    let value: number;
    if (member.name === 'extension') {
      value = fields.extension !== undefined ? small(fields.extension, 'extension', 255) : linkTo(extensions, 0);
    } else {
      value = fields[member.name] !== undefined ? small(fields[member.name]!, member.name, max) : 0;
    }
    if (member.size === 1) w.u8(value);
    else if (member.size === 2) w.u16(value, false);
    else w.u32(value, false);
  }
  extensions.forEach((item, i) => {
    const path = childPath('extensions', i);
    const data = item.bitmask ?? item.data ?? null;
    const bytes =
      data === null ? new Uint8Array(0) : bytesFromJson(data, childPath(path, 'bitmask' in item ? 'bitmask' : 'data'));
    const next =
      item.next_extension !== undefined
        ? small(item.next_extension, childPath(path, 'next_extension'), 255)
        : linkTo(extensions, i + 1);
    const length =
      options.keepLengths && item.len !== undefined ? small(item.len, childPath(path, 'len'), 255) : bytes.length;
    if (bytes.length > 255) throw new EncodeError(path, `an extension holds at most 255 bytes, got ${bytes.length}`);
    w.u8(next).u8(length).bytes(bytes);
  });
  if (fields.payload !== undefined) w.bytes(bytesFromJson(fields.payload, 'payload'));
  return w.finish();
}

function typeOfMessage(message: string | undefined): number {
  const entry = Object.entries(UTP_PACKET_TYPES).find(([, name]) => name === message);
  if (!entry) throw new EncodeError('type', `give the packet type (message ${JSON.stringify(message)} names none)`);
  return Number(entry[0]);
}

function extensionList(value: JsonValue | undefined): JsonObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EncodeError('extensions', 'expected a list of extensions');
  return value.map((item, i) => {
    if (!isJsonObject(item)) throw new EncodeError(childPath('extensions', i), 'expected an object');
    return item;
  });
}

/** The type an extension link points at: the listed extension's own `type`, selective ack when it has a bitmask. */
function linkTo(extensions: readonly JsonObject[], index: number): number {
  const item = extensions[index];
  if (!item) return 0;
  const path = childPath(childPath('extensions', index), 'type');
  if (item.type !== undefined) return small(item.type, path, 255);
  if ('bitmask' in item) return SELECTIVE_ACK;
  throw new EncodeError(path, 'give the extension type (or a bitmask for a selective ack)');
}

function small(value: JsonValue, path: string, max: number): number {
  const n = integerFromJson(value, path);
  if (n < 0n || n > BigInt(max)) throw new EncodeError(path, `${n} is out of range 0..${max}`);
  return Number(n);
}
