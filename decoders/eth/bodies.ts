import { rlpBytes, rlpItem, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { annotated } from '../ethereum/annotated-codec';
import { bigintOf, childNamed, specChildren } from '../ethereum/field-values';
import { ETH_NOTES } from './note-kinds';
import { blockHeader } from '../ethereum/header';
import { hashList, ommers, transactions, withdrawal } from '../ethereum/block-body';
import { blockBody } from '../ethereum/block-body';
import { forkId } from '../ethereum/fork-id';
import { hashOrNumber } from '../ethereum/hash-or-number';
import { blockReceipts, eth69Receipt } from '../ethereum/receipt';
import { flattenedStruct, payloadAsField, rlpBytesHolding } from '../ethereum/rlp-wrappers';
import { trieNode } from '../ethereum/trie-node';
import { versionedShapes } from './versioned-shapes';

/**
 * The eth payloads (devp2p caps/eth.md §Protocol Messages), eth/66 and later: requests and responses start with
 * `request-id`. Member names follow the spec; lists it leaves unnamed get the name of what they hold.
 */

const requestId = { name: 'request-id', codec: rlpUint(64) };
const u64 = rlpUint(64);
const hash32 = rlpBytes(32);

const withId = (typeName: string, name: string, codec: Codec) => rlpStruct(typeName, [requestId, { name, codec }]);

export const status = versionedShapes(
  'Status',
  [
    {
      form: 'eth/69',
      since: 69,
      display: '[vsn, networkid, genesis, forkid, earliest, latest, latestHash] (EIP-7642)',
      codec: annotated(
        rlpStruct('Status69', [
          { name: 'vsn', codec: u64 },
          { name: 'networkid', codec: u64 },
          { name: 'genesis', codec: hash32 },
          { name: 'forkid', codec: forkId },
          { name: 'earliest', codec: u64 },
          { name: 'latest', codec: u64 },
          { name: 'latestHash', codec: hash32 },
        ]),
        checkRange,
      ),
    },
    {
      form: 'eth/64',
      since: 64,
      until: 68,
      display: '[version, networkid, td, blockhash, genesis, forkid] (EIP-2364)',
      codec: rlpStruct('Status64', [
        { name: 'version', codec: u64 },
        { name: 'networkid', codec: u64 },
        { name: 'td', codec: rlpUint(256) },
        { name: 'blockhash', codec: hash32 },
        { name: 'genesis', codec: hash32 },
        { name: 'forkid', codec: forkId },
      ]),
    },
  ],
  (v) => ('td' in v ? 'eth/64' : 'eth/69'),
);

export const newBlockHashes = payloadAsField(
  'blocks',
  rlpListOf(
    rlpStruct('BlockHashNumber', [
      { name: 'blockhash', codec: hash32 },
      { name: 'number', codec: u64 },
    ]),
    'NewBlockHashes',
  ),
);

export const transactionsMessage = payloadAsField('transactions', transactions);

export const getBlockHeaders = flattenedStruct('GetBlockHeaders', [
  requestId,
  {
    inner: 'query',
    members: [
      { name: 'startblock', codec: hashOrNumber },
      { name: 'limit', codec: u64 },
      { name: 'skip', codec: u64 },
      { name: 'reverse', codec: rlpUint(8) },
    ],
  },
]);
export const blockHeaders = withId('BlockHeaders', 'headers', rlpListOf(blockHeader, 'Headers'));
export const getBlockBodies = withId('GetBlockBodies', 'hashes', hashList);
export const blockBodies = withId('BlockBodies', 'bodies', rlpListOf(blockBody, 'BlockBodies'));

/** NewBlock (≤ eth/68): `[block, td]`, block = `[header, transactions, ommers(, withdrawals)]`. */
export const newBlock = rlpStruct('NewBlock', [
  {
    name: 'block',
    codec: rlpStruct('Block', [
      { name: 'header', codec: blockHeader },
      { name: 'transactions', codec: transactions },
      { name: 'ommers', codec: ommers },
      { name: 'withdrawals', codec: rlpListOf(withdrawal, 'Withdrawals'), optional: true },
    ]),
  },
  { name: 'td', codec: rlpUint(256) },
]);

/** eth/68: "All three payload elements must contain an equal number of items." */
function checkAnnouncement(field: Field): void {
  const types = childNamed(field, 'txtypes');
  const count = typeof types?.value === 'string' ? (types.value.length - 2) / 2 : 0;
  const sizes = specChildren(childNamed(field, 'txsizes')).length;
  const hashes = specChildren(childNamed(field, 'txhashes')).length;
  if (count !== sizes || sizes !== hashes) {
    addNote(
      field,
      'error',
      ETH_NOTES.announcementLengths,
      `${count} types, ${sizes} sizes, ${hashes} hashes: the counts must agree`,
    );
  }
}

/** caps/eth.md §BlockRangeUpdate: "If earliest > latest, the peer should be disconnected." */
function checkRange(field: Field): void {
  const earliest = bigintOf(childNamed(field, 'earliest'));
  const latest = bigintOf(childNamed(field, 'latest'));
  if (earliest !== null && latest !== null && earliest > latest) {
    addNote(
      field,
      'warning',
      ETH_NOTES.blockRange,
      `earliest ${earliest} > latest ${latest}: the peer should be disconnected`,
    );
  }
}

const announcement68 = [
  { name: 'txtypes', codec: rlpBytes() },
  { name: 'txsizes', codec: rlpListOf(u64, 'Sizes') },
  { name: 'txhashes', codec: hashList },
];
export const newPooledTransactionHashes = versionedShapes(
  'NewPooledTransactionHashes',
  [
    {
      form: 'eth/72',
      since: 72,
      display: '[txtypes, [txsize…], [txhash…], cells] (EIP-8070)',
      codec: annotated(
        rlpStruct('Announcement72', [...announcement68, { name: 'cells', codec: rlpBytes(16) }]),
        checkAnnouncement,
      ),
    },
    {
      form: 'eth/68',
      since: 68,
      until: 71,
      display: '[txtypes, [txsize…], [txhash…]] (EIP-5793)',
      codec: annotated(rlpStruct('Announcement68', announcement68), checkAnnouncement),
    },
    { form: 'eth/65', since: 65, until: 67, display: '[txhash…]', codec: payloadAsField('txhashes', hashList) },
  ],
  (v) => ('cells' in v ? 'eth/72' : 'txtypes' in v ? 'eth/68' : 'eth/65'),
);

export const getPooledTransactions = withId('GetPooledTransactions', 'txhashes', hashList);
export const pooledTransactions = withId('PooledTransactions', 'transactions', transactions);
export const getNodeData = withId('GetNodeData', 'hashes', hashList);
/** NodeData values are trie nodes or contract code: read as a node when they are one. */
export const nodeData = withId('NodeData', 'values', rlpListOf(rlpBytesHolding(trieNode, 'node'), 'Values'));

export const getReceipts = versionedShapes(
  'GetReceipts',
  [
    {
      form: 'eth/70',
      since: 70,
      display: '[request-id, firstBlockReceiptIndex, [blockhash…]] (EIP-7975)',
      codec: rlpStruct('GetReceipts70', [
        requestId,
        { name: 'firstBlockReceiptIndex', codec: u64 },
        { name: 'hashes', codec: hashList },
      ]),
    },
    {
      form: 'eth/66',
      since: 66,
      until: 69,
      display: '[request-id, [blockhash…]]',
      codec: withId('GetReceipts', 'hashes', hashList),
    },
  ],
  (v) => ('firstBlockReceiptIndex' in v ? 'eth/70' : 'eth/66'),
);

const receipts69 = rlpListOf(rlpListOf(eth69Receipt, 'BlockReceipts69'), 'Receipts');
export const receipts = versionedShapes(
  'Receipts',
  [
    {
      form: 'eth/70',
      since: 70,
      display: '[request-id, lastBlockIncomplete, [[receipt…]…]] (EIP-7975)',
      codec: rlpStruct('Receipts70', [
        requestId,
        { name: 'lastBlockIncomplete', codec: rlpUint(8) },
        { name: 'receipts', codec: receipts69 },
      ]),
    },
    {
      form: 'eth/69',
      since: 69,
      until: 69,
      display: '[request-id, [[receipt…]…]] without blooms (EIP-7642)',
      codec: withId('Receipts69', 'receipts', receipts69),
    },
    {
      form: 'eth/66',
      since: 66,
      until: 68,
      display: '[request-id, [[receipt…]…]] in consensus encoding',
      codec: withId('Receipts', 'receipts', rlpListOf(blockReceipts, 'Receipts')),
    },
  ],
  (v) => {
    if ('lastBlockIncomplete' in v) return 'eth/70';
    const first = Array.isArray(v.receipts) ? (v.receipts as unknown[][]).flat()[0] : undefined;
    return typeof first === 'object' && first !== null && 'txType' in first ? 'eth/69' : 'eth/66';
  },
);

export const blockRangeUpdate = annotated(
  rlpStruct('BlockRangeUpdate', [
    { name: 'earliest', codec: u64 },
    { name: 'latest', codec: u64 },
    { name: 'latestHash', codec: hash32 },
  ]),
  checkRange,
);

export const getBlockAccessLists = withId('GetBlockAccessLists', 'hashes', hashList);
/** Block access lists (EIP-7928) as generic RLP; `0x80` for a block whose list is unavailable. */
export const blockAccessLists = withId('BlockAccessLists', 'bals', rlpListOf(rlpItem, 'BlockAccessLists'));

export const getCells = rlpStruct('GetCells', [
  requestId,
  { name: 'txhashes', codec: hashList },
  { name: 'cells', codec: rlpBytes(16) },
]);
export const cells = rlpStruct('Cells', [
  requestId,
  { name: 'txhashes', codec: hashList },
  { name: 'groups', codec: rlpListOf(rlpListOf(rlpBytes(2048), 'Cells'), 'CellGroups') },
  { name: 'cells', codec: rlpBytes(16) },
]);
