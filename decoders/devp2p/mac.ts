import { keccakSponge } from '../ethereum/keccak';
import type { AesProvider } from './aes';

export const FRAME_MAC_LENGTH = 16;

/**
 * One direction's frame MAC (rlpx.md §4–5): a Keccak-256 sponge fed with every ciphertext byte of the direction
 * and never finalised; its "digest" is the hash of everything written so far. Headers and bodies are mixed in
 * through AES-256 of the running digest (keyed with mac-secret), and each MAC on the wire is the first 16 bytes of
 * the digest after that update.
 */
export class FrameMac {
  private readonly hash = keccakSponge();
  private readonly encryptBlock: (block: Uint8Array) => Uint8Array;

  /** `seed` is the initial write: `(mac-secret ⊕ nonce) ‖ handshake packet` (see secrets.ts). */
  constructor(aes: AesProvider, macSecret: Uint8Array, seed?: Uint8Array) {
    this.encryptBlock = aes.blockEncryptor(macSecret);
    if (seed) this.hash.update(seed);
  }

  update(bytes: Uint8Array): void {
    this.hash.update(bytes);
  }

  /** Keccak-256 of everything written so far (32 bytes); the state goes on. */
  digest(): Uint8Array {
    return this.hash.digest();
  }

  /** header-mac = digest after writing `AES(digest[:16]) ⊕ header-ciphertext`. */
  updateHeader(headerCiphertext: Uint8Array): Uint8Array {
    this.hash.update(xor16(this.encryptBlock(this.digest16()), headerCiphertext));
    return this.digest16();
  }

  /** frame-mac = digest after writing the frame ciphertext, then `AES(seed) ⊕ seed` with seed = that digest[:16]. */
  updateBody(frameCiphertext: Uint8Array): Uint8Array {
    this.hash.update(frameCiphertext);
    const seed = this.digest16();
    this.hash.update(xor16(this.encryptBlock(seed), seed));
    return this.digest16();
  }

  private digest16(): Uint8Array {
    return this.digest().subarray(0, FRAME_MAC_LENGTH);
  }
}

function xor16(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_MAC_LENGTH);
  for (let i = 0; i < FRAME_MAC_LENGTH; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
