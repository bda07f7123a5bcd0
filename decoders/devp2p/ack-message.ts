import { decodeAll, encodeValue, fixedBytes, structOf, uint, type Codec } from '../core/codec';
import { fieldsJson, type Field } from '../core/field';
import { fromHex, toHex } from '../core/bytes';
import { rlpBytes, rlpUint } from '../codecs/rlp';
import { LEGACY_PLAINTEXT_LENGTH, type HandshakeFormat } from './handshake-format';
import { rlpOpenStruct, withTrailingPadding } from './rlp-open-struct';

/** The ack message's plaintext (rlpx.md §3.2, §3.3): the recipient's ephemeral public key and nonce. */
export interface AckBody {
  /** The recipient's ephemeral public key as a 64-byte id. */
  recipientEphemeralId: Uint8Array;
  recipientNonce: Uint8Array;
  version: number;
}

/** Legacy ack: ephemeral id(64) ‖ nonce(32) ‖ token flag(1). */
export const legacyAckBody: Codec = structOf('LegacyAckBody', [
  { name: 'recipientEphemeralKey', codec: fixedBytes(64) },
  { name: 'recipientNonce', codec: fixedBytes(32) },
  { name: 'tokenFlag', codec: uint(1, 'be') },
]);

/** EIP-8 ack: [ephemeral id, nonce, ack_vsn, ...] followed by padding. */
export const eip8AckBody: Codec = withTrailingPadding(
  rlpOpenStruct('AckBody', [
    { name: 'recipientEphemeralKey', codec: rlpBytes(64) },
    { name: 'recipientNonce', codec: rlpBytes(32) },
    { name: 'version', codec: rlpUint(64) },
  ]),
);

export function ackBodyCodec(format: HandshakeFormat): Codec {
  return format === 'legacy' ? legacyAckBody : eip8AckBody;
}

export function encodeAckBody(format: HandshakeFormat, body: AckBody): Uint8Array {
  const json = {
    recipientEphemeralKey: toHex(body.recipientEphemeralId),
    recipientNonce: toHex(body.recipientNonce),
  };
  if (format === 'legacy') return encodeValue(legacyAckBody, { ...json, tokenFlag: 0 });
  return encodeValue(eip8AckBody, { ...json, version: body.version });
}

export function readAckBody(format: HandshakeFormat, plaintext: Uint8Array): { field: Field; body: AckBody | null } {
  const { field } = decodeAll(ackBodyCodec(format), plaintext, 'body');
  const json = fieldsJson({ name: '', shape: 'struct', children: [field] }).body;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { field, body: null };
  const { recipientEphemeralKey, recipientNonce, version } = json;
  if (typeof recipientEphemeralKey !== 'string' || typeof recipientNonce !== 'string') return { field, body: null };
  if (format === 'legacy' && plaintext.length !== LEGACY_PLAINTEXT_LENGTH.ack) return { field, body: null };
  return {
    field,
    body: {
      recipientEphemeralId: fromHex(recipientEphemeralKey),
      recipientNonce: fromHex(recipientNonce),
      version: format === 'legacy' ? 4 : typeof version === 'number' ? version : Number.MAX_SAFE_INTEGER,
    },
  };
}
