import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, textEncoder } from '../core/bytes';
import { verifyV4Signature, type SignatureCheck } from '../enr';

/**
 * Handshake key derivation and the id-signature (discv5-theory.md "Handshake Steps", discv5-wire.md "Handshake
 * Message Packet"). Unlike RLPx, the ECDH secret is the 33-byte *compressed* shared point.
 */

export interface SessionKeys {
  /** Encrypts messages from the handshake's initiator to its recipient. */
  initiatorKey: Uint8Array;
  /** Encrypts messages from the recipient back to the initiator. */
  recipientKey: Uint8Array;
}

const KEY_AGREEMENT_INFO = textEncoder.encode('discovery v5 key agreement');
const ID_PROOF_PREFIX = textEncoder.encode('discovery v5 identity proof');

/**
 * ecdh(pubkey, privkey): the shared point, compressed (33 bytes); null when the public key is not on the curve or
 * the private key is out of range. The multiplication is not constant-time (getSharedSecret's is, at two to three
 * times the cost): reading a capture, nobody times it.
 */
export function ecdhSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array | null {
  try {
    const scalar = secp256k1.Point.Fn.fromBytes(privateKey);
    const point = secp256k1.Point.fromBytes(publicKey);
    if (scalar === 0n || point.is0()) return null;
    return point.multiplyUnsafe(scalar).toBytes(true);
  } catch {
    return null;
  }
}

/**
 * kdf(secret, challenge-data, node-id-A, node-id-B): HKDF-SHA256 with the challenge data as salt and
 * "discovery v5 key agreement" || node-id-A || node-id-B as info; 32 bytes split into the two keys.
 */
export function deriveSessionKeys(
  secret: Uint8Array,
  challengeData: Uint8Array,
  initiatorId: Uint8Array,
  recipientId: Uint8Array,
): SessionKeys {
  const keyData = hkdf(sha256, secret, challengeData, concatBytes([KEY_AGREEMENT_INFO, initiatorId, recipientId]), 32);
  return { initiatorKey: keyData.slice(0, 16), recipientKey: keyData.slice(16, 32) };
}

/**
 * The keys as the handshake's recipient derives them: its static private key with the initiator's ephemeral
 * public key from the handshake packet. Null when the ephemeral key is not a curve point.
 */
export function recipientSessionKeys(
  recipientPrivateKey: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  challengeData: Uint8Array,
  initiatorId: Uint8Array,
  recipientId: Uint8Array,
): SessionKeys | null {
  const secret = ecdhSecret(recipientPrivateKey, ephemeralPublicKey);
  return secret && deriveSessionKeys(secret, challengeData, initiatorId, recipientId);
}

/** id-signature-input = sha256("discovery v5 identity proof" || challenge-data || ephemeral-pubkey || node-id-B). */
export function idSignatureDigest(
  challengeData: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  recipientId: Uint8Array,
): Uint8Array {
  return sha256(concatBytes([ID_PROOF_PREFIX, challengeData, ephemeralPublicKey, recipientId]));
}

/** Checks the initiator's id-signature with its static public key (scheme v4). */
export function verifyIdSignature(
  signature: Uint8Array,
  challengeData: Uint8Array,
  ephemeralPublicKey: Uint8Array,
  recipientId: Uint8Array,
  initiatorPublicKey: Uint8Array,
): SignatureCheck {
  return verifyV4Signature(
    signature,
    idSignatureDigest(challengeData, ephemeralPublicKey, recipientId),
    initiatorPublicKey,
  );
}
