import {
  brokenField,
  bytesFromJson,
  decodeChild,
  fixedBytes,
  hexSchema,
  PartialDecodeError,
  type Codec,
} from '../core/codec';
import { generatedLeaf, type Field } from '../core/field';
import { childPath, EncodeError, integerFromJson, isJsonObject } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ECIES_IV_LENGTH, ECIES_TAG_LENGTH } from './ecies';
import { SIZE_PREFIX_LENGTH, type HandshakeFormat, type HandshakePacketKind } from './handshake-format';
import { classifyHandshakePacket } from './handshake-packet';
import { RLPX_NOTES } from './note-kinds';
import { UNCOMPRESSED_KEY_LENGTH } from './secp256k1-keys';

export const FORMAT_DISPLAY: Readonly<Record<HandshakeFormat, string>> = {
  eip8: 'EIP-8 (size prefix, RLP body)',
  legacy: 'legacy (pre-EIP-8, fixed size)',
};

/** The ECIES parts of a packet: ephemeral key, IV, ciphertext, tag, each with its range. */
function decodeEcies(r: ByteReader, name: string): Field {
  const field: Field = { name, shape: 'struct', start: r.pos, end: r.end, children: [] };
  decodeChild(r, fixedBytes(UNCOMPRESSED_KEY_LENGTH), 'ephemeralKey', field);
  decodeChild(r, fixedBytes(ECIES_IV_LENGTH), 'iv', field);
  const ciphertextLength = r.remaining - ECIES_TAG_LENGTH;
  if (ciphertextLength < 0) {
    const error = new DecodeError(r.pos, 'ECIES packet too short for its tag', 'truncated');
    field.children!.push(brokenField('ciphertext', error, r.end));
    throw new PartialDecodeError(error, field);
  }
  decodeChild(r, fixedBytes(ciphertextLength, 'bytes'), 'ciphertext', field);
  decodeChild(r, fixedBytes(ECIES_TAG_LENGTH), 'tag', field);
  field.end = r.pos;
  return field;
}

/**
 * A handshake packet as it stands on the wire, without keys: its format (generated), the EIP-8 size prefix and the
 * ECIES parts. The packet's length comes from its format (legacy) or prefix (EIP-8); a shorter window is truncated.
 * `format` is the reading the caller settled on (with its keys); without it the bytes decide.
 */
export function handshakePacketCodec(kind: HandshakePacketKind, format?: HandshakeFormat): Codec {
  return {
    typeName: kind === 'auth' ? 'Auth' : 'Ack',
    decode(r, name) {
      const start = r.pos;
      const found = classifyHandshakePacket(r.bytes.subarray(start, r.end), kind, format && ((f) => f === format));
      if (found.kind !== 'packet') {
        const reason = found.kind === 'invalid' ? found.reason : `too few bytes for an ${kind} packet`;
        throw new DecodeError(start, reason, RLPX_NOTES.handshakeMissing);
      }
      const field: Field = { name, shape: 'struct', start, end: r.end, children: [] };
      field.children!.push(generatedLeaf('format', found.format, FORMAT_DISPLAY[found.format]));
      if (found.format === 'eip8') {
        const size = (r.bytes[start]! << 8) | r.bytes[start + 1]!;
        field.children!.push({ name: 'size', shape: 'leaf', value: size, start, end: start + SIZE_PREFIX_LENGTH });
        r.pos += SIZE_PREFIX_LENGTH;
      }
      const end = start + found.length;
      if (end > r.end) {
        const missing = new DecodeError(
          r.end,
          `${kind} packet of ${found.length} bytes: only ${r.end - start} present`,
          RLPX_NOTES.handshakeTruncated,
        );
        const ecies = brokenField('ecies', missing, r.end);
        ecies.start = r.pos;
        field.children!.push(ecies);
        throw new PartialDecodeError(missing, field);
      }
      const window = new ByteReader(r.bytes, r.pos, end);
      try {
        field.children!.push(decodeEcies(window, 'ecies'));
      } catch (e) {
        if (e instanceof PartialDecodeError) field.children!.push(e.partial);
        throw e instanceof DecodeError ? new PartialDecodeError(e, field) : e;
      }
      r.pos = end;
      field.end = end;
      return field;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, 'expected the fields of a handshake packet');
      const ecies = value.ecies;
      if (!isJsonObject(ecies))
        throw new EncodeError(childPath(path, 'ecies'), 'expected {ephemeralKey, iv, ciphertext, tag}');
      const parts = (['ephemeralKey', 'iv', 'ciphertext', 'tag'] as const).map((k) =>
        bytesFromJson(ecies[k] ?? null, childPath(path, `ecies.${k}`)),
      );
      const eciesLength = parts.reduce((n, p) => n + p.length, 0);
      const format = value.format ?? 'eip8';
      if (format !== 'eip8' && format !== 'legacy') throw new EncodeError(childPath(path, 'format'), 'eip8 or legacy');
      if (format === 'eip8') {
        const size =
          options.keepLengths && value.size !== undefined
            ? Number(integerFromJson(value.size, childPath(path, 'size')))
            : eciesLength;
        if (size < 0 || size > 0xffff) throw new EncodeError(childPath(path, 'size'), `${size} does not fit 16 bits`);
        w.u16(size, false);
      }
      for (const p of parts) w.bytes(p);
    },
    schema: () => ({
      title: kind,
      type: 'object',
      properties: {
        format: { enum: ['eip8', 'legacy'], default: 'eip8' },
        size: { type: 'integer', minimum: 0, maximum: 0xffff },
        ecies: {
          type: 'object',
          properties: {
            ephemeralKey: hexSchema('bytes65', 65),
            iv: hexSchema('bytes16', 16),
            ciphertext: hexSchema('bytes'),
            tag: hexSchema('bytes32', 32),
          },
          required: ['ephemeralKey', 'iv', 'ciphertext', 'tag'],
        },
      },
      required: ['ecies'],
    }),
  };
}
