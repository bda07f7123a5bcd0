import { declareProtocol } from '../../core/declaration';
import { capabilityMessages, type MessageEntry } from '../../ethereum/capability/message-entries';
import { SNAP_MESSAGES } from '../message-table';
import * as bodies from './bodies';

/** The snapshot protocol (snap/1, snap/2) beside eth in a Hello: every message named and paired by `reqID`. */

const SPEC = 'devp2p caps/snap.md';

const ENTRIES: Record<string, MessageEntry> = {
  GetAccountRange: {
    body: bodies.getAccountRange,
    summary: 'Accounts of a state root in a hash range',
    answeredBy: 'AccountRange',
  },
  AccountRange: { body: bodies.accountRange, summary: 'Accounts with the range proof' },
  GetStorageRanges: {
    body: bodies.getStorageRanges,
    summary: 'Storage slots of accounts in a hash range',
    answeredBy: 'StorageRanges',
  },
  StorageRanges: { body: bodies.storageRanges, summary: 'Storage slots with the range proof' },
  GetByteCodes: { body: bodies.getByteCodes, summary: 'Contract codes by hash', answeredBy: 'ByteCodes' },
  ByteCodes: { body: bodies.byteCodes, summary: 'Contract codes, each with its keccak256' },
  GetTrieNodes: { body: bodies.getTrieNodes, summary: 'Trie nodes by path (snap/1)', answeredBy: 'TrieNodes' },
  TrieNodes: { body: bodies.trieNodes, summary: 'Trie nodes (snap/1)' },
  GetBlockAccessLists: {
    body: bodies.getBlockAccessLists,
    summary: 'Block access lists by block hash (snap/2)',
    answeredBy: 'BlockAccessLists',
  },
  BlockAccessLists: { body: bodies.blockAccessLists, summary: 'Block access lists (snap/2)' },
};

export const snapDeclaration = declareProtocol({
  name: 'snap',
  title: 'Ethereum snapshot protocol (snap)',
  spec: `${SPEC} (snap/1, snap/2)`,
  messages: capabilityMessages(SPEC, SNAP_MESSAGES, ENTRIES),
});
