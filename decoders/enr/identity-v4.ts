import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak256 } from '../ethereum/keccak';

/**
 * The "v4" identity scheme (EIP-778, discv5-theory.md "Identity Scheme"): secp256k1 keys, node id =
 * keccak256(uncompressed public key without its 0x04 prefix), signatures as 64-byte r||s over a 32-byte digest.
 */

export const NODE_ID_SIZE = 32;

/** The node id of a public key (33-byte compressed or 65-byte uncompressed); null when it is not a curve point. */
export function nodeIdFromPublicKey(publicKey: Uint8Array): Uint8Array | null {
  const uncompressed = uncompressedPublicKey(publicKey);
  return uncompressed === null ? null : keccak256(uncompressed.subarray(1));
}

export function uncompressedPublicKey(publicKey: Uint8Array): Uint8Array | null {
  try {
    return secp256k1.Point.fromBytes(publicKey).toBytes(false);
  } catch {
    return null;
  }
}

/** The 33-byte compressed public key of a private key; null when the key is out of range. */
export function publicKeyOfPrivateKey(privateKey: Uint8Array): Uint8Array | null {
  try {
    return secp256k1.getPublicKey(privateKey, true);
  } catch {
    return null;
  }
}

export function nodeIdOfPrivateKey(privateKey: Uint8Array): Uint8Array | null {
  const publicKey = publicKeyOfPrivateKey(privateKey);
  return publicKey === null ? null : nodeIdFromPublicKey(publicKey);
}

/**
 * `valid`; `high-s` when it verifies only with a high S value (geth and libsecp256k1 reject those);
 * `invalid` otherwise, including malformed signatures and keys.
 */
export type SignatureCheck = 'valid' | 'high-s' | 'invalid';

/** Verifies a 64-byte r||s signature over a 32-byte digest (no further hashing). */
export function verifyV4Signature(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array): SignatureCheck {
  if (signature.length !== 64) return 'invalid';
  try {
    if (secp256k1.verify(signature, digest, publicKey, { prehash: false })) return 'valid';
    if (secp256k1.verify(signature, digest, publicKey, { prehash: false, lowS: false })) return 'high-s';
  } catch {
    // A malformed key or signature is simply not a valid signature.
  }
  return 'invalid';
}
