import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../decoders/core/bytes';
import { eth, snap } from '../../decoders/eth';
import { ethDeclaration } from '../../decoders/eth/declaration';
import { snapDeclaration } from '../../decoders/eth/snap/declaration';
import {
  body,
  dynamicFeeTx,
  keccak,
  legacyTx,
  mainnetHeader,
  proofNodes,
  proofNodeInputs,
  receipts,
} from '../ethereum/support/chain-data';
import { checkMessageCase, type MessageCase } from '../ethereum/support/message-harness';

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const hashA = fill(32, 0xab);
const hashB = fill(32, 0xcd);
const GENESIS = fromHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');
const forkid: Input = [fromHex('9f3d2254'), 1746612311];
const payload = (input: Input) => RLP.encode(input);
const empty = new Uint8Array(0);

const ethCases: MessageCase[] = [
  {
    name: 'Status (eth/69): block range instead of TD',
    code: 0x00,
    payload: payload([69, 1, GENESIS, forkid, 0, 22_000_000, hashA]),
    message: 'Status',
    fields: { vsn: 69, networkid: 1, forkid: { forkHash: '0x9f3d2254', forkNext: 1746612311 }, latest: 22_000_000 },
  },
  {
    name: 'Status (eth/68)',
    code: 0x00,
    payload: payload([68, 1, 17n ** 20n, hashA, GENESIS, forkid]),
    message: 'Status',
    fields: { version: 68, td: String(17n ** 20n), genesis: toHex(GENESIS) },
    notes: [],
  },
  {
    name: 'NewBlockHashes',
    code: 0x01,
    payload: payload([[hashA, 100]]),
    message: 'NewBlockHashes',
    fields: { blocks: [{ blockhash: toHex(hashA), number: 100 }] },
    notes: ['eth.message.version'],
  },
  {
    name: 'Transactions',
    code: 0x02,
    payload: payload([legacyTx, dynamicFeeTx]),
    message: 'Transactions',
    requestId: null,
    fields: { transactions: [{ type: 0 }, { type: 2 }] },
  },
  {
    name: 'GetBlockHeaders by hash',
    code: 0x03,
    payload: payload([1, [hashA, 10, 0, 1]]),
    message: 'GetBlockHeaders',
    requestId: '1',
    fields: { 'request-id': 1, startblock: toHex(hashA), limit: 10, reverse: 1 },
  },
  {
    name: 'BlockHeaders',
    code: 0x04,
    payload: payload([1, [mainnetHeader.input]]),
    message: 'BlockHeaders',
    fields: { headers: [{ hash: mainnetHeader.hash }] },
  },
  {
    name: 'GetBlockBodies',
    code: 0x05,
    payload: payload([2, [hashA, hashB]]),
    message: 'GetBlockBodies',
    fields: { hashes: [toHex(hashA), toHex(hashB)] },
  },
  {
    name: 'BlockBodies',
    code: 0x06,
    payload: payload([2, [body]]),
    message: 'BlockBodies',
    fields: { bodies: [{ withdrawals: [{ index: 7 }] }] },
  },
  {
    name: 'NewBlock (until eth/68)',
    code: 0x07,
    payload: payload([[mainnetHeader.input, [legacyTx], []], 12345]),
    message: 'NewBlock',
    fields: { block: { header: { hash: mainnetHeader.hash }, transactions: [{ type: 0 }] }, td: 12345 },
    notes: ['eth.message.version'],
  },
  {
    name: 'NewPooledTransactionHashes (eth/72) with cell custody',
    code: 0x08,
    payload: payload([Uint8Array.of(2, 3), [100, 200], [hashA, hashB], fill(16, 0xff)]),
    message: 'NewPooledTransactionHashes',
    fields: { txtypes: '0x0203', txsizes: [100, 200], cells: toHex(fill(16, 0xff)) },
  },
  {
    name: 'NewPooledTransactionHashes (eth/68)',
    code: 0x08,
    payload: payload([Uint8Array.of(2), [100], [hashA]]),
    message: 'NewPooledTransactionHashes',
    fields: { txtypes: '0x02', txhashes: [toHex(hashA)] },
  },
  {
    name: 'NewPooledTransactionHashes (eth/65–67)',
    code: 0x08,
    payload: payload([hashA]),
    message: 'NewPooledTransactionHashes',
    fields: { txhashes: [toHex(hashA)] },
  },
  {
    name: 'GetPooledTransactions',
    code: 0x09,
    payload: payload([3, [hashA]]),
    message: 'GetPooledTransactions',
    fields: { txhashes: [toHex(hashA)] },
  },
  {
    name: 'PooledTransactions',
    code: 0x0a,
    payload: payload([3, [dynamicFeeTx]]),
    message: 'PooledTransactions',
    fields: { transactions: [{ type: 2, hash: toHex(keccak(dynamicFeeTx)) }] },
  },
  {
    name: 'GetNodeData (eth/66)',
    code: 0x0d,
    payload: payload([4, [hashA]]),
    message: 'GetNodeData',
    notes: ['eth.message.version'],
  },
  {
    name: 'NodeData (eth/66)',
    code: 0x0e,
    payload: payload([4, [proofNodes[0]!, Uint8Array.of(0x60)]]),
    message: 'NodeData',
    fields: { values: [toHex(proofNodes[0]!), '0x60'] },
    notes: ['eth.message.version'],
  },
  {
    name: 'GetReceipts (eth/70)',
    code: 0x0f,
    payload: payload([5, 3, [hashA]]),
    message: 'GetReceipts',
    fields: { firstBlockReceiptIndex: 3, hashes: [toHex(hashA)] },
  },
  {
    name: 'GetReceipts (eth/66–69)',
    code: 0x0f,
    payload: payload([5, [hashA]]),
    message: 'GetReceipts',
    fields: { hashes: [toHex(hashA)] },
  },
  {
    name: 'Receipts (eth/70)',
    code: 0x10,
    payload: payload([5, 1, [[[2, Uint8Array.of(1), 21000, []]]]]),
    message: 'Receipts',
    fields: { lastBlockIncomplete: 1, receipts: [[{ txType: 2, postStateOrStatus: '0x01' }]] },
  },
  {
    name: 'Receipts (eth/69)',
    code: 0x10,
    payload: payload([5, [[[0, Uint8Array.of(1), 21000, []]]]]),
    message: 'Receipts',
    fields: { receipts: [[{ txType: 0 }]] },
  },
  {
    name: 'Receipts (eth/66–68), consensus encoding',
    code: 0x10,
    payload: payload([5, [receipts]]),
    message: 'Receipts',
    fields: { receipts: [[{ type: 0 }, { type: 2 }]] },
  },
  {
    name: 'BlockRangeUpdate',
    code: 0x11,
    payload: payload([0, 22_000_000, hashA]),
    message: 'BlockRangeUpdate',
    fields: { earliest: 0, latestHash: toHex(hashA) },
  },
  {
    name: 'GetBlockAccessLists',
    code: 0x12,
    payload: payload([6, [hashA]]),
    message: 'GetBlockAccessLists',
    fields: { hashes: [toHex(hashA)] },
  },
  {
    name: 'BlockAccessLists',
    code: 0x13,
    payload: payload([6, [[[fill(20, 1), [], [], [], [], []]], empty]]),
    message: 'BlockAccessLists',
    fields: { bals: [[[toHex(fill(20, 1)), [], [], [], [], []]], '0x'] },
  },
  {
    name: 'GetCells',
    code: 0x14,
    payload: payload([7, [hashA], fill(16, 1)]),
    message: 'GetCells',
    fields: { cells: toHex(fill(16, 1)) },
  },
  {
    name: 'Cells',
    code: 0x15,
    payload: payload([7, [hashA], [[fill(2048, 9)]], fill(16, 1)]),
    message: 'Cells',
    fields: { txhashes: [toHex(hashA)] },
  },
];

const slimAccount = RLP.encode([1, 10n ** 18n, empty, empty]);
const snapCases: MessageCase[] = [
  {
    name: 'GetAccountRange',
    code: 0x00,
    payload: payload([1, hashA, fill(32, 0), fill(32, 0xff), 500_000]),
    message: 'GetAccountRange',
    requestId: '1',
    fields: { reqID: 1, rootHash: toHex(hashA), responseBytes: 500_000 },
  },
  {
    name: 'AccountRange with a proof',
    code: 0x01,
    payload: payload([1, [[hashB, slimAccount]], proofNodes.slice(0, 1)]),
    message: 'AccountRange',
    fields: { accounts: [{ accHash: toHex(hashB), accBody: toHex(slimAccount) }], proof: [{ kind: 'branch' }] },
  },
  {
    name: 'GetStorageRanges',
    code: 0x02,
    payload: payload([2, hashA, [hashB], empty, empty, 1000]),
    message: 'GetStorageRanges',
    fields: { accountHashes: [toHex(hashB)], startingHash: '0x' },
  },
  {
    name: 'StorageRanges',
    code: 0x03,
    payload: payload([2, [[[hashA, RLP.encode(42)]]], []]),
    message: 'StorageRanges',
    fields: { slots: [[{ slotHash: toHex(hashA), slotData: '0x2a' }]] },
  },
  {
    name: 'GetByteCodes',
    code: 0x04,
    payload: payload([3, [hashA], 50_000]),
    message: 'GetByteCodes',
    fields: { hashes: [toHex(hashA)], bytes: 50_000 },
  },
  {
    name: 'ByteCodes',
    code: 0x05,
    payload: payload([3, [Uint8Array.of(0x60, 0x80)]]),
    message: 'ByteCodes',
    fields: { codes: ['0x6080'] },
  },
  {
    name: 'GetTrieNodes (snap/1)',
    code: 0x06,
    payload: payload([4, hashA, [[Uint8Array.of(0x01)], [hashB, Uint8Array.of(0x02)]], 1000]),
    message: 'GetTrieNodes',
    notes: ['snap.message.version'],
  },
  {
    name: 'TrieNodes (snap/1)',
    code: 0x07,
    payload: payload([4, proofNodes]),
    message: 'TrieNodes',
    fields: { nodes: proofNodeInputs.map(() => expect.any(Object)) },
    notes: ['snap.message.version'],
  },
  {
    name: 'GetBlockAccessLists (snap/2)',
    code: 0x08,
    payload: payload([5, [hashA], 1000]),
    message: 'GetBlockAccessLists',
  },
  {
    name: 'BlockAccessLists (snap/2)',
    code: 0x09,
    payload: payload([5, [RLP.encode([]), empty]]),
    message: 'BlockAccessLists',
    fields: { bals: ['0xc0', '0x'] },
  },
];

describe('every eth message, built with @ethereumjs/rlp (decodeMessage at eth/72)', () => {
  it.each(ethCases)('$name', (c) => void checkMessageCase(eth, c));

  it('covers every declared message', () => {
    const covered = new Set(ethCases.map((c) => c.message));
    expect(ethDeclaration.messages.map((m) => m.name).filter((n) => !covered.has(n) && n !== 'UnknownMessage')).toEqual(
      [],
    );
  });

  it('flags an announcement whose lists disagree and a block range that runs backwards', () => {
    checkMessageCase(eth, {
      name: 'lengths',
      code: 8,
      payload: payload([Uint8Array.of(2, 2), [1], [hashA]]),
      message: 'NewPooledTransactionHashes',
      notes: ['eth.announcement.lengths'],
    });
    checkMessageCase(eth, {
      name: 'range',
      code: 0x11,
      payload: payload([10, 9, hashA]),
      message: 'BlockRangeUpdate',
      notes: ['eth.blockrange.order'],
    });
  });
});

describe('every snap message, built with @ethereumjs/rlp (decodeMessage at snap/2)', () => {
  it.each(snapCases)('$name', (c) => void checkMessageCase(snap, c));

  it('covers every declared message', () => {
    const covered = new Set(snapCases.map((c) => c.message));
    expect(
      snapDeclaration.messages.map((m) => m.name).filter((n) => !covered.has(n) && n !== 'UnknownMessage'),
    ).toEqual([]);
  });

  it('composes from minimal JSON', () => {
    const bytes = snap.encodeMessage({
      message: 'GetByteCodes',
      requestId: '3',
      fields: { hashes: [toHex(hashA)], bytes: 50000 },
    });
    expect(toHex(bytes)).toBe(toHex(concatBytes([Uint8Array.of(4), payload([3, [hashA], 50_000])])));
  });
});
