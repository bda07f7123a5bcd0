import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { toHex } from '../../../decoders/core/bytes';
import type { JsonObject } from '../../../decoders/core/json';
import { les } from '../../../decoders/les';
import { composerJsonOf } from './composer-json';
import {
  CANCUN_HEAD,
  CANCUN_PARENT,
  LONDON_BLOCK,
  MAINNET_CONTRACT,
  MAINNET_GENESIS,
  MERGE_TOTAL_DIFFICULTY,
  londonTransaction,
  mainnetForkIdAt,
} from './mainnet-chain';

/**
 * A LES session as data: Peerscope is the light client (its messages are composer JSON, sent through the LES
 * declaration's encoder), ethereumjs the server (its messages are RLP inputs handed to its own `LES.sendMessage`).
 * ethereumjs serves nothing by itself, so the script answers for it, with real mainnet data.
 *
 * Why ethereumjs is the server: it declares les/4 as 23 message ids where geth (and the spec's table) use 24, so it
 * drops wire id 0x10 + 0x17 — ResumeMsg — as outside every capability and disconnects. Only the server sends
 * ResumeMsg, so only ethereumjs can be the server of a session that has one.
 */

/** Flow control as the server announces it (les.md §Client Side Flow Control): buffer limit, recharge, costs. */
export const FLOW_CONTROL = {
  bufferLimit: 300_000_000,
  minRecharge: 50_000,
  /** code → [baseCost, reqCost]: MaxCost = baseCost + reqCost · items. */
  costs: new Map<number, [number, number]>([
    [0x02, [150_000, 30_000]],
    [0x04, [0, 700_000]],
    [0x06, [0, 1_000_000]],
    [0x0a, [0, 450_000]],
    [0x0f, [0, 600_000]],
    [0x11, [0, 1_000_000]],
    [0x13, [0, 450_000]],
    [0x14, [0, 250_000]],
  ]),
};

/** The buffer value a reply reports: the limit less the MaxCost of the request it answers (no recharge counted). */
function bufferAfter(code: number, items: number): number {
  const [base, perItem] = FLOW_CONTROL.costs.get(code)!;
  return FLOW_CONTROL.bufferLimit - base - perItem * items;
}

const hex = toHex;
const forkId = mainnetForkIdAt(CANCUN_PARENT.timestamp);

/** Both sides stand at block 19999999 (Cancun); the server then announces 20000000. */
export const CLIENT_STATUS: JsonObject = {
  message: 'Status',
  fields: {
    protocolVersion: 4,
    networkId: 1,
    headTd: MERGE_TOTAL_DIFFICULTY.toString(),
    headHash: hex(CANCUN_PARENT.hash),
    headNum: Number(CANCUN_PARENT.number),
    genesisHash: hex(MAINNET_GENESIS),
    forkID: { forkHash: hex(forkId.hash), forkNext: forkId.next },
    announceType: 1,
  },
};

/** The server's Status values as ethereumjs's sendStatus takes them (it appends announceType, version, network). */
export const SERVER_STATUS: Record<string, Input> = {
  headTd: MERGE_TOTAL_DIFFICULTY,
  headHash: CANCUN_PARENT.hash,
  headNum: CANCUN_PARENT.number,
  genesisHash: MAINNET_GENESIS,
  forkID: [forkId.hash, forkId.next],
  serveHeaders: new Uint8Array(0),
  serveChainSince: 0,
  serveStateSince: 0,
  recentTxLookup: 0,
  txRelay: new Uint8Array(0),
  'flowControl/BL': FLOW_CONTROL.bufferLimit,
  'flowControl/MRR': FLOW_CONTROL.minRecharge,
  'flowControl/MRC': [...FLOW_CONTROL.costs].map(([code, [base, perItem]]) => [code, base, perItem]),
};

/** The server Status fields the decoding must show (ethereumjs appends announceType 1 even as a server). */
export const SERVER_STATUS_FIELDS = {
  headTd: MERGE_TOTAL_DIFFICULTY.toString(),
  headHash: hex(CANCUN_PARENT.hash),
  headNum: Number(CANCUN_PARENT.number),
  forkID: { forkHash: hex(forkId.hash), forkNext: forkId.next },
  serveHeaders: null,
  txRelay: null,
  'flowControl/BL': FLOW_CONTROL.bufferLimit,
  'flowControl/MRR': FLOW_CONTROL.minRecharge,
  'flowControl/MRC': [...FLOW_CONTROL.costs].map(([msgCode, [baseCost, reqCost]]) => ({ msgCode, baseCost, reqCost })),
  protocolVersion: 4,
  networkId: 1,
};

export type LesStep =
  | { from: 'client'; json: JsonObject }
  | { from: 'server'; message: string; code: number; payload: Input; fields: Record<string, unknown> };

const request = (message: string, fields: JsonObject): LesStep => ({ from: 'client', json: { message, fields } });
const reply = (message: string, code: number, payload: Input, fields: Record<string, unknown>): LesStep => ({
  from: 'server',
  message,
  code,
  payload,
  fields,
});

const decoded = (rlp: Uint8Array) => RLP.decode(rlp) as Input;
/** Transactions 0 and 1 of block 14764013: the first is sent again, the second looked up. */
const sentTx = londonTransaction(0);
const lookedUpTx = londonTransaction(1);
/** A transaction hash the server has never seen. */
const unknownTx = keccak_256(new TextEncoder().encode('peerscope: a transaction nobody sent'));
/** CHT key: the block number as 8 big-endian bytes; sections of 32768 blocks (les.md §GetHelperTrieProofs). */
const chtKey = (() => {
  const key = new Uint8Array(8);
  new DataView(key.buffer).setBigUint64(0, LONDON_BLOCK.header.number);
  return key;
})();
/** geth's TxStatus element `[status, lookup, error]`, Included with its place in block 14764013. */
const included = (index: number): Input => [3, [LONDON_BLOCK.header.hash, LONDON_BLOCK.header.number, index], ''];

/** Everything after both Statuses, in the order it is sent; each message waits for the previous to arrive. */
export const LES_EXCHANGE: readonly LesStep[] = [
  reply('Announce', 0x01, [CANCUN_HEAD.hash, CANCUN_HEAD.number, MERGE_TOTAL_DIFFICULTY, 0, []], {
    headHash: hex(CANCUN_HEAD.hash),
    headNumber: Number(CANCUN_HEAD.number),
    reorgDepth: 0,
  }),
  request('GetBlockHeaders', { reqID: 1, block: hex(CANCUN_HEAD.hash), maxHeaders: 2, skip: 0, reverse: 1 }),
  reply('BlockHeaders', 0x03, [1, bufferAfter(0x02, 2), [decoded(CANCUN_HEAD.rlp), decoded(CANCUN_PARENT.rlp)]], {
    reqID: 1,
    BV: bufferAfter(0x02, 2),
    headers: [
      { hash: hex(CANCUN_HEAD.hash), number: Number(CANCUN_HEAD.number) },
      { hash: hex(CANCUN_PARENT.hash), number: Number(CANCUN_PARENT.number) },
    ],
  }),
  request('GetBlockHeaders', {
    reqID: 2,
    block: Number(LONDON_BLOCK.header.number),
    maxHeaders: 1,
    skip: 0,
    reverse: 0,
  }),
  reply('BlockHeaders', 0x03, [2, bufferAfter(0x02, 1), [decoded(LONDON_BLOCK.header.rlp)]], {
    reqID: 2,
    headers: [{ hash: hex(LONDON_BLOCK.header.hash) }],
  }),
  request('GetBlockBodies', { reqID: 3, hashes: [hex(LONDON_BLOCK.header.hash)] }),
  reply('BlockBodies', 0x05, [3, bufferAfter(0x04, 1), [decoded(LONDON_BLOCK.body)]], { reqID: 3 }),
  request('GetReceipts', { reqID: 4, hashes: [hex(LONDON_BLOCK.header.hash)] }),
  reply('Receipts', 0x07, [4, bufferAfter(0x06, 1), [decoded(LONDON_BLOCK.receipts)]], { reqID: 4 }),
  request('GetProofsV2', {
    reqID: 5,
    requests: [
      { blockhash: hex(MAINNET_CONTRACT.blockHash), key: hex(MAINNET_CONTRACT.addressHash), key2: '0x', fromLevel: 0 },
    ],
  }),
  reply('ProofsV2', 0x10, [5, bufferAfter(0x0f, 1), MAINNET_CONTRACT.accountProof.map(decoded)], {
    reqID: 5,
    nodes: MAINNET_CONTRACT.accountProof.map((node) => ({ hash: hex(keccak_256(node)) })),
  }),
  request('GetContractCodes', {
    reqID: 6,
    requests: [{ blockhash: hex(MAINNET_CONTRACT.blockHash), key: hex(MAINNET_CONTRACT.addressHash) }],
  }),
  reply('ContractCodes', 0x0b, [6, bufferAfter(0x0a, 1), [MAINNET_CONTRACT.code]], {
    reqID: 6,
    codes: [hex(MAINNET_CONTRACT.code)],
  }),
  request('GetHelperTrieProofs', {
    reqID: 7,
    requests: [{ subType: 0, sectionIdx: 450, key: hex(chtKey), fromLevel: 0, auxReq: 2 }],
  }),
  // No CHT survives LES: real storage-trie nodes stand in for the proof; the auxData is the header asked for.
  reply(
    'HelperTrieProofs',
    0x12,
    [7, bufferAfter(0x11, 1), [MAINNET_CONTRACT.storageProof.map(decoded), [LONDON_BLOCK.header.rlp]]],
    {
      reqID: 7,
      nodes: MAINNET_CONTRACT.storageProof.map((node) => ({ hash: hex(keccak_256(node)) })),
      auxData: [hex(LONDON_BLOCK.header.rlp)],
    },
  ),
  { from: 'client', json: composerJsonOf(les, 0x13, [8, [sentTx.input]]) },
  reply('TxStatus', 0x15, [8, bufferAfter(0x13, 1), [included(0)]], {
    reqID: 8,
    statuses: [{ status: 3, lookup: { blockHash: hex(LONDON_BLOCK.header.hash), index: 0 } }],
  }),
  request('GetTxStatus', { reqID: 9, hashes: [hex(lookedUpTx.hash), hex(unknownTx)] }),
  reply('TxStatus', 0x15, [9, bufferAfter(0x14, 2), [included(1), [0, [], '']]], {
    reqID: 9,
    statuses: [{ status: 3, lookup: { index: 1 } }, { status: 0 }],
  }),
  reply('StopMsg', 0x16, [], {}),
  // geth's ResumeMsg is the bare buffer value, not the spec's [BV] (specs/les.md §1).
  reply('ResumeMsg', 0x17, FLOW_CONTROL.bufferLimit, { BV: FLOW_CONTROL.bufferLimit }),
  request('GetBlockHeaders', { reqID: 10, block: Number(CANCUN_HEAD.number), maxHeaders: 1, skip: 0, reverse: 0 }),
  reply('BlockHeaders', 0x03, [10, bufferAfter(0x02, 1), [decoded(CANCUN_HEAD.rlp)]], {
    reqID: 10,
    headers: [{ hash: hex(CANCUN_HEAD.hash) }],
  }),
];

/** The transactions the exchange names, for the manifest. */
export const LES_TRANSACTIONS = { sent: hex(sentTx.hash), lookedUp: hex(lookedUpTx.hash), unknown: hex(unknownTx) };
