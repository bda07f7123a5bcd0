import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import type { AesProvider } from '../../decoders/core/aes';

/** Bytes of a GCM authentication tag (discv5 appends 16). */
const GCM_TAG_SIZE = 16;

/** AES from node:crypto (OpenSSL), handed to the pure decoders (RLPx and discv5). The key's length picks the AES. */
export const nodeAes: AesProvider = {
  ctr(key, iv) {
    const cipher = createCipheriv(`aes-${bits(key)}-ctr`, key, iv);
    return { update: (data) => new Uint8Array(cipher.update(data)) };
  },
  blockEncryptor(key) {
    const cipher = createCipheriv(`aes-${bits(key)}-ecb`, key, null).setAutoPadding(false);
    return (block) => new Uint8Array(cipher.update(block));
  },
  gcmOpen(key, nonce, sealed, aad) {
    if (sealed.length < GCM_TAG_SIZE) return null;
    const decipher = createDecipheriv(`aes-${bits(key)}-gcm` as CipherGCMTypes, key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_SIZE));
    const ciphertext = sealed.subarray(0, sealed.length - GCM_TAG_SIZE);
    try {
      return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
    } catch {
      // The tag does not authenticate: a wrong key, or changed bytes.
      return null;
    }
  },
};

function bits(key: Uint8Array): number {
  return key.length * 8;
}
