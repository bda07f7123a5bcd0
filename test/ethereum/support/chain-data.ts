import { RLP, type Input } from '@ethereumjs/rlp';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '../../../decoders/core/bytes';
import { mainnetAccountProof, mainnetBlock14764013 } from './vectors';

/**
 * Chain values for message tests, built with @ethereumjs/rlp and @noble/hashes rather than Peerscope's own
 * encoders: a real mainnet header, small bodies of every transaction kind, receipts, real trie nodes.
 */

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);

/** Mainnet block 14764013's header as an RLP input (nested arrays) and its hash. */
export const mainnetHeader = (() => {
  const block = mainnetBlock14764013();
  return { input: RLP.decode(block.header) as Input, bytes: block.header, hash: block.hash };
})();

export const legacyTx: Input = [
  1,
  10n ** 9n,
  21000,
  fill(20, 0xaa),
  5,
  new Uint8Array(0),
  27,
  fill(32, 1),
  fill(32, 2),
];
/** An EIP-1559 transaction as blocks carry it: `rlp(0x02 ‖ rlp(body))`, a string inside the list. */
export const dynamicFeeTx: Uint8Array = concatBytes([
  Uint8Array.of(2),
  RLP.encode([1, 0, 1, 2, 21000, fill(20, 0xbb), 0, new Uint8Array(0), [], 0, fill(32, 3), fill(32, 4)]),
]);
export const withdrawal: Input = [7, 1000, fill(20, 0xcc), 32_000_000_000n];

/** A Shanghai-style body with both transaction kinds and one withdrawal. */
export const body: Input = [[legacyTx, dynamicFeeTx], [], [withdrawal]];

const log: Input = [fill(20, 0xdd), [fill(32, 5)], Uint8Array.of(1, 2, 3)];
/** A legacy receipt (list) and a typed receipt (`0x02 ‖ rlp(...)` as a string). */
export const receipts: Input = [
  [Uint8Array.of(1), 21000, fill(256, 0), [log]],
  concatBytes([Uint8Array.of(2), RLP.encode([new Uint8Array(0), 42000, fill(256, 0), []])]),
];

/** Real mainnet account-proof nodes (Portal state vectors), each an RLP item, branch first. */
export const proofNodes: Uint8Array[] = mainnetAccountProof();
export const proofNodeInputs: Input[] = proofNodes.map((n) => RLP.decode(n) as Input);

export const keccak = (bytes: Uint8Array) => keccak_256(bytes);

/** A node key and its 64-byte node id. */
export function nodeKey(seed: number): { privateKey: Uint8Array; nodeId: Uint8Array } {
  const privateKey = keccak_256(Uint8Array.of(seed));
  return { privateKey, nodeId: secp256k1.getPublicKey(privateKey, false).subarray(1) };
}

/** geth's signature layout [R ‖ S ‖ V] over keccak256(rlp([headHash, headNumber, headTd])) (les announceData.sign). */
export function signAnnouncement(
  privateKey: Uint8Array,
  headHash: Uint8Array,
  headNumber: bigint,
  headTd: bigint,
): Uint8Array {
  const digest = keccak_256(RLP.encode([headHash, headNumber, headTd]));
  const recovered = secp256k1.sign(digest, privateKey, { prehash: false, format: 'recovered' });
  return concatBytes([recovered.subarray(1), recovered.subarray(0, 1)]);
}
