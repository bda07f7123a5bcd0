import { createCipheriv } from 'node:crypto';
import type { AesProvider } from '../../decoders/devp2p/aes';

/** RLPx's AES from node:crypto (OpenSSL), handed to the pure decoders. */
export const nodeAes: AesProvider = {
  ctr(key, iv) {
    const cipher = createCipheriv(key.length === 16 ? 'aes-128-ctr' : 'aes-256-ctr', key, iv);
    return { update: (data) => new Uint8Array(cipher.update(data)) };
  },
  blockEncryptor(key) {
    const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    return (block) => new Uint8Array(cipher.update(block));
  },
};
