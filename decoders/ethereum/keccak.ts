import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * Keccak-256 as Ethereum uses it (the pre-standard Keccak padding, not SHA3-256): block, node and code hashes, node
 * ids, RLPx secrets and frame MACs. Every decoder hashes through this module, so the Node side can swap in a faster
 * implementation at start (src-main/engine/fast-hashing.ts) while the decoders stay pure and synchronous.
 */
export interface KeccakImplementation {
  readonly name: string;
  hash(bytes: Uint8Array): Uint8Array;
  /** A sponge that can be read at any point and goes on absorbing (the RLPx frame MAC reads it after every frame). */
  sponge(): KeccakSponge;
}

export interface KeccakSponge {
  update(bytes: Uint8Array): void;
  /** Keccak-256 of everything absorbed so far; the sponge goes on. */
  digest(): Uint8Array;
}

/** @noble/hashes: pure JS, available everywhere at once. */
export const nobleKeccak: KeccakImplementation = {
  name: 'noble',
  hash: (bytes) => keccak_256(bytes),
  sponge() {
    const state = keccak_256.create();
    return {
      update: (bytes) => void state.update(bytes),
      digest: () => state.clone().digest(),
    };
  },
};

let implementation: KeccakImplementation = nobleKeccak;

/** Chooses the implementation for hashes and sponges created from now on. */
export function setKeccakImplementation(chosen: KeccakImplementation): void {
  implementation = chosen;
}

export function keccak256(bytes: Uint8Array): Uint8Array {
  return implementation.hash(bytes);
}

export function keccakSponge(): KeccakSponge {
  return implementation.sponge();
}
