import { ByteListType, ContainerType, ListBasicType, type Type } from '@chainsafe/ssz';
import { decodeUtf8, fromHex } from '../core/bytes';
import { bytesFromJson } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { EncodeError, isJsonObject, type JsonValue } from '../core/json';
import { decodeInPlace, encodeEmbedded, withTextAsHex } from './embedded-ssz';
import { PORTAL_NOTES } from './note-kinds';
import { uint16, uint256 } from './wire-types';

/**
 * Ping/Pong payloads. Until 2024-12 the networks put `Container(data_radius: uint256)` in `custom_payload`; from
 * 2024-12-14 to 2025-01-20 `custom_payload` held `Container(type: uint16, payload: ByteList[1100])`; since then
 * Ping/Pong carry `payload_type` and `payload` themselves (ping-extensions/extensions.md, specs/portal.md §4).
 */

export const RadiusPayload = new ContainerType({ data_radius: uint256 }, { typeName: 'BasicRadius' });

/** The short-lived nested form of 2024-12 (ping-payload-extensions "Custom Payload Extensions Format"). */
export const NestedExtension = new ContainerType(
  { type: uint16, payload: new ByteListType(1100) },
  { typeName: 'CustomPayloadExtensionsFormat' },
);

export interface PingExtension {
  name: string;
  type: Type<unknown>;
  /** Byte lists holding UTF-8 text. */
  text?: readonly string[];
  pongOnly?: boolean;
}

/** Ping extension types (ping-extensions/extensions.md): 0–10000 and 65436–65535 are reserved for the spec. */
export const PING_EXTENSIONS: Readonly<Record<number, PingExtension>> = {
  0: {
    name: 'client info, radius and capabilities',
    type: new ContainerType(
      { client_info: new ByteListType(200), data_radius: uint256, capabilities: new ListBasicType(uint16, 400) },
      { typeName: 'ClientInfoAndCapabilities' },
    ),
    text: ['client_info'],
  },
  1: { name: 'basic radius', type: RadiusPayload },
  2: {
    name: 'history radius',
    type: new ContainerType({ data_radius: uint256, ephemeral_header_count: uint16 }, { typeName: 'HistoryRadius' }),
  },
  65535: {
    name: 'error',
    type: new ContainerType({ error_code: uint16, message: new ByteListType(300) }, { typeName: 'PingError' }),
    text: ['message'],
    pongOnly: true,
  },
};

/** Error codes of payload type 65535 (ping-extensions/extensions/type-65535.md). */
export const PING_ERROR_CODES: Readonly<Record<number, string>> = {
  0: 'extension not supported',
  1: 'requested data not found',
  2: 'failed to decode payload',
  3: 'system error',
};

export function pingTypeDisplay(type: number): string {
  return `${PING_EXTENSIONS[type]?.name ?? 'unknown extension'} (${type})`;
}

/** Decodes a `payload` by its `payload_type`, in place. */
export function decodeExtensionPayload(field: Field, bytes: Uint8Array, type: number, message: string): void {
  const extension = PING_EXTENSIONS[type];
  if (!extension) {
    addNote(
      field,
      'info',
      PORTAL_NOTES.pingUnknownType,
      `payload type ${type} is not a known extension: kept as bytes`,
    );
    return;
  }
  if (extension.pongOnly && message === 'Ping') {
    addNote(
      field,
      'warning',
      PORTAL_NOTES.pingErrorInPing,
      `payload type ${type} (${extension.name}) is for Pong only`,
    );
  }
  if (decodeInPlace(field, bytes, extension.type, PORTAL_NOTES.pingPayload)) annotateExtension(field);
}

/**
 * Decodes a pre-2025 `custom_payload`: 32 bytes are the radius every network used; otherwise the nested extension
 * form of 2024-12 when it fits; anything else stays bytes (the networks of the time defined nothing else).
 */
export function decodeCustomPayload(field: Field, bytes: Uint8Array, message: string): void {
  const length = field.end! - field.start!;
  if (length === RadiusPayload.fixedSize) {
    decodeInPlace(field, bytes, RadiusPayload, PORTAL_NOTES.pingPayload);
    return;
  }
  if (length >= NestedExtension.fixedEnd && readU32(bytes, field.start! + 2) === NestedExtension.fixedEnd) {
    if (!decodeInPlace(field, bytes, NestedExtension, PORTAL_NOTES.pingPayload)) return;
    const typeField = field.children!.find((c) => c.name === 'type')!;
    const payload = field.children!.find((c) => c.name === 'payload')!;
    typeField.display = pingTypeDisplay(Number(typeField.value));
    decodeExtensionPayload(payload, bytes, Number(typeField.value), message);
    return;
  }
  addNote(field, 'info', PORTAL_NOTES.pingUnknownType, `custom_payload of ${length} bytes: no network defined it`);
}

/** Encodes `payload` (by `payload_type`): its decoded object, or hex. */
export function encodeExtensionPayload(type: number, value: JsonValue, path: string): Uint8Array {
  const extension = PING_EXTENSIONS[type];
  if (typeof value === 'string') return bytesFromJson(value, path);
  if (!extension) throw new EncodeError(path, `payload type ${type} is not known: give 0x-hex`);
  return encodeEmbedded(extension.type, withTextAsHex(value, extension.text ?? [], path), path);
}

/** Encodes `custom_payload`: `{data_radius}`, the nested `{type, payload}` form, or hex. */
export function encodeCustomPayload(value: JsonValue, path: string): Uint8Array {
  if (isJsonObject(value) && 'type' in value) {
    const type = Number(value.type);
    const payload = encodeExtensionPayload(type, value.payload ?? '0x', `${path}.payload`);
    return NestedExtension.serialize({ type, payload });
  }
  return encodeEmbedded(RadiusPayload, value, path);
}

function annotateExtension(field: Field): void {
  for (const child of field.children ?? []) {
    if ((child.name === 'client_info' || child.name === 'message') && typeof child.value === 'string') {
      child.display = JSON.stringify(decodeUtf8(fromHex(child.value)));
    }
    if (child.name === 'error_code' && typeof child.value === 'number') {
      child.display = `${PING_ERROR_CODES[child.value] ?? 'unknown error'} (${child.value})`;
    }
    if (child.name === 'capabilities') {
      for (const c of child.children ?? []) if (typeof c.value === 'number') c.display = pingTypeDisplay(c.value);
    }
  }
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
