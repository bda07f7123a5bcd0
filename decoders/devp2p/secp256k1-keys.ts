import { secp256k1 } from '@noble/curves/secp256k1.js';

/**
 * secp256k1 as RLPx uses it (rlpx.md §1): a node id is the 64-byte public key X‖Y without the 0x04 prefix,
 * ECIES carries 65-byte uncompressed points, and every ECDH output is the 32-byte X coordinate.
 */

export const NODE_ID_LENGTH = 64;
export const UNCOMPRESSED_KEY_LENGTH = 65;

/** The node id (64-byte public key) of a private key. */
export function nodeIdOf(privateKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(privateKey, false).subarray(1);
}

/** The 65-byte uncompressed form (0x04 ‖ X ‖ Y) of a node id. */
export function uncompressedKey(nodeId: Uint8Array): Uint8Array {
  const out = new Uint8Array(UNCOMPRESSED_KEY_LENGTH);
  out[0] = 0x04;
  out.set(nodeId, 1);
  return out;
}

/** A 64-byte node id or 65-byte uncompressed key that is a point on the curve. */
export function isValidPublicKey(key: Uint8Array): boolean {
  const full = key.length === NODE_ID_LENGTH ? uncompressedKey(key) : key;
  if (full.length !== UNCOMPRESSED_KEY_LENGTH || full[0] !== 0x04) return false;
  return secp256k1.utils.isValidPublicKey(full, false);
}

export function isValidPrivateKey(key: Uint8Array): boolean {
  return key.length === 32 && secp256k1.utils.isValidSecretKey(key);
}

/**
 * Whether `xy` (X, then the first bytes of Y) starts an uncompressed curve point: X must lie on the curve (half of
 * all values do) and the Y bytes present must begin one of its two Y coordinates (2^-8 per byte for random data).
 * Lets a first packet be recognised from the start of its ECIES point when the rest is not there yet.
 */
export function startsCurvePoint(xy: Uint8Array): boolean {
  if (xy.length < 32) return false;
  const compressed = new Uint8Array(33);
  compressed[0] = 0x02;
  compressed.set(xy.subarray(0, 32), 1);
  if (!secp256k1.utils.isValidPublicKey(compressed, true)) return false;
  const yPrefix = xy.subarray(32, 64);
  if (yPrefix.length === 0) return true;
  const point = secp256k1.Point.fromBytes(compressed);
  return [point, point.negate()].some((p) => {
    const y = p.toBytes(false).subarray(33, 33 + yPrefix.length);
    return y.every((b, i) => b === yPrefix[i]);
  });
}

/** X(privateKey · publicKey): the ECDH secret of RLPx (32 bytes). Throws on an invalid public key. */
export function ecdhX(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const full = publicKey.length === NODE_ID_LENGTH ? uncompressedKey(publicKey) : publicKey;
  return secp256k1.getSharedSecret(privateKey, full, true).subarray(1);
}

/** Signs a 32-byte value as is (no hashing, rlpx.md §3.1): `r ‖ s ‖ v` with recovery id v ∈ {0, 1}. */
export function signRecoverable(hash: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const recovered = secp256k1.sign(hash, privateKey, { prehash: false, format: 'recovered' });
  // noble puts the recovery byte first; RLPx puts it last.
  const out = new Uint8Array(65);
  out.set(recovered.subarray(1), 0);
  out[64] = recovered[0]!;
  return out;
}

/** The node id that made `signature` (`r ‖ s ‖ v`) over the 32-byte `hash`, or null if it recovers to nothing. */
export function recoverNodeId(signature: Uint8Array, hash: Uint8Array): Uint8Array | null {
  if (signature.length !== 65 || signature[64]! > 3) return null;
  try {
    const sig = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact').addRecoveryBit(signature[64]!);
    return sig.recoverPublicKey(hash).toBytes(false).subarray(1);
  } catch {
    return null;
  }
}

/** A fresh private key from 32 random bytes per try (a value outside [1, n) is drawn again). */
export function privateKeyFrom(random: (length: number) => Uint8Array): Uint8Array {
  for (;;) {
    const candidate = random(32);
    if (isValidPrivateKey(candidate)) return candidate;
  }
}
