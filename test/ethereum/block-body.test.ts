import { RLP } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { blockBody } from '../../decoders/ethereum/block-body';
import {
  checkBodyAgainstHeader,
  checkReceiptsAgainstHeader,
  commitmentsOf,
} from '../../decoders/ethereum/block-checks';
import { blockHeader } from '../../decoders/ethereum/header';
import { blockReceipts } from '../../decoders/ethereum/receipt';
import { EMPTY_TRIE_ROOT, orderedTrieRoot } from '../../decoders/ethereum/trie-root';
import { coverageProblems } from '../support/field-coverage';
import { mainnetBlock14764013 } from './support/vectors';

const block = mainnetBlock14764013();
const header = commitmentsOf(decodeAll(blockHeader, block.header, 'header').field)!;

describe('block body of mainnet block 14764013', () => {
  const { field, complete } = decodeAll(blockBody, block.body, 'body');

  it('decodes every transaction with its type, covers every byte and re-encodes', () => {
    expect(complete).toBe(true);
    expect(collectNotes(field)).toEqual([]);
    expect(coverageProblems(field, block.body.length)).toEqual([]);
    const json = fieldJson(field) as {
      transactions: { type: number; hash: string }[];
      ommers: { number: number; fork: string }[];
    };
    expect(json.transactions.length).toBeGreaterThan(10);
    expect(new Set(json.transactions.map((t) => t.type))).toEqual(new Set([0, 2]));
    // A pre-merge block with one uncle, itself a London header.
    expect(json.ommers).toMatchObject([{ fork: 'London–Paris' }]);
    expect(json.ommers[0]!.number).toBeLessThan(14764013);
    expect(encodeValue(blockBody, fieldJson(field))).toEqual(block.body);
  });

  it('matches the header: transactions root and ommers hash', () => {
    expect(checkBodyAgainstHeader(field, header, block.body)).toEqual([]);
  });

  it('keeps clean transactions undecoded until read: the root check needs only their bytes', () => {
    const { field: body } = decodeAll(blockBody, block.body, 'body');
    const transactions = body.children!.find((c) => c.name === 'transactions')!.children!.slice(1);
    expect(checkBodyAgainstHeader(body, header, block.body)).toEqual([]);
    expect(collectNotes(body)).toEqual([]);
    expect(transactions.every((tx) => tx.unbuilt)).toBe(true);
  });

  it('decodes a transaction with a note at once, so the note is seen', () => {
    const [txs, ommers] = RLP.decode(block.body) as [Uint8Array[], Uint8Array[]];
    const legacy = [1, 2, 3, new Uint8Array(20), 0, new Uint8Array(0), 5, 1, 1].map((v) =>
      typeof v === 'number' ? (v === 0 ? new Uint8Array(0) : Uint8Array.of(v)) : v,
    );
    const withBadV = RLP.encode([[...txs.slice(0, 2), legacy], ommers]);
    const decoded = decodeAll(blockBody, withBadV, 'body').field;
    expect(collectNotes(decoded)).toMatchObject([{ kind: 'ethereum.tx.v', field: 'transactions.2.v' }]);
  });

  it('reports a body that is not the header’s: a transaction missing changes the root', () => {
    const [txs, ommers] = RLP.decode(block.body) as [Uint8Array[], Uint8Array[]];
    const shorter = RLP.encode([txs.slice(1), ommers]);
    const decoded = decodeAll(blockBody, shorter, 'body').field;
    const mismatches = checkBodyAgainstHeader(decoded, header, shorter);
    expect(mismatches.map((m) => m.what)).toEqual(['transactions root']);
    expect(mismatches[0]!.expected).toBe(header.transactionsRoot);
  });

  it('flags withdrawals in a body whose header predates Shanghai', () => {
    const [txs, ommers] = RLP.decode(block.body) as [Uint8Array[], Uint8Array[]];
    const withWithdrawals = RLP.encode([txs, ommers, []]);
    const decoded = decodeAll(blockBody, withWithdrawals, 'body').field;
    expect(checkBodyAgainstHeader(decoded, header, withWithdrawals).map((m) => m.what)).toEqual(['withdrawals']);
  });
});

describe('receipts of mainnet block 14764013', () => {
  it('decode per type (legacy lists and typed strings) and their root is the header’s receiptsRoot', () => {
    const { field, complete } = decodeAll(blockReceipts, block.receipts, 'receipts');
    expect(complete).toBe(true);
    expect(coverageProblems(field, block.receipts.length)).toEqual([]);
    expect(checkReceiptsAgainstHeader(field, header, block.receipts)).toBeNull();
    expect(encodeValue(blockReceipts, fieldJson(field))).toEqual(block.receipts);
    const first = (fieldJson(field) as { postStateOrStatus: string; logs: unknown[] }[])[0]!;
    expect(first.postStateOrStatus).toBe('0x01');
  });
});

describe('ordered trie root', () => {
  it('of nothing is keccak256(rlp(""))', () => {
    expect(toHex(orderedTrieRoot([]))).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
    expect(toHex(EMPTY_TRIE_ROOT)).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
  });
});
