import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../core/bytes';
import type { AesProvider } from './aes';
import { ecdhX, nodeIdOf, uncompressedKey, UNCOMPRESSED_KEY_LENGTH } from './secp256k1-keys';

/**
 * ECIES as RLPx seals its handshake packets (rlpx.md §2, go-ethereum crypto/ecies): an ephemeral ECDH key, the NIST
 * SP 800-56 concatenation KDF over SHA-256, AES-128-CTR, and HMAC-SHA256 over `iv ‖ ciphertext ‖ s2`, where the
 * authenticated-only `s2` is the EIP-8 size prefix (empty for legacy packets).
 *
 *   packet = R (65, 0x04-prefixed) ‖ iv (16) ‖ ciphertext (len m) ‖ tag (32)
 */

export const ECIES_IV_LENGTH = 16;
export const ECIES_TAG_LENGTH = 32;
/** Bytes ECIES adds to the plaintext. */
export const ECIES_OVERHEAD = UNCOMPRESSED_KEY_LENGTH + ECIES_IV_LENGTH + ECIES_TAG_LENGTH;

/** The four parts of an ECIES packet, as views into it. */
export interface EciesParts {
  ephemeralKey: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

export function eciesParts(packet: Uint8Array): EciesParts | null {
  if (packet.length < ECIES_OVERHEAD) return null;
  const tagStart = packet.length - ECIES_TAG_LENGTH;
  return {
    ephemeralKey: packet.subarray(0, UNCOMPRESSED_KEY_LENGTH),
    iv: packet.subarray(UNCOMPRESSED_KEY_LENGTH, UNCOMPRESSED_KEY_LENGTH + ECIES_IV_LENGTH),
    ciphertext: packet.subarray(UNCOMPRESSED_KEY_LENGTH + ECIES_IV_LENGTH, tagStart),
    tag: packet.subarray(tagStart),
  };
}

interface EciesKeys {
  encryption: Uint8Array;
  mac: Uint8Array;
}

/** The concatenation KDF needs one SHA-256 block (counter 1) for the 32 bytes RLPx uses; s1 is empty. */
function deriveKeys(shared: Uint8Array): EciesKeys {
  const k = sha256(concatBytes([Uint8Array.of(0, 0, 0, 1), shared]));
  return { encryption: k.subarray(0, 16), mac: sha256(k.subarray(16, 32)) };
}

function tagOf(macKey: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, sharedMacData: Uint8Array): Uint8Array {
  return hmac(sha256, macKey, concatBytes([iv, ciphertext, sharedMacData]));
}

/** Encrypts `plaintext` to the node `recipientId` (64 bytes) with the given ephemeral private key and IV. */
export function eciesEncrypt(
  aes: AesProvider,
  recipientId: Uint8Array,
  plaintext: Uint8Array,
  sharedMacData: Uint8Array,
  ephemeralPrivateKey: Uint8Array,
  iv: Uint8Array,
): Uint8Array {
  const keys = deriveKeys(ecdhX(ephemeralPrivateKey, recipientId));
  const ciphertext = aes.ctr(keys.encryption, iv).update(plaintext);
  const tag = tagOf(keys.mac, iv, ciphertext, sharedMacData);
  return concatBytes([uncompressedKey(nodeIdOf(ephemeralPrivateKey)), iv, ciphertext, tag]);
}

/** Decrypts a packet sealed to `privateKey`; null when it is not one (bad point, or the tag does not match). */
export function eciesDecrypt(
  aes: AesProvider,
  privateKey: Uint8Array,
  packet: Uint8Array,
  sharedMacData: Uint8Array,
): Uint8Array | null {
  const parts = eciesParts(packet);
  if (!parts || parts.ephemeralKey[0] !== 0x04) return null;
  let keys: EciesKeys;
  try {
    keys = deriveKeys(ecdhX(privateKey, parts.ephemeralKey));
  } catch {
    return null;
  }
  if (!constantTimeEqual(tagOf(keys.mac, parts.iv, parts.ciphertext, sharedMacData), parts.tag)) return null;
  return aes.ctr(keys.encryption, parts.iv).update(parts.ciphertext);
}

/** Compares MACs without an early exit, so timing does not tell how many leading bytes matched. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
