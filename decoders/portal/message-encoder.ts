import { valueFromJson } from '../codecs/ssz';
import { concatBytes } from '../core/bytes';
import { bytesFromJson, type EncodeOptions } from '../core/codec';
import { childPath, EncodeError, integerFromJson, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { ByteWriter } from '../core/writer';
import { enrCodec } from '../enr';
import { encodeAcceptKeys } from './accept-keys';
import { encodeContentKey } from './content-keys/content-key-field';
import {
  EMPTY_RESPONSE,
  portalMessage,
  UNKNOWN_REQUEST,
  UNKNOWN_RESPONSE,
  wireSelector,
  type PortalMessageName,
} from './messages';
import { mainnetIdOf, networkKinds, portalNetworkById, type NetworkKind } from './networks';
import { encodeCustomPayload, encodeExtensionPayload } from './ping-payloads';
import { acceptHasCodes, CURRENT_VERSION, type PortalVersion } from './protocol-version';
import { FindNodes, PingCustomPayload, PingWithPayloadType } from './wire-types';

const VERSIONS: readonly PortalVersion[] = ['seed', 'v0', 'v1', 'v2'];

/**
 * Encodes a Portal message from the JSON the decoder yields, or a minimal composer JSON (`{message, fields}` with
 * only the spec fields). Generated fields are ignored, except `protocol_version`, which picks the selector
 * numbering and the Accept form, and `network`, which picks among content key layouts. Content keys, ping
 * payloads and ENRs may be given decoded or as hex.
 */
export function encodePortalMessage(json: JsonObject, _options: EncodeOptions = {}): Uint8Array {
  if (typeof json.message !== 'string') throw new EncodeError('message', 'missing');
  const fields = json.fields ?? {};
  if (!isJsonObject(fields)) throw new EncodeError('fields', 'expected an object');
  if (json.message === EMPTY_RESPONSE) return new Uint8Array(0);
  if (json.message === UNKNOWN_REQUEST || json.message === UNKNOWN_RESPONSE) {
    const selector = Number(integerFromJson(fields.selector ?? null, 'selector'));
    return concatBytes([Uint8Array.of(selector), bytesFromJson(fields.payload ?? '0x', 'payload')]);
  }
  const spec = portalMessage(json.message);
  if (!spec) throw new EncodeError('message', `unknown Portal message ${JSON.stringify(json.message)}`);
  const version = versionOf(fields.protocol_version);
  const networks = networksOf(fields.network ?? json.network);
  const body = BODY_ENCODERS[spec.name](fields, version, networks);
  return concatBytes([Uint8Array.of(wireSelector(spec, version === 'seed' ? 'seed' : 'current')), body]);
}

type BodyEncoder = (fields: JsonObject, version: PortalVersion, networks: NetworkKind[] | null) => Uint8Array;

const encodePing: BodyEncoder = (fields) => {
  const enrSeq = integerFromJson(required(fields, 'enr_seq'), 'enr_seq');
  if ('custom_payload' in fields) {
    return PingCustomPayload.serialize({
      enr_seq: enrSeq,
      custom_payload: encodeCustomPayload(fields.custom_payload!, 'custom_payload'),
    });
  }
  const payload = fields.payload ?? '0x';
  const type =
    fields.payload_type !== undefined
      ? integerFromJson(fields.payload_type, 'payload_type')
      : inferPayloadType(payload);
  if (type < 0n || type > 0xffffn) throw new EncodeError('payload_type', `${type} does not fit uint16`);
  return PingWithPayloadType.serialize({
    enr_seq: enrSeq,
    payload_type: Number(type),
    payload: encodeExtensionPayload(Number(type), payload, 'payload'),
  });
};

/** A composer may leave out `payload_type` when the payload's members say which extension it is. */
function inferPayloadType(payload: JsonValue): bigint {
  if (!isJsonObject(payload)) throw new EncodeError('payload_type', 'missing (the payload is bytes)');
  if ('client_info' in payload || 'capabilities' in payload) return 0n;
  if ('error_code' in payload) return 65535n;
  if ('ephemeral_header_count' in payload) return 2n;
  if ('data_radius' in payload) return 1n;
  throw new EncodeError('payload_type', 'missing, and the payload members name no extension');
}

const encodeFindNodes: BodyEncoder = (fields) =>
  FindNodes.serialize(valueFromJson(FindNodes, { distances: required(fields, 'distances') }, '') as never);

const encodeNodes: BodyEncoder = (fields) => {
  const total = fields.total !== undefined ? integerFromJson(fields.total, 'total') : 1n;
  if (total < 0n || total > 255n) throw new EncodeError('total', `${total} does not fit uint8`);
  // Container(total: uint8, enrs: List): the list's offset is 5.
  return concatBytes([Uint8Array.of(Number(total), 5, 0, 0, 0), byteListList(encodeEnrs(fields.enrs ?? [], 'enrs'))]);
};

const encodeFindContent: BodyEncoder = (fields, _version, networks) =>
  byteListContainer(encodeContentKey(required(fields, 'content_key'), 'content_key', networks));

const encodeContent: BodyEncoder = (fields) => {
  if ('connection_id' in fields) return concatBytes([Uint8Array.of(0), connectionId(fields.connection_id!)]);
  if ('content' in fields) return concatBytes([Uint8Array.of(1), bytesFromJson(fields.content!, 'content')]);
  if ('enrs' in fields) return concatBytes([Uint8Array.of(2), byteListList(encodeEnrs(fields.enrs!, 'enrs'))]);
  throw new EncodeError('', 'Content needs one of connection_id, content, enrs');
};

const encodeOffer: BodyEncoder = (fields, _version, networks) => {
  const keys = required(fields, 'content_keys');
  if (!Array.isArray(keys)) throw new EncodeError('content_keys', 'expected a list');
  return byteListContainer(
    byteListList(keys.map((k, i) => encodeContentKey(k, childPath('content_keys', i), networks))),
  );
};

const encodeAccept: BodyEncoder = (fields, version) => {
  const codes = acceptHasCodes(version);
  const keys = encodeAcceptKeys(required(fields, 'content_keys'), codes ? 'codes' : 'bitlist', 'content_keys');
  // Container(connection_id: Bytes2, content_keys: list): the list's offset is 6 in both forms.
  return concatBytes([connectionId(required(fields, 'connection_id')), Uint8Array.of(6, 0, 0, 0), keys]);
};

const BODY_ENCODERS: Record<PortalMessageName, BodyEncoder> = {
  Ping: encodePing,
  Pong: encodePing,
  FindNodes: encodeFindNodes,
  Nodes: encodeNodes,
  FindContent: encodeFindContent,
  Content: encodeContent,
  Offer: encodeOffer,
  Accept: encodeAccept,
};

/** ENRs as the decoder shows them ({signature, seq, pairs}, re-encoded by the ENR codec), or as 0x-hex. */
function encodeEnrs(value: JsonValue, path: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new EncodeError(path, 'expected a list of ENRs');
  return value.map((enr, i) => {
    const p = childPath(path, i);
    if (typeof enr === 'string') return bytesFromJson(enr, p);
    const w = new ByteWriter();
    enrCodec.encode(enr, w, p, {});
    return w.finish();
  });
}

/** A Bytes2 connection id: 0x-hex, or a number written big-endian (as uTP carries it). */
function connectionId(value: JsonValue): Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff)
      throw new EncodeError('connection_id', `${value} does not fit 2 bytes`);
    return Uint8Array.of(value >> 8, value & 0xff);
  }
  const bytes = bytesFromJson(value, 'connection_id');
  if (bytes.length !== 2) throw new EncodeError('connection_id', `expected 2 bytes, got ${bytes.length}`);
  return bytes;
}

/** SSZ `List[ByteList, N]`: a table of 4-byte offsets, then the items. */
function byteListList(items: readonly Uint8Array[]): Uint8Array {
  const table = new Uint8Array(4 * items.length);
  const view = new DataView(table.buffer);
  let offset = table.length;
  items.forEach((item, i) => {
    view.setUint32(4 * i, offset, true);
    offset += item.length;
  });
  return concatBytes([table, ...items]);
}

/** A container whose only member is variable-size: its offset (4), then the member. */
function byteListContainer(member: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(4, 0, 0, 0), member]);
}

function versionOf(value: JsonValue | undefined): PortalVersion {
  const v = isJsonObject(value) ? value.version : value;
  if (v === undefined || v === null) return CURRENT_VERSION;
  if (typeof v === 'string' && (VERSIONS as readonly string[]).includes(v)) return v as PortalVersion;
  throw new EncodeError('protocol_version', `expected one of ${VERSIONS.join(', ')}`);
}

/** `network`: a protocol id (`0x500b`) or a network name (`history`, `state`, …). */
function networksOf(value: JsonValue | undefined): NetworkKind[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{4}$/.test(value))
    return networkKinds(portalNetworkById(parseInt(value, 16)));
  if (typeof value === 'string' && mainnetIdOf(value as NetworkKind) !== undefined) return [value as NetworkKind];
  throw new EncodeError('network', 'expected a protocol id (0x500b) or a network name (history, state, beacon, …)');
}

function required(fields: JsonObject, name: string): JsonValue {
  const v = fields[name];
  if (v === undefined) throw new EncodeError(name, 'missing');
  return v;
}
