/**
 * The chain the RLPx benchmark's peers serve: blocks that continue mainnet block 20000000 (Cancun), made of real
 * mainnet material. Transactions are those of blocks 14764013 and 17139055, each copy with its own nonce and
 * signature values so that no two are alike (Peerscope hashes transactions but recovers no senders); receipts take
 * their logs from block 14764013's; every header commits to its body, receipts and withdrawals with real roots and
 * chains to its parent, so Peerscope's checks of bodies, receipts, header chains and witnesses all run and pass.
 * State is represented by trie nodes: each block's state root is the hash of a branch node its children's
 * witnesses carry.
 */
import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '../../decoders/core/bytes';
import { encodeHexPrefix } from '../../decoders/ethereum/hex-prefix';
import { orderedTrieRoot } from '../../decoders/ethereum/trie-root';
import {
  CANCUN_HEAD,
  LONDON_BLOCK,
  MAINNET_CONTRACT,
  mainnetForkIdAt,
  SHANGHAI_BODY,
} from '../devp2p/support/mainnet-chain';
import { Random } from './bench-messages';

export interface ChainBlock {
  number: bigint;
  hash: Uint8Array;
  header: Uint8Array;
  /** `[transactions, ommers, withdrawals]` as the devp2p body list holds it. */
  body: Input;
  /** The receipt list as Receipts carries it (typed receipts as strings, legacy ones as lists). */
  receipts: Input;
  transactions: ChainTransaction[];
  /** The branch node whose hash is this block's state root. */
  stateRootNode: Uint8Array;
}

export interface ChainTransaction {
  /** The item as a body lists it: `type ‖ rlp` as a string, or the legacy list. */
  item: Input;
  hash: Uint8Array;
  type: number;
  /** Bytes of its consensus encoding (what NewPooledTransactionHashes announces). */
  size: number;
}

export interface BenchChain {
  /** Oldest first; the first block's parent is mainnet block 20000000. */
  blocks: ChainBlock[];
  /** Contract codes (the real one of the Portal state vectors and variants of it) with their hashes. */
  codes: { code: Uint8Array; hash: Uint8Array }[];
  /** Trie nodes that stand for state beyond the root: the real account and storage proofs. */
  proofNodes: Uint8Array[];
  forkId: { hash: Uint8Array; next: number };
}

const EMPTY_OMMERS_HASH = keccak_256(RLP.encode([]));
/** Header field positions (yellow paper order, Cancun's 20 fields). */
const HEADER = {
  parentHash: 0,
  ommersHash: 1,
  stateRoot: 3,
  transactionsRoot: 4,
  receiptsRoot: 5,
  number: 8,
  gasUsed: 10,
  timestamp: 11,
  mixHash: 13,
  withdrawalsRoot: 16,
  parentBeaconRoot: 19,
} as const;

/** An unsigned integer as RLP holds it: big-endian without leading zeros (zero is empty). */
export function uintBytes(n: bigint | number): Uint8Array {
  if (BigInt(n) === 0n) return new Uint8Array(0);
  const hex = BigInt(n).toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex'));
}

/** The consensus bytes of a body item: a typed transaction's string, a legacy transaction's whole list. */
function consensusBytes(item: Input): Uint8Array {
  return item instanceof Uint8Array ? item : RLP.encode(item);
}

/** A random r or s: 32 bytes without a leading zero (RLP integers are minimal), s in the lower half as EIP-2 wants. */
function signatureValue(rng: Random): Uint8Array {
  const value = rng.bytes(32);
  value[0] = rng.between(1, 0x7f);
  return value;
}

/** The real transactions of blocks 14764013 and 17139055 as body items. */
function realTransactions(): Input[] {
  const [london] = RLP.decode(LONDON_BLOCK.body) as unknown as [Input[]];
  const [shanghai] = RLP.decode(SHANGHAI_BODY.rlp) as unknown as [Input[]];
  return [...london, ...shanghai];
}

/**
 * A copy of a real transaction with a fresh nonce and signature values (r, s), so its hash is its own; the
 * signature no longer recovers to a funded sender, which nothing in the benchmark asks of it.
 */
function variantOf(item: Input, rng: Random): ChainTransaction {
  const typed = item instanceof Uint8Array;
  const type = typed ? item[0]! : 0;
  const fields = (typed ? RLP.decode(item.subarray(1)) : item) as Uint8Array[];
  const copy = [...fields];
  copy[typed ? 1 : 0] = uintBytes(rng.int(1 << 20));
  copy[copy.length - 2] = signatureValue(rng);
  copy[copy.length - 1] = signatureValue(rng);
  const bytes = typed ? concatBytes([Uint8Array.of(type), RLP.encode(copy)]) : RLP.encode(copy);
  return { item: typed ? bytes : copy, hash: keccak_256(bytes), type, size: bytes.length };
}

/** The receipts of block 14764013, each as `[status, cumulativeGasUsed, bloom, logs]`. */
function realReceiptFields(): Uint8Array[][] {
  const items = RLP.decode(LONDON_BLOCK.receipts) as unknown as Input[];
  return items.map((item) => {
    const bytes = consensusBytes(item);
    return RLP.decode(bytes[0]! < 0x7f ? bytes.subarray(1) : bytes) as Uint8Array[];
  });
}

/** A receipt for a transaction of `type`: real logs and bloom, this block's cumulative gas. */
function receiptFor(type: number, fields: readonly Uint8Array[], cumulativeGas: bigint): Input {
  const list = [Uint8Array.of(1), uintBytes(cumulativeGas), fields[2]!, fields[3]!];
  return type === 0 ? list : concatBytes([Uint8Array.of(type), RLP.encode(list)]);
}

/** A branch node of 16 child hashes, as most nodes of a state witness are (532 bytes). */
export function branchNode(rng: Random): Uint8Array {
  return RLP.encode([...Array.from({ length: 16 }, () => rng.bytes(32)), new Uint8Array(0)]);
}

/** An account leaf: the rest of its 64-nibble path, then `[nonce, balance, storageRoot, codeHash]`. */
export function accountLeaf(rng: Random, depth: number): Uint8Array {
  const nibbles = Array.from({ length: 64 - depth }, () => rng.int(16));
  const account = RLP.encode([
    uintBytes(rng.int(5000)),
    uintBytes(BigInt(rng.int(1 << 30)) * 1_000_000_000n),
    rng.bytes(32),
    rng.bytes(32),
  ]);
  return RLP.encode([encodeHexPrefix(nibbles, true), account]);
}

function withdrawals(rng: Random, firstIndex: number): Input[] {
  return Array.from({ length: 16 }, (_, i) => [
    uintBytes(firstIndex + i),
    uintBytes(rng.int(1_200_000)),
    rng.bytes(20),
    uintBytes(rng.between(10_000_000, 70_000_000)),
  ]);
}

/** Contract codes: the real one, and variants of it (cut or repeated to sizes up to 24 KiB, a byte changed). */
function contractCodes(rng: Random, count: number): BenchChain['codes'] {
  const real = MAINNET_CONTRACT.code;
  const codes = [real];
  for (let i = 1; i < count; i++) {
    const size = rng.logBetween(400, 24_576);
    const code = new Uint8Array(size);
    for (let at = 0; at < size; at += real.length) code.set(real.subarray(0, Math.min(real.length, size - at)), at);
    code[rng.int(size)] = rng.int(256);
    codes.push(code);
  }
  return codes.map((code) => ({ code, hash: keccak_256(code) }));
}

/** Builds `length` blocks on top of mainnet block 20000000. */
export function buildChain(seed: number, length: number): BenchChain {
  const rng = new Random(seed);
  const real = realTransactions();
  const receiptFields = realReceiptFields();
  const template = RLP.decode(CANCUN_HEAD.rlp) as Uint8Array[];
  let parentHash = CANCUN_HEAD.hash;
  let withdrawalIndex = 50_000_000;
  const blocks: ChainBlock[] = [];
  for (let i = 1; i <= length; i++) {
    const transactions = Array.from({ length: rng.between(60, 320) }, () => variantOf(rng.pick(real), rng));
    let gas = 0n;
    const receipts = transactions.map((tx) => {
      gas += BigInt(rng.between(21_000, 400_000));
      return receiptFor(tx.type, rng.pick(receiptFields), gas);
    });
    const blockWithdrawals = withdrawals(rng, withdrawalIndex);
    withdrawalIndex += blockWithdrawals.length;
    const stateRootNode = branchNode(rng);
    const fields = [...template];
    fields[HEADER.parentHash] = parentHash;
    fields[HEADER.ommersHash] = EMPTY_OMMERS_HASH;
    fields[HEADER.stateRoot] = keccak_256(stateRootNode);
    fields[HEADER.transactionsRoot] = orderedTrieRoot(transactions.map((tx) => consensusBytes(tx.item)));
    fields[HEADER.receiptsRoot] = orderedTrieRoot(receipts.map(consensusBytes));
    fields[HEADER.number] = uintBytes(CANCUN_HEAD.number + BigInt(i));
    fields[HEADER.gasUsed] = uintBytes(gas);
    fields[HEADER.timestamp] = uintBytes(CANCUN_HEAD.timestamp + 12n * BigInt(i));
    fields[HEADER.mixHash] = rng.bytes(32);
    fields[HEADER.withdrawalsRoot] = orderedTrieRoot(blockWithdrawals.map((w) => RLP.encode(w)));
    fields[HEADER.parentBeaconRoot] = rng.bytes(32);
    const header = RLP.encode(fields);
    const hash = keccak_256(header);
    blocks.push({
      number: CANCUN_HEAD.number + BigInt(i),
      hash,
      header,
      body: [transactions.map((tx) => tx.item), [], blockWithdrawals],
      receipts,
      transactions,
      stateRootNode,
    });
    parentHash = hash;
  }
  return {
    blocks,
    codes: contractCodes(rng, 24),
    proofNodes: [...MAINNET_CONTRACT.accountProof, ...MAINNET_CONTRACT.storageProof],
    forkId: mainnetForkIdAt(CANCUN_HEAD.timestamp),
  };
}

/**
 * A block's state witness: its parent's state root node first, the real proof nodes, then about `size` bytes of
 * branch nodes and account leaves (as a witness holds: mostly branches, leaves at the bottom).
 */
export function witnessOf(chain: BenchChain, index: number, size: number, rng: Random): Uint8Array[] {
  const parent = chain.blocks[index - 1];
  const nodes = [...(parent ? [parent.stateRootNode] : []), ...chain.proofNodes];
  let bytes = nodes.reduce((n, node) => n + node.length, 0);
  while (bytes < size) {
    const node = rng.int(4) === 0 ? accountLeaf(rng, rng.between(5, 8)) : branchNode(rng);
    nodes.push(node);
    bytes += node.length;
  }
  return nodes;
}
