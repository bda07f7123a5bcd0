import type { CapabilityMessageInfo } from '../ethereum/capability/message-entries';

/**
 * The eth messages by code (devp2p caps/eth.md): the version that added each and the last that has it. eth/66
 * added the request id; eth/67 dropped GetNodeData/NodeData; eth/69 dropped NewBlockHashes/NewBlock and added
 * BlockRangeUpdate; eth/71 added the block access list messages; eth/72 the cell messages.
 */
export const ETH_MESSAGES: readonly CapabilityMessageInfo[] = [
  { code: 0x00, name: 'Status', since: 62 },
  { code: 0x01, name: 'NewBlockHashes', since: 62, until: 68 },
  { code: 0x02, name: 'Transactions', since: 62 },
  { code: 0x03, name: 'GetBlockHeaders', since: 62 },
  { code: 0x04, name: 'BlockHeaders', since: 62 },
  { code: 0x05, name: 'GetBlockBodies', since: 62 },
  { code: 0x06, name: 'BlockBodies', since: 62 },
  { code: 0x07, name: 'NewBlock', since: 62, until: 68 },
  { code: 0x08, name: 'NewPooledTransactionHashes', since: 65 },
  { code: 0x09, name: 'GetPooledTransactions', since: 65 },
  { code: 0x0a, name: 'PooledTransactions', since: 65 },
  { code: 0x0d, name: 'GetNodeData', since: 63, until: 66 },
  { code: 0x0e, name: 'NodeData', since: 63, until: 66 },
  { code: 0x0f, name: 'GetReceipts', since: 63 },
  { code: 0x10, name: 'Receipts', since: 63 },
  { code: 0x11, name: 'BlockRangeUpdate', since: 69 },
  { code: 0x12, name: 'GetBlockAccessLists', since: 71 },
  { code: 0x13, name: 'BlockAccessLists', since: 71 },
  { code: 0x14, name: 'GetCells', since: 72 },
  { code: 0x15, name: 'Cells', since: 72 },
];

export const ETH_LATEST_VERSION = 72;

/**
 * Message ids eth/N takes in RLPx offset assignment (specs/rlpx.md §capability offsets: geth's protocolLengths).
 * The payload shapes decoded here are those of eth/66 and later (request ids); eth/62–65 only get their length.
 */
export function ethLength(version: number): number | undefined {
  if (version === 62) return 8;
  if (version >= 63 && version <= 68) return 17;
  return { 69: 18, 70: 18, 71: 20, 72: 22 }[version];
}

export const SNAP_MESSAGES: readonly CapabilityMessageInfo[] = [
  { code: 0x00, name: 'GetAccountRange', since: 1 },
  { code: 0x01, name: 'AccountRange', since: 1 },
  { code: 0x02, name: 'GetStorageRanges', since: 1 },
  { code: 0x03, name: 'StorageRanges', since: 1 },
  { code: 0x04, name: 'GetByteCodes', since: 1 },
  { code: 0x05, name: 'ByteCodes', since: 1 },
  { code: 0x06, name: 'GetTrieNodes', since: 1, until: 1 },
  { code: 0x07, name: 'TrieNodes', since: 1, until: 1 },
  { code: 0x08, name: 'GetBlockAccessLists', since: 2 },
  { code: 0x09, name: 'BlockAccessLists', since: 2 },
];

export const SNAP_LATEST_VERSION = 2;

/** snap/1 takes 8 ids, snap/2 10 (geth; specs/rlpx.md). */
export function snapLength(version: number): number | undefined {
  return { 1: 8, 2: 10 }[version];
}
