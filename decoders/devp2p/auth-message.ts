import { keccak256 } from '../ethereum/keccak';
import { decodeAll, encodeValue, fixedBytes, structOf, uint, type Codec } from '../core/codec';
import { fieldsJson, type Field } from '../core/field';
import { fromHex, toHex } from '../core/bytes';
import { rlpBytes, rlpUint } from '../codecs/rlp';
import { LEGACY_PLAINTEXT_LENGTH, type HandshakeFormat } from './handshake-format';
import { rlpOpenStruct, withTrailingPadding } from './rlp-open-struct';

/**
 * The auth message's plaintext (rlpx.md §3.2, §3.3): the initiator's signature over
 * `static-shared-secret ⊕ initiator-nonce` made with its ephemeral key, its node id and nonce.
 */
export interface AuthBody {
  /** `r ‖ s ‖ v` (65 bytes). */
  signature: Uint8Array;
  /** The initiator's node id (64 bytes). */
  initiatorId: Uint8Array;
  initiatorNonce: Uint8Array;
  /** auth_vsn (EIP-8); legacy packets are version 4 by definition. */
  version: number;
}

/** Legacy auth: sig(65) ‖ keccak256(ephemeral id)(32) ‖ initiator id(64) ‖ nonce(32) ‖ token flag(1). */
export const legacyAuthBody: Codec = structOf('LegacyAuthBody', [
  { name: 'signature', codec: fixedBytes(65) },
  { name: 'ephemeralKeyHash', codec: fixedBytes(32) },
  { name: 'initiatorPublicKey', codec: fixedBytes(64) },
  { name: 'initiatorNonce', codec: fixedBytes(32) },
  { name: 'tokenFlag', codec: uint(1, 'be') },
]);

/** EIP-8 auth: [sig, initiator id, nonce, auth_vsn, ...] followed by padding. */
export const eip8AuthBody: Codec = withTrailingPadding(
  rlpOpenStruct('AuthBody', [
    { name: 'signature', codec: rlpBytes(65) },
    { name: 'initiatorPublicKey', codec: rlpBytes(64) },
    { name: 'initiatorNonce', codec: rlpBytes(32) },
    { name: 'version', codec: rlpUint(64) },
  ]),
);

export function authBodyCodec(format: HandshakeFormat): Codec {
  return format === 'legacy' ? legacyAuthBody : eip8AuthBody;
}

/** The plaintext of an auth message (without EIP-8 padding: the sender adds it). */
export function encodeAuthBody(format: HandshakeFormat, body: AuthBody, ephemeralId: Uint8Array): Uint8Array {
  if (format === 'legacy') {
    return encodeValue(legacyAuthBody, {
      signature: toHex(body.signature),
      ephemeralKeyHash: toHex(keccak256(ephemeralId)),
      initiatorPublicKey: toHex(body.initiatorId),
      initiatorNonce: toHex(body.initiatorNonce),
      tokenFlag: 0,
    });
  }
  return encodeValue(eip8AuthBody, {
    signature: toHex(body.signature),
    initiatorPublicKey: toHex(body.initiatorId),
    initiatorNonce: toHex(body.initiatorNonce),
    version: body.version,
  });
}

/** Decodes an auth plaintext: the field tree always, the values when every one of them could be read. */
export function readAuthBody(format: HandshakeFormat, plaintext: Uint8Array): { field: Field; body: AuthBody | null } {
  const codec = authBodyCodec(format);
  const { field } = decodeAll(codec, plaintext, 'body');
  const json = fieldsJson({ name: '', shape: 'struct', children: [field] }).body;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { field, body: null };
  const { signature, initiatorPublicKey, initiatorNonce, version } = json;
  if (typeof signature !== 'string' || typeof initiatorPublicKey !== 'string' || typeof initiatorNonce !== 'string') {
    return { field, body: null };
  }
  if (format === 'legacy' && plaintext.length !== LEGACY_PLAINTEXT_LENGTH.auth) return { field, body: null };
  const body: AuthBody = {
    signature: fromHex(signature),
    initiatorId: fromHex(initiatorPublicKey),
    initiatorNonce: fromHex(initiatorNonce),
    version: format === 'legacy' ? 4 : typeof version === 'number' ? version : Number.MAX_SAFE_INTEGER,
  };
  return { field, body };
}
