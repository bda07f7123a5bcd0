import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { fromHex } from '../../../decoders/core/bytes';
import {
  mainnetBlock14764013,
  mainnetHeaders20000000,
  sharedVector,
  sszByteLists,
} from '../../ethereum/support/vectors';

/**
 * Real mainnet values for the LES and ress sessions, taken from ../shared/vectors (Portal history and state test
 * vectors, go-ethereum's fork-id table) and put together with @ethereumjs/rlp and @noble/hashes only, so what the
 * peers send does not depend on Peerscope's encoders.
 */

export const MAINNET_GENESIS = fromHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');
/** The total difficulty at the Merge: every later head has it (post-Merge blocks have difficulty 0). */
export const MERGE_TOTAL_DIFFICULTY = 58750003716598352816469n;

export interface MainnetHeader {
  rlp: Uint8Array;
  hash: Uint8Array;
  number: bigint;
  timestamp: bigint;
}

const uint = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);

function header(rlp: Uint8Array): MainnetHeader {
  const fields = RLP.decode(rlp) as Uint8Array[];
  return { rlp, hash: keccak_256(rlp), number: uint(fields[8]!), timestamp: uint(fields[11]!) };
}

const block14764013 = mainnetBlock14764013();
const cancun = mainnetHeaders20000000().headers.map(header);

/** Block 14764013 (London, May 2022): header, body `[transactions, ommers]` and receipts, as RLP. */
export const LONDON_BLOCK = {
  header: header(block14764013.header),
  body: block14764013.body,
  receipts: block14764013.receipts,
};

/** Block 20000000 and its parent 19999999 (Cancun, June 2024), newest first. */
export const CANCUN_HEAD = cancun[0]!;
export const CANCUN_PARENT = cancun[1]!;

/** A transaction as a block body lists it (typed ones as `type ‖ rlp` strings) and its hash. */
export interface MainnetTransaction {
  input: Input;
  hash: Uint8Array;
}

/** Transaction `index` of block 14764013, with its hash (keccak256 of the typed envelope or the legacy RLP). */
export function londonTransaction(index: number): MainnetTransaction {
  const [transactions] = RLP.decode(LONDON_BLOCK.body) as [Input[]];
  const tx = transactions[index]!;
  return { input: tx, hash: keccak_256(tx instanceof Uint8Array ? tx : RLP.encode(tx)) };
}

interface PortalValue {
  name: string;
  content_key: string;
  content_value?: string;
  content_value_offer?: string;
  block_number?: string;
}

const portal = sharedVector<{ values: PortalValue[] }>('portal-content-values.json').values;
const u32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

/** An item of a consensus list as it stands inside the RLP list: legacy items are lists, typed ones strings. */
const asInput = (item: Uint8Array): Input => (item[0]! >= 0xc0 ? (RLP.decode(item) as Input) : item);

/**
 * Block 17139055's body (Shanghai, April 2023): `[transactions, ommers, withdrawals]` rebuilt from the Portal SSZ
 * container (transactions, ommers RLP, withdrawal RLPs), with its block hash from the content key.
 */
export const SHANGHAI_BODY = (() => {
  const value = portal.find((v) => v.block_number === '17139055' && v.name.startsWith('BlockBody'))!;
  const bytes = fromHex(value.content_value!);
  const transactions = sszByteLists(bytes.subarray(u32(bytes, 0), u32(bytes, 4))).map(asInput);
  const ommers = RLP.decode(bytes.subarray(u32(bytes, 4), u32(bytes, 8))) as Input;
  const withdrawals = sszByteLists(bytes.subarray(u32(bytes, 8))).map(asInput);
  return { blockHash: fromHex(value.content_key.slice(4)), rlp: RLP.encode([transactions, ommers, withdrawals]) };
})();

/**
 * A contract from the Portal state vectors ("Contract Bytecode", "Contract Storage Trie Node" offers): the block
 * whose state root the proofs start at, the account's key (keccak256 of its address), its code and code hash, and
 * the account and storage proofs (trie nodes, root first).
 */
export const MAINNET_CONTRACT = (() => {
  const bytecode = portal.find((v) => v.name === 'Contract Bytecode' && v.content_value_offer)!;
  const offer = fromHex(bytecode.content_value_offer!);
  const key = fromHex(bytecode.content_key);
  const storage = fromHex(
    portal.find((v) => v.name === 'Contract Storage Trie Node' && v.content_value_offer)!.content_value_offer!,
  );
  return {
    blockHash: offer.subarray(8, 40),
    addressHash: key.subarray(1, 33),
    codeHash: key.subarray(33, 65),
    code: offer.subarray(u32(offer, 0), u32(offer, 4)),
    accountProof: sszByteLists(offer.subarray(u32(offer, 4))),
    storageProof: sszByteLists(storage.subarray(u32(storage, 0), u32(storage, 4))),
  };
})();

interface ForkIdCase {
  time: number;
  fork_hash: string;
  fork_next: number;
}

/** The mainnet fork id (EIP-2124) of a head with this timestamp, from go-ethereum's table (les.json). */
export function mainnetForkIdAt(timestamp: bigint): { hash: Uint8Array; next: number } {
  const cases = sharedVector<{ mainnet_fork_ids: { cases: ForkIdCase[] } }>('les.json').mainnet_fork_ids.cases;
  const passed = cases.filter((c) => c.time > 0 && BigInt(c.time) <= timestamp).at(-1)!;
  return { hash: fromHex(passed.fork_hash), next: passed.fork_next };
}
