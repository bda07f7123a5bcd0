/**
 * The AES operations RLPx needs, supplied from outside: decoders are pure (no Node imports), so the Node side
 * passes in node:crypto's AES (src-main/rlpx/node-aes.ts) and tests do the same.
 */
export interface AesProvider {
  /**
   * AES in counter mode with a 16-byte (ECIES, AES-128) or 32-byte (frames, AES-256) key. The stream is stateful:
   * each call continues the keystream where the previous one stopped, which is how RLPx frames use it.
   */
  ctr(key: Uint8Array, iv: Uint8Array): AesCtrStream;
  /** AES-256 of single 16-byte blocks (ECB, no padding): the block cipher of the frame MAC. */
  blockEncryptor(key: Uint8Array): (block: Uint8Array) => Uint8Array;
}

export interface AesCtrStream {
  /** XORs `data` with the next `data.length` keystream bytes (encryption and decryption are the same). */
  update(data: Uint8Array): Uint8Array;
}
