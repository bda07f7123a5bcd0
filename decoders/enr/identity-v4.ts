import { secp256k1 } from '@noble/curves/secp256k1.js';
import { copyBytes, toHex } from '../core/bytes';
import { keccak256 } from '../ethereum/keccak';

/**
 * The "v4" identity scheme (EIP-778, discv5-theory.md "Identity Scheme"): secp256k1 keys, node id =
 * keccak256(uncompressed public key without its 0x04 prefix), signatures as 64-byte r||s over a 32-byte digest.
 */

export const NODE_ID_SIZE = 32;

/**
 * Node ids by public key (hex): decompressing a key costs a square root, and the same records' keys come back in
 * NODES after NODES.
 */
const idsByKey = new Map<string, Uint8Array | null>();
const IDS_KEPT = 4096;

/** The node id of a public key (33-byte compressed or 65-byte uncompressed); null when it is not a curve point. */
export function nodeIdFromPublicKey(publicKey: Uint8Array): Uint8Array | null {
  const key = toHex(publicKey);
  let id = idsByKey.get(key);
  if (id === undefined) {
    const uncompressed = uncompressedPublicKey(publicKey);
    id = uncompressed === null ? null : nodeIdOfUncompressed(uncompressed);
    if (idsByKey.size >= IDS_KEPT) idsByKey.delete(idsByKey.keys().next().value!);
    idsByKey.set(key, id);
  }
  return id && copyBytes(id);
}

function nodeIdOfUncompressed(uncompressed: Uint8Array): Uint8Array {
  return keccak256(uncompressed.subarray(1));
}

export function uncompressedPublicKey(publicKey: Uint8Array): Uint8Array | null {
  try {
    return secp256k1.Point.fromBytes(publicKey).toBytes(false);
  } catch {
    return null;
  }
}

/**
 * The compressed public key and node id of a private key, from one multiplication (the id needs the uncompressed
 * key, which the compressed one gives only through a square root); null when the key is out of range. The
 * multiplication is not constant-time (a reader's keys are not exposed to timing): hundreds of node keys load faster.
 */
export function identityOfPrivateKey(privateKey: Uint8Array): { publicKey: Uint8Array; nodeId: Uint8Array } | null {
  let point: InstanceType<typeof secp256k1.Point>;
  try {
    const scalar = secp256k1.Point.Fn.fromBytes(privateKey);
    if (scalar === 0n) return null;
    point = secp256k1.Point.BASE.multiplyUnsafe(scalar);
  } catch {
    return null;
  }
  return { publicKey: point.toBytes(true), nodeId: nodeIdOfUncompressed(point.toBytes(false)) };
}

export function nodeIdOfPrivateKey(privateKey: Uint8Array): Uint8Array | null {
  return identityOfPrivateKey(privateKey)?.nodeId ?? null;
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
