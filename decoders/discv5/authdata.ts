import { fixedBytes, restBytes, structOf, uint, type Codec } from '../core/codec';
import type { Field } from '../core/field';
import { enrCodec } from '../enr';
import {
  FLAG,
  FLAG_NAMES,
  HANDSHAKE_AUTHDATA_FIXED_SIZE,
  NODE_ID_SIZE,
  WHOAREYOU_AUTHDATA_SIZE,
} from './packet-layout';

/**
 * The flag-specific authdata (discv5-wire.md "Ordinary Message Packet", "WHOAREYOU Packet", "Handshake Message
 * Packet"): facts for the session logic and codecs for the field tree and the composer.
 */

export type Authdata =
  | { flag: typeof FLAG.message; srcId: Uint8Array }
  | { flag: typeof FLAG.whoareyou; idNonce: Uint8Array; enrSeq: bigint }
  | {
      flag: typeof FLAG.handshake;
      srcId: Uint8Array;
      idSignature: Uint8Array;
      ephemeralKey: Uint8Array;
      /** The initiator's ENR as [start, end) in the packet, when it sent one. */
      record: { start: number; end: number } | null;
    };

/** The authdata facts of an unmasked packet, or the reason they cannot be read. */
export function readAuthdata(flag: number, packet: Uint8Array, start: number, end: number): Authdata | string {
  const size = end - start;
  switch (flag) {
    case FLAG.message:
      if (size < NODE_ID_SIZE) return `ordinary message authdata has ${size} bytes, needs ${NODE_ID_SIZE}`;
      return { flag, srcId: packet.slice(start, start + NODE_ID_SIZE) };
    case FLAG.whoareyou: {
      if (size < WHOAREYOU_AUTHDATA_SIZE)
        return `WHOAREYOU authdata has ${size} bytes, needs ${WHOAREYOU_AUTHDATA_SIZE}`;
      const view = new DataView(packet.buffer, packet.byteOffset + start + 16, 8);
      return { flag, idNonce: packet.slice(start, start + 16), enrSeq: view.getBigUint64(0) };
    }
    case FLAG.handshake: {
      if (size < HANDSHAKE_AUTHDATA_FIXED_SIZE) {
        return `handshake authdata has ${size} bytes, needs at least ${HANDSHAKE_AUTHDATA_FIXED_SIZE}`;
      }
      const sigSize = packet[start + NODE_ID_SIZE]!;
      const keySize = packet[start + NODE_ID_SIZE + 1]!;
      const sigStart = start + HANDSHAKE_AUTHDATA_FIXED_SIZE;
      const keyStart = sigStart + sigSize;
      const recordStart = keyStart + keySize;
      if (recordStart > end) return `handshake authdata: sig-size ${sigSize} and eph-key-size ${keySize} exceed it`;
      return {
        flag,
        srcId: packet.slice(start, start + NODE_ID_SIZE),
        idSignature: packet.slice(sigStart, keyStart),
        ephemeralKey: packet.slice(keyStart, recordStart),
        record: recordStart < end ? { start: recordStart, end } : null,
      };
    }
    default:
      return `flag ${flag} is not a packet kind of discv5 v5.1`;
  }
}

/** The handshake's `record`: absent (nothing left in authdata, JSON null) or the initiator's ENR. */
const optionalRecord: Codec = {
  typeName: 'ENR?',
  decode(r, name): Field {
    if (r.remaining === 0) return { name, shape: 'leaf', value: null, start: r.pos, end: r.pos };
    return enrCodec.decode(r, name);
  },
  encode(value, w, path, options) {
    if (value !== null) enrCodec.encode(value, w, path, options);
  },
  schema: () => ({ anyOf: [{ type: 'null' }, enrCodec.schema()] }),
};

const srcId = { name: 'src-id', codec: fixedBytes(NODE_ID_SIZE, 'node-id') };

const AUTHDATA_CODECS: Readonly<Record<number, Codec>> = {
  [FLAG.message]: structOf('message authdata', [srcId]),
  [FLAG.whoareyou]: structOf('WHOAREYOU authdata', [
    { name: 'id-nonce', codec: fixedBytes(16) },
    { name: 'enr-seq', codec: uint(8, 'be') },
  ]),
  [FLAG.handshake]: structOf('handshake authdata', [
    srcId,
    { name: 'sig-size', codec: uint(1, 'be'), lengthOf: 'id-signature' },
    { name: 'eph-key-size', codec: uint(1, 'be'), lengthOf: 'eph-pubkey' },
    { name: 'id-signature', codec: restBytes, size: (b) => Number(b['sig-size']) },
    { name: 'eph-pubkey', codec: restBytes, size: (b) => Number(b['eph-key-size']) },
    { name: 'record', codec: optionalRecord },
  ]),
};

/** The codec of the authdata of a packet with this flag (unknown flags: raw bytes). */
export function authdataCodec(flag: unknown): Codec {
  const code =
    typeof flag === 'string' ? Number(Object.entries(FLAG_NAMES).find(([, name]) => name === flag)?.[0] ?? flag) : flag;
  return (typeof code === 'number' ? AUTHDATA_CODECS[code] : undefined) ?? restBytes;
}

/** The authdata schemas of every flag, for the composer and the filter names. */
export function authdataSchemas() {
  return Object.values(AUTHDATA_CODECS).map((c) => c.schema());
}
