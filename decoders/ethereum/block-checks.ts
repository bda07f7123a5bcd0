import { bytesEqual, fromHex, toHex } from '../core/bytes';
import type { Field } from '../core/field';
import { childNamed, hexOf, itemContent, spanOf, specChildren } from './field-values';
import { keccak256 } from './keccak';
import { orderedTrieRoot } from './trie-root';

/**
 * Checks of a block body or receipt list against the header it belongs to (devp2p caps/eth.md: transactions
 * against `txs-root`, withdrawals against `withdrawals-root`, `keccak256(ommers)` against `ommers-hash`, receipts
 * against `receipts-root`). The roots are computed from the decoded items' bytes: an ordered trie per list.
 */

/** The commitments of a header that a body or receipts can be checked against. */
export interface HeaderCommitments {
  hash: string;
  number: string;
  parentHash: string | null;
  stateRoot: string | null;
  transactionsRoot: string;
  ommersHash: string;
  receiptsRoot: string;
  withdrawalsRoot: string | null;
}

export function commitmentsOf(header: Field): HeaderCommitments | null {
  const get = (name: string) => hexOf(childNamed(header, name));
  const hash = get('hash');
  const transactionsRoot = get('transactionsRoot');
  const ommersHash = get('ommersHash');
  const receiptsRoot = get('receiptsRoot');
  if (!hash || !transactionsRoot || !ommersHash || !receiptsRoot) return null;
  return {
    hash,
    number: String(childNamed(header, 'number')?.value ?? '?'),
    parentHash: get('parentHash'),
    stateRoot: get('stateRoot'),
    transactionsRoot,
    ommersHash,
    receiptsRoot,
    withdrawalsRoot: get('withdrawalsRoot'),
  };
}

function listRoot(list: Field | undefined, bytes: Uint8Array): Uint8Array | null {
  if (!list) return null;
  const items: Uint8Array[] = [];
  for (const item of specChildren(list)) {
    // A typed item's consensus bytes are its string payload; a legacy item's its whole list.
    const encoded = itemContent(item, bytes);
    if (!encoded) return null;
    items.push(encoded);
  }
  return orderedTrieRoot(items);
}

export interface Mismatch {
  field: Field;
  what: string;
  computed: string;
  expected: string;
}

/** Compares a decoded body with the header's roots; returns the fields that disagree. */
export function checkBodyAgainstHeader(body: Field, header: HeaderCommitments, bytes: Uint8Array): Mismatch[] {
  const out: Mismatch[] = [];
  const compare = (field: Field | undefined, computed: Uint8Array | null, expected: string | null, what: string) => {
    if (!field || !computed || expected === null) return;
    if (!bytesEqual(computed, fromHex(expected))) out.push({ field, what, computed: toHex(computed), expected });
  };
  const transactions = childNamed(body, 'transactions');
  compare(transactions, listRoot(transactions, bytes), header.transactionsRoot, 'transactions root');
  const ommers = childNamed(body, 'ommers');
  const ommersSpan = ommers ? spanOf(ommers, bytes) : null;
  compare(ommers, ommersSpan && keccak256(ommersSpan), header.ommersHash, 'ommers hash');
  const withdrawals = childNamed(body, 'withdrawals');
  if (withdrawals || header.withdrawalsRoot !== null) {
    if (!withdrawals || header.withdrawalsRoot === null) {
      out.push({
        field: withdrawals ?? body,
        what: 'withdrawals',
        computed: withdrawals ? 'present' : 'absent',
        expected: header.withdrawalsRoot === null ? 'absent (pre-Shanghai header)' : 'present (Shanghai header)',
      });
    } else compare(withdrawals, listRoot(withdrawals, bytes), header.withdrawalsRoot, 'withdrawals root');
  }
  return out;
}

/** The receipts root of one block's receipt list (consensus encoding), compared with the header's. */
export function checkReceiptsAgainstHeader(
  receipts: Field,
  header: HeaderCommitments,
  bytes: Uint8Array,
): Mismatch | null {
  const computed = listRoot(receipts, bytes);
  if (!computed || bytesEqual(computed, fromHex(header.receiptsRoot))) return null;
  return { field: receipts, what: 'receipts root', computed: toHex(computed), expected: header.receiptsRoot };
}
