import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../core/bytes';
import { keccak256 } from '../../ethereum/keccak';

/** The default rule (portal-wire-protocol.md "SHA256 Content ID Derivation Function"). */
export function sha256ContentId(key: Uint8Array): Uint8Array {
  return sha256(key);
}

/**
 * The history network of 2025-07 (history/history-network.md "Content id Derivation Function"): blocks of one
 * 2^16 cycle spread over the id space by bit-reversing the cycle count into the low 240 bits, the position within
 * the cycle in the top 16 bits, and the content type in the lowest bits.
 *
 *   content_id = (block_number mod 2^16) << 240 | reverse240(block_number div 2^16) | content_type
 */
export function blockNumberContentId(blockNumber: bigint, contentType: number): Uint8Array {
  const cycle = blockNumber & 0xffffn;
  let offset = blockNumber >> 16n;
  let reversed = 0n;
  for (let i = 0; i < 240; i++) {
    reversed = (reversed << 1n) | (offset & 1n);
    offset >>= 1n;
  }
  return bigintBytes32((cycle << 240n) | reversed | BigInt(contentType));
}

/**
 * The state network drafts of 2021–22 (state-network.md of the time; specs/portal.md §5.3): ids chosen so that
 * trie neighbours are DHT neighbours, each key type with its own rule.
 */
export const draftStateContentId = {
  /** Account trie node: sha256(path ‖ node_hash), path one byte per nibble. */
  accountTrieNode: (path: Uint8Array, nodeHash: Uint8Array) => sha256(concatBytes([path, nodeHash])),
  /** Contract storage trie node: sha256(address ‖ path ‖ node_hash). */
  storageTrieNode: (address: Uint8Array, path: Uint8Array, nodeHash: Uint8Array) =>
    sha256(concatBytes([address, path, nodeHash])),
  /** Account trie proof: keccak(address). */
  accountTrieProof: (address: Uint8Array) => keccak256(address),
  /** Contract storage proof: (keccak(address) + keccak(slot as 32 big-endian bytes)) mod 2^256. */
  storageTrieProof: (address: Uint8Array, slot: bigint) =>
    bigintBytes32(
      (bytesBigint(keccak256(address)) + bytesBigint(keccak256(bigintBytes32(slot)))) & ((1n << 256n) - 1n),
    ),
  /** Contract bytecode: sha256(address ‖ code_hash). */
  contractBytecode: (address: Uint8Array, codeHash: Uint8Array) => sha256(concatBytes([address, codeHash])),
};

export function bigintBytes32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function bytesBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
