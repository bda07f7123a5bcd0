/**
 * The AES operations the pure decoders need (RLPx frames and ECIES, discv5 header masking and messages), supplied
 * by the runtime: decoders import no platform module, so the Node side passes node:crypto's AES
 * (src-main/engine/node-aes.ts) and a browser build could pass another.
 */
export interface AesProvider {
  /**
   * AES in counter mode with a 16-byte (AES-128) or 32-byte (AES-256) key, from the 16-byte initial counter block
   * `iv`. The stream is stateful: each call continues the keystream where the previous one stopped, which is how
   * RLPx frames use it; discv5 masks a header with one stream.
   */
  ctr(key: Uint8Array, iv: Uint8Array): AesCtrStream;
  /**
   * AES of 16-byte blocks, one or several at a time (ECB, no padding), with a 16- or 32-byte key: the block cipher
   * of the RLPx frame MAC, and discv5's header masking keystream (a cipher per node id, reused for every packet).
   */
  blockEncryptor(key: Uint8Array): (block: Uint8Array) => Uint8Array;
  /**
   * AES-GCM decryption of `sealed` = ciphertext || 16-byte tag, with a 12-byte nonce and associated data (discv5
   * messages, AES-128); null when the tag does not authenticate.
   */
  gcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null;
}

export interface AesCtrStream {
  /** XORs `data` with the next `data.length` keystream bytes (encryption and decryption are the same). */
  update(data: Uint8Array): Uint8Array;
}
