import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import type { AesProvider } from '../../decoders/core/aes';

/** Bytes of a GCM authentication tag (discv5 appends 16). */
const GCM_TAG_SIZE = 16;

/** AES from node:crypto (OpenSSL), handed to the pure decoders (RLPx and discv5). The key's length picks the AES. */
export const nodeAes: AesProvider = {
  ctr(key, iv) {
    const cipher = createCipheriv(`aes-${bits(key)}-ctr`, key, iv);
    return { update: (data) => ownBytes(cipher.update(data)) };
  },
  blockEncryptor(key) {
    const cipher = createCipheriv(`aes-${bits(key)}-ecb`, key, null).setAutoPadding(false);
    return (block) => ownBytes(cipher.update(block));
  },
  gcmOpen(key, nonce, sealed, aad) {
    if (sealed.length < GCM_TAG_SIZE) return null;
    const decipher = createDecipheriv(`aes-${bits(key)}-gcm` as CipherGCMTypes, key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_SIZE));
    const ciphertext = sealed.subarray(0, sealed.length - GCM_TAG_SIZE);
    try {
      const plaintext = decipher.update(ciphertext);
      decipher.final(); // GCM gives no more bytes here: it checks the tag
      return ownBytes(plaintext);
    } catch {
      // The tag does not authenticate: a wrong key, or changed bytes.
      return null;
    }
  },
};

/**
 * A cipher's output as a plain Uint8Array. Node allocates it alone in its own memory, so no copy is needed; a copy
 * is made should it ever come out of a shared pool.
 */
function ownBytes(output: Buffer): Uint8Array {
  const alone = output.byteOffset === 0 && output.buffer.byteLength === output.length;
  return alone ? new Uint8Array(output.buffer, 0, output.length) : new Uint8Array(output);
}

function bits(key: Uint8Array): number {
  return key.length * 8;
}
