/**
 * AES-128 as discv5 uses it (header masking with CTR, messages with GCM). Supplied by the runtime, so the decoders
 * stay pure: the engine passes Node's crypto (src-main/engine/protocols.ts), a browser build could pass another.
 */
export interface Discv5Ciphers {
  /** AES-128-CTR of `data` with the 16-byte initial counter block `iv` (masking and unmasking are the same). */
  aes128Ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * AES-128-GCM decryption of `sealed` = ciphertext || 16-byte tag, with a 12-byte nonce and associated data;
   * null when the tag does not authenticate.
   */
  aes128GcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null;
}
