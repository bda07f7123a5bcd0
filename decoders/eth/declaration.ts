import { declareProtocol } from '../core/declaration';
import { capabilityMessages, type MessageEntry } from '../ethereum/capability/message-entries';
import * as bodies from './bodies';
import { ETH_MESSAGES } from './message-table';

/**
 * The Ethereum wire protocol (eth/66–eth/72) beside LES and ress in a Hello: every message named and paired by
 * `request-id`; Status, headers, bodies, transactions and receipts decoded with the shared Ethereum types.
 */

const SPEC = 'devp2p caps/eth.md';

const ENTRIES: Record<string, MessageEntry> = {
  Status: { body: bodies.status, summary: 'Handshake: network, genesis, fork id, head or block range' },
  NewBlockHashes: { body: bodies.newBlockHashes, summary: 'Announces new blocks by hash and number (until eth/68)' },
  Transactions: { body: bodies.transactionsMessage, summary: 'Transactions for the pool' },
  GetBlockHeaders: {
    body: bodies.getBlockHeaders,
    summary: 'Headers from a start block, skip apart',
    answeredBy: 'BlockHeaders',
  },
  BlockHeaders: { body: bodies.blockHeaders, summary: 'Headers' },
  GetBlockBodies: { body: bodies.getBlockBodies, summary: 'Bodies by block hash', answeredBy: 'BlockBodies' },
  BlockBodies: { body: bodies.blockBodies, summary: 'Block bodies' },
  NewBlock: { body: bodies.newBlock, summary: 'A whole block and its total difficulty (until eth/68)' },
  NewPooledTransactionHashes: {
    body: bodies.newPooledTransactionHashes,
    summary: 'Announces pool transactions by type, size, hash',
  },
  GetPooledTransactions: {
    body: bodies.getPooledTransactions,
    summary: 'Pool transactions by hash',
    answeredBy: 'PooledTransactions',
  },
  PooledTransactions: { body: bodies.pooledTransactions, summary: 'Pool transactions (blob sidecars included)' },
  GetNodeData: {
    body: bodies.getNodeData,
    summary: 'Trie nodes or code by hash (eth/66 only)',
    answeredBy: 'NodeData',
  },
  NodeData: { body: bodies.nodeData, summary: 'Trie nodes or code (eth/66 only)' },
  GetReceipts: { body: bodies.getReceipts, summary: 'Receipts by block hash', answeredBy: 'Receipts' },
  Receipts: { body: bodies.receipts, summary: 'Receipts per block' },
  BlockRangeUpdate: { body: bodies.blockRangeUpdate, summary: 'The block range the peer serves (eth/69)' },
  GetBlockAccessLists: {
    body: bodies.getBlockAccessLists,
    summary: 'Block access lists by block hash (eth/71)',
    answeredBy: 'BlockAccessLists',
  },
  BlockAccessLists: { body: bodies.blockAccessLists, summary: 'Block access lists (eth/71)' },
  GetCells: { body: bodies.getCells, summary: 'Blob cells of transactions (eth/72)', answeredBy: 'Cells' },
  Cells: { body: bodies.cells, summary: 'Blob cells (eth/72)' },
};

export const ethDeclaration = declareProtocol({
  name: 'eth',
  title: 'Ethereum wire protocol (eth)',
  spec: `${SPEC} (eth/66–eth/72)`,
  messages: capabilityMessages(SPEC, ETH_MESSAGES, ENTRIES),
});
