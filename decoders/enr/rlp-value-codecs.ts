import { RLP } from '@ethereumjs/rlp';
import { decodeUtf8Strict, isPrintableAscii, textEncoder, toHex } from '../core/bytes';
import { bytesFromJson, hexSchema, type Codec, type JsonSchema } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { EncodeError, integerFromJson, type JsonValue } from '../core/json';
import { DecodeError } from '../core/reader';
import { formatIpAddress } from '../net/ip-address';
import { readRlpHeader, rlpHeaderField, rlpStruct } from '../codecs/rlp';
import { ENR_NOTES } from './note-kinds';

/**
 * RLP codecs for values whose bytes mean more than hex: text (`id` = "v4", TALKREQ protocol names), IP addresses
 * (ENR `ip`/`ip6`, PONG `recipient-ip`) and lists with named leading members and a tolerated tail (ENR `eth`, `p`).
 */

/** A byte string whose payload `read` turns into a JSON value; `write` turns it back. */
export function rlpStringCodec(
  typeName: string,
  read: (payload: Uint8Array, at: number) => { value: JsonValue; display?: string },
  write: (value: JsonValue, path: string) => Uint8Array,
  schema: () => JsonSchema,
): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (h.isList) throw new DecodeError(at, `${name}: expected ${typeName}, found a list`, 'rlp.type');
      const { value, display } = read(r.bytes.subarray(h.payloadStart, h.payloadEnd), h.payloadStart);
      r.pos = h.payloadEnd;
      const field: Field = { name, shape: 'leaf', value, start: at, end: h.payloadEnd };
      if (display !== undefined) field.display = display;
      const header = rlpHeaderField(r.bytes, at, h);
      if (header) field.children = [header];
      return field;
    },
    encode(value, w, path) {
      w.bytes(RLP.encode(write(value, path)));
    },
    schema,
  };
}

/**
 * Bytes that are usually printable ASCII (`v4`, `portal`, `utp`): the text when it is printable and cannot be
 * mistaken for hex, else 0x-hex. Either form reads back to the same bytes.
 */
export const rlpTextCodec: Codec = rlpStringCodec(
  'text',
  (payload) => {
    const text = payload.length > 0 && isPrintableAscii(payload) ? decodeUtf8Strict(payload) : null;
    if (text !== null && !/^0[xX]/.test(text)) return { value: text };
    return { value: toHex(payload) };
  },
  textOrHexFromJson,
  () => ({ title: 'text', type: 'string', description: 'ASCII text, or 0x-hex bytes' }),
);

export function textOrHexFromJson(value: JsonValue, path: string): Uint8Array {
  if (typeof value !== 'string') throw new EncodeError(path, `expected text or 0x-hex, got ${JSON.stringify(value)}`);
  return /^0[xX]/.test(value) ? bytesFromJson(value, path) : textEncoder.encode(value);
}

/** A byte string that reads as its 0x-hex, with its printable text beside it (TALKREQ protocol bytes). */
export const rlpBytesWithText: Codec = rlpStringCodec(
  'bytes',
  (payload) => {
    const text = payload.length > 0 && isPrintableAscii(payload) ? decodeUtf8Strict(payload) : null;
    return text !== null
      ? { value: toHex(payload), display: `${toHex(payload)} (${JSON.stringify(text)})` }
      : { value: toHex(payload) };
  },
  textOrHexFromJson,
  () => hexSchema('bytes'),
);

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address as text; any other length stays hex with an error. */
export function ipAddressCodec(size?: 4 | 16): Codec {
  const typeName = size === 4 ? 'ipv4' : size === 16 ? 'ipv6' : 'ip';
  return rlpStringCodec(
    typeName,
    (payload, at) => {
      const length = payload.length;
      if ((length !== 4 && length !== 16) || (size !== undefined && length !== size)) {
        const expected = size === undefined ? '4 or 16' : String(size);
        throw new DecodeError(at, `an ${typeName} address has ${expected} bytes, got ${length}`, 'rlp.size');
      }
      return { value: formatIpAddress(payload, 0, length) };
    },
    (value, path) => {
      if (typeof value !== 'string')
        throw new EncodeError(path, `expected an IP address, got ${JSON.stringify(value)}`);
      const bytes = /^0[xX]/.test(value) ? bytesFromJson(value, path) : parseIpAddress(value, path);
      if (size !== undefined && bytes.length !== size) throw new EncodeError(path, `expected an ${typeName} address`);
      return bytes;
    },
    () => ({ title: typeName, type: 'string', description: 'dotted IPv4 or RFC 5952 IPv6 text' }),
  );
}

/**
 * A port (uint16) read leniently: a leading zero byte (@chainsafe/enr writes every port as 2 bytes, so ports
 * below 256 get one) keeps its value and gets a warning, since geth's strict RLP rejects such records.
 * Writing always uses the minimal form.
 */
export const lenientPortCodec: Codec = {
  typeName: 'uint16',
  decode(r, name) {
    const at = r.pos;
    const h = readRlpHeader(r.bytes, at, r.end);
    const size = h.payloadEnd - h.payloadStart;
    if (h.isList) throw new DecodeError(at, `${name}: expected a port, found a list`, 'rlp.type');
    if (size > 2) throw new DecodeError(h.payloadStart, `a port has at most 2 bytes, got ${size}`, 'rlp.size');
    let value = 0;
    for (let i = h.payloadStart; i < h.payloadEnd; i++) value = value * 256 + r.bytes[i]!;
    r.pos = h.payloadEnd;
    const nonCanonical = size > 0 && r.bytes[h.payloadStart] === 0;
    // A non-canonical port keeps its bytes in the JSON (as hex), so the record re-encodes to what was signed.
    const json = nonCanonical ? toHex(r.bytes.subarray(h.payloadStart, h.payloadEnd)) : value;
    const field: Field = { name, shape: 'leaf', value: json, start: at, end: h.payloadEnd, display: String(value) };
    const header = rlpHeaderField(r.bytes, at, h);
    if (header) field.children = [header];
    if (nonCanonical) {
      addNote(
        field,
        'warning',
        ENR_NOTES.nonCanonical,
        `port ${value} written with a leading zero byte: not canonical RLP, which geth rejects`,
      );
    }
    return field;
  },
  encode(value, w, path) {
    if (typeof value === 'string' && value.startsWith('0x')) {
      const raw = bytesFromJson(value, path);
      if (raw.length > 2) throw new EncodeError(path, `a port has at most 2 bytes, got ${raw.length}`);
      return void w.bytes(RLP.encode(raw));
    }
    const n = integerFromJson(value, path);
    if (n < 0n || n > 0xffffn) throw new EncodeError(path, `${n} is not a port`);
    w.bytes(RLP.encode(Number(n)));
  },
  schema: () => ({
    title: 'uint16',
    anyOf: [
      { type: 'integer', minimum: 0, maximum: 65535 },
      { type: 'string', pattern: '^0x([0-9a-fA-F]{2}){1,2}$', description: 'the bytes of a non-canonical port' },
    ],
  }),
};

/** Dotted IPv4 or IPv6 text (with `::` and an optional dotted tail) to bytes. */
export function parseIpAddress(text: string, path: string): Uint8Array {
  const bad = (): never => {
    throw new EncodeError(path, `not an IP address: ${JSON.stringify(text)}`);
  };
  const v4 = (part: string): number[] => {
    const octets = part.split('.');
    if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) bad();
    return octets.map(Number);
  };
  if (!text.includes(':')) return Uint8Array.from(v4(text));
  const groupsOf = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((g) => {
      if (g.includes('.')) {
        const [a, b, c, d] = v4(g) as [number, number, number, number];
        return [(a << 8) | b, (c << 8) | d];
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) bad();
      return [parseInt(g, 16)];
    });
  };
  const halves = text.split('::');
  if (halves.length > 2) bad();
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 2 && fill === 0)) bad();
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  if (groups.length !== 8) bad();
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/**
 * An RLP list whose leading members have names and codecs; items after them are kept as generic RLP (`rest`),
 * since ENR entries may grow (geth's `rlp:"tail"`). Missing trailing members are tolerated when `optional`.
 */
export function rlpListWithTail(
  typeName: string,
  members: readonly { name: string; codec: Codec; optional?: boolean }[],
): Codec {
  return rlpStruct(typeName, members, ENTRY_REST);
}

const ENTRY_REST = { name: 'rest', description: 'items after the known ones (the entry may grow)' };
