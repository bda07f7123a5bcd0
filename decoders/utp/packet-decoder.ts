import { toHex } from '../core/bytes';
import { brokenField } from '../core/codec';
import { addNote, encodingLeaf, generatedLeaf, hexLeaf, leaf, list, struct, type Field } from '../core/field';
import { DecodeError } from '../core/reader';
import { UTP_NOTES } from './note-kinds';
import {
  SELECTIVE_ACK,
  selectivelyAcked,
  ST_DATA,
  UTP_EXTENSIONS,
  UTP_HEADER_LENGTH,
  UTP_HEADER_MEMBERS,
  UTP_PACKET_TYPES,
  UTP_VERSION,
  type UtpHeader,
} from './packet-format';

export interface UtpExtension {
  type: number;
  data: Uint8Array;
}

/** A uTP packet read for the tree and for the connection tracker. */
export interface DecodedUtpPacket {
  /** The message name: `ST_DATA`…`ST_SYN`, or `UNKNOWN` for types BEP29 does not define. */
  message: string;
  tree: Field;
  /** Null when the 20 header bytes are not all there. */
  header: UtpHeader | null;
  extensions: UtpExtension[];
  /** Null when the extension chain broke before it. */
  payload: Uint8Array | null;
  /** Offset of the payload in the packet. */
  payloadStart: number;
}

export const UNKNOWN_PACKET = 'UNKNOWN';

/** The message name of a packet type. */
export function packetMessageName(type: number): string {
  return UTP_PACKET_TYPES[type] ?? UNKNOWN_PACKET;
}

/**
 * Decodes one uTP packet (the `request` of a TALKREQ with protocol `utp`). Never throws: a short packet yields the
 * header fields that are there and an error note where it ends.
 *
 * The type and version share the first byte: `type` owns the byte in the tree; `version` is shown beside it without
 * a byte range of its own (a range is whole bytes, and each byte is explained by exactly one leaf).
 */
export function decodeUtpPacket(bytes: Uint8Array): DecodedUtpPacket {
  const root = struct('utp', 0, [], bytes.length);
  const result: DecodedUtpPacket = {
    message: UNKNOWN_PACKET,
    tree: root,
    header: null,
    extensions: [],
    payload: null,
    payloadStart: bytes.length,
  };
  if (bytes.length === 0) {
    root.children!.push(truncatedField('type', 0, bytes.length, 'the packet is empty'));
    return result;
  }
  const type = bytes[0]! >> 4;
  const version = bytes[0]! & 0x0f;
  result.message = packetMessageName(type);
  root.name = result.message;
  const typeField = leaf('type', type, 0, 1, `${UTP_PACKET_TYPES[type] ?? 'undefined type'} (${type})`);
  const versionField: Field = { name: 'version', shape: 'leaf', value: version, display: `${version} (low nibble)` };
  if (!(type in UTP_PACKET_TYPES)) {
    addNote(typeField, 'error', UTP_NOTES.type, `packet type ${type} is not defined (BEP29: 0 ST_DATA … 4 ST_SYN)`);
  }
  if (version !== UTP_VERSION) {
    addNote(versionField, 'error', UTP_NOTES.version, `uTP version ${version}: BEP29 defines version 1 only`);
  }
  root.children!.push(typeField, versionField);
  const values: Record<string, number> = {};
  let at = 1;
  for (const member of UTP_HEADER_MEMBERS) {
    if (at + member.size > bytes.length) {
      root.children!.push(
        truncatedField(member.name, at, bytes.length, `${member.name}: the 20-byte header is cut short`),
      );
      return result;
    }
    const value = readBigEndian(bytes, at, member.size);
    values[member.name] = value;
    const display = member.name === 'extension' ? `${UTP_EXTENSIONS[value] ?? 'unknown'} (${value})` : undefined;
    root.children!.push(leaf(member.name, value, at, at + member.size, display));
    at += member.size;
  }
  const header: UtpHeader = {
    type,
    version,
    extension: values.extension!,
    connectionId: values.connection_id!,
    timestampMicroseconds: values.timestamp_microseconds!,
    timestampDifferenceMicroseconds: values.timestamp_difference_microseconds!,
    wndSize: values.wnd_size!,
    seqNr: values.seq_nr!,
    ackNr: values.ack_nr!,
  };
  result.header = header;
  const chain = readExtensions(bytes, UTP_HEADER_LENGTH, header);
  root.children!.push(chain.field);
  result.extensions = chain.extensions;
  if (chain.end === null) return result;
  result.payload = bytes.subarray(chain.end);
  result.payloadStart = chain.end;
  const payload = hexLeaf('payload', bytes, chain.end, bytes.length);
  if (type !== ST_DATA && chain.end < bytes.length) {
    addNote(
      payload,
      'warning',
      UTP_NOTES.unexpectedPayload,
      `${bytes.length - chain.end} payload bytes on ${result.message}, which carries none (BEP29)`,
    );
  }
  root.children!.push(payload);
  return result;
}

/**
 * The extension chain: each extension is `next_extension(1) ‖ len(1) ‖ data(len)`; the header's `extension` byte
 * names the first, each `next_extension` the one after it, 0 ends the chain (BEP29 "extension").
 */
function readExtensions(
  bytes: Uint8Array,
  start: number,
  header: UtpHeader,
): { field: Field; extensions: UtpExtension[]; end: number | null } {
  const field = list('extensions', start);
  const extensions: UtpExtension[] = [];
  let type = header.extension;
  let at = start;
  for (let i = 0; type !== 0; i++) {
    const item = struct(String(i), at);
    field.children!.push(item);
    item.children!.push(generatedLeaf('type', type, `${UTP_EXTENSIONS[type] ?? 'unknown'} (${type})`));
    if (at + 2 > bytes.length) {
      item.children!.push(truncatedField('next_extension', at, bytes.length, 'extension header cut short'));
      field.end = item.end = bytes.length;
      return { field, extensions, end: null };
    }
    const next = bytes[at]!;
    const length = bytes[at + 1]!;
    item.children!.push(leaf('next_extension', next, at, at + 1, `${UTP_EXTENSIONS[next] ?? 'unknown'} (${next})`));
    item.children!.push(encodingLeaf('len', length, at + 1, at + 2));
    if (at + 2 + length > bytes.length) {
      item.children!.push(truncatedField('data', at + 2, bytes.length, `extension of ${length} bytes cut short`));
      field.end = item.end = bytes.length;
      return { field, extensions, end: null };
    }
    const data = bytes.subarray(at + 2, at + 2 + length);
    extensions.push({ type, data });
    item.children!.push(extensionData(type, data, at + 2, header.ackNr));
    at += 2 + length;
    item.end = at;
    type = next;
  }
  field.end = at;
  return { field, extensions, end: at };
}

function extensionData(type: number, data: Uint8Array, start: number, ackNr: number): Field {
  const end = start + data.length;
  if (type === SELECTIVE_ACK) {
    const acked = selectivelyAcked(ackNr, data);
    const shown = acked.length > 16 ? `${acked.slice(0, 16).join(', ')}, …` : acked.join(', ');
    const bitmask = leaf('bitmask', toHex(data), start, end, `acks ${acked.length} packets: ${shown || 'none'}`);
    if (data.length % 4 !== 0 || data.length === 0) {
      addNote(
        bitmask,
        'warning',
        UTP_NOTES.sackLength,
        `selective-ack bitmask of ${data.length} bytes: BEP29 requires a multiple of 4 (at least 4)`,
      );
    }
    return bitmask;
  }
  const field = leaf('data', toHex(data), start, end);
  if (!(type in UTP_EXTENSIONS)) {
    addNote(field, 'info', UTP_NOTES.unknownExtension, `extension type ${type} is not known: kept as bytes`);
  }
  return field;
}

function readBigEndian(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + bytes[at + i]!;
  return v;
}

function truncatedField(name: string, at: number, end: number, reason: string): Field {
  const field = brokenField(name, new DecodeError(at, reason, 'truncated'), end);
  field.notes = [{ severity: 'error', kind: UTP_NOTES.truncated, text: reason, field: null }];
  return field;
}
