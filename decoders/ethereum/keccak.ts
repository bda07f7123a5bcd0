import { keccak_256 } from '@noble/hashes/sha3.js';

/** keccak256 as Ethereum uses it (the pre-standard Keccak padding, not SHA3-256): block, node and code hashes. */
export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}
