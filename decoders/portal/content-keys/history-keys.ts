import { ContainerType, NoneType, UnionType, type Type } from '@chainsafe/ssz';
import { Bytes32, uint16, uint64, uint8 } from '../wire-types';
import { blockNumberContentId, sha256ContentId } from './content-ids';
import type { ContentKeyKind, ContentType } from './content-key-kind';

/**
 * History content keys. The execution history network of 2025-07 (0x5000, history/history-network.md) keys by
 * block number; the legacy network (0x500B, legacy/history/history-network.md and its predecessors) keyed by block
 * hash, with a chain id until 2023-01 and no selector at all in the seed (specs/portal.md §5.1–5.2).
 */

const blockHash = new ContainerType({ block_hash: Bytes32 }, { typeName: 'BlockHashKey' });
const blockNumber = new ContainerType({ block_number: uint64 }, { typeName: 'BlockNumberKey' });
const chainAndHash = new ContainerType({ chain_id: uint16, block_hash: Bytes32 }, { typeName: 'ChainBlockHashKey' });

const SHA256 = 'sha256(content_key)';

function legacy(
  id: string,
  label: string,
  selector: number,
  type: Type<unknown>,
  content: ContentType,
  from: string,
  until?: string,
): ContentKeyKind {
  const kind: ContentKeyKind = {
    id: `legacy-history.${id}`,
    network: 'legacy-history',
    label,
    selector,
    type,
    from,
    idRule: SHA256,
    contentId: sha256ContentId,
    content,
  };
  if (until !== undefined) kind.until = until;
  return kind;
}

/** The seed's key had no selector: `Container(chain_id, content_type, block_hash)`, type 1 header, 2 body, 3 receipts. */
const SEED_CONTENT_TYPES: Readonly<Record<number, ContentType>> = {
  1: 'legacy-history.header',
  2: 'legacy-history.body',
  3: 'legacy-history.receipts',
};

const seedKey: ContentKeyKind = {
  id: 'legacy-history.seed_key',
  network: 'legacy-history',
  label: 'content key of the seed (chain id, content type, block hash)',
  selector: null,
  type: new ContainerType(
    { chain_id: uint16, content_type: uint8, block_hash: Bytes32 },
    { typeName: 'SeedHistoryKey' },
  ),
  from: '2021-10',
  until: '2021-12',
  idRule: SHA256,
  contentId: sha256ContentId,
  content: (value) => SEED_CONTENT_TYPES[Number(value.content_type)] ?? null,
  valid: (value) => Number(value.content_type) in SEED_CONTENT_TYPES,
};

/** The master accumulator key of 2022: `0x04 ‖ Union[None (latest), Bytes32 (by hash)]`. */
const masterAccumulator = new UnionType([new NoneType(), Bytes32], { typeName: 'MasterAccumulatorKey' });

export const LEGACY_HISTORY_KEYS: readonly ContentKeyKind[] = [
  seedKey,
  legacy('header_2021', 'block header', 0x01, chainAndHash, 'legacy-history.header', '2021-12', '2022-01'),
  legacy('body_2021', 'block body', 0x02, chainAndHash, 'legacy-history.body', '2021-12', '2022-01'),
  legacy('receipts_2021', 'receipts', 0x03, chainAndHash, 'legacy-history.receipts', '2021-12', '2022-01'),
  legacy('header_2022', 'block header', 0x00, chainAndHash, 'legacy-history.header', '2022-01', '2023-01'),
  legacy('body_2022', 'block body', 0x01, chainAndHash, 'legacy-history.body', '2022-01', '2023-01'),
  legacy('receipts_2022', 'receipts', 0x02, chainAndHash, 'legacy-history.receipts', '2022-01', '2023-01'),
  legacy(
    'epoch_accumulator',
    'epoch accumulator',
    0x03,
    new ContainerType({ epoch_hash: Bytes32 }, { typeName: 'EpochAccumulatorKey' }),
    'legacy-history.epoch-accumulator',
    '2022-07',
    '2024-01',
  ),
  {
    ...legacy(
      'master_accumulator',
      'master accumulator (latest, or by hash)',
      0x04,
      masterAccumulator,
      'legacy-history.master-accumulator',
      '2022-07',
      '2023-01',
    ),
    valueName: 'accumulator',
  },
  legacy('block_header_by_hash', 'block header by hash', 0x00, blockHash, 'legacy-history.header', '2023-01'),
  legacy('block_body', 'block body', 0x01, blockHash, 'legacy-history.body', '2023-01'),
  legacy('receipts', 'receipts', 0x02, blockHash, 'legacy-history.receipts', '2023-01'),
  legacy('block_header_by_number', 'block header by number', 0x03, blockNumber, 'legacy-history.header', '2024-09'),
  {
    ...legacy(
      'ephemeral_headers',
      'ephemeral headers (FindContent only)',
      0x04,
      new ContainerType({ block_hash: Bytes32, ancestor_count: uint8 }, { typeName: 'EphemeralHeadersKey' }),
      'legacy-history.ephemeral-headers',
      '2025-01',
    ),
    only: 'FindContent',
  },
  {
    ...legacy(
      'ephemeral_header',
      'ephemeral header (Offer only)',
      0x05,
      blockHash,
      'legacy-history.ephemeral-header',
      '2025-01',
    ),
    only: 'Offer',
  },
];

/** The current history network: content id from the block number (specs/portal.md §5.1). */
function byBlockNumber(id: string, label: string, selector: number, content: ContentType): ContentKeyKind {
  return {
    id: `history.${id}`,
    network: 'history',
    label,
    selector,
    type: blockNumber,
    from: '2025-07',
    idRule: 'cycle bits ‖ bit-reversed offset ‖ content type (history-network.md "Content id Derivation Function")',
    contentId: (_key, value) => blockNumberContentId(BigInt(value.block_number as number | bigint), selector),
    content,
  };
}

export const HISTORY_KEYS: readonly ContentKeyKind[] = [
  byBlockNumber('block_body', 'block body by number', 0x00, 'history.body'),
  byBlockNumber('receipts', 'receipts by number', 0x01, 'history.receipts'),
];
