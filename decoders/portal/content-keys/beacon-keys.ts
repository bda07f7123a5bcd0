import { ContainerType } from '@chainsafe/ssz';
import { Bytes32, uint64 } from '../wire-types';
import { sha256ContentId } from './content-ids';
import type { ContentKeyKind, ContentType } from './content-key-kind';

/**
 * Beacon light-client network keys (legacy/beacon-chain/beacon-network.md, selectors 0x10–0x14 since 2023-09;
 * specs/portal.md §5.4), and the canonical transaction index key (0x500D,
 * legacy/canonical-transaction-index/canonical-transaction-index-network.md). Both use sha256(key).
 */

function key(
  id: string,
  label: string,
  selector: number,
  fields: Record<string, unknown>,
  content: ContentType,
): ContentKeyKind {
  return {
    id: `beacon.${id}`,
    network: 'beacon',
    label,
    selector,
    type: new ContainerType(fields as never, { typeName: `${id}_key` }),
    from: '2023-09',
    idRule: 'sha256(content_key)',
    contentId: sha256ContentId,
    content,
  };
}

export const BEACON_KEYS: readonly ContentKeyKind[] = [
  key('light_client_bootstrap', 'light client bootstrap', 0x10, { block_hash: Bytes32 }, 'beacon.bootstrap'),
  key(
    'light_client_updates_by_range',
    'light client updates by range',
    0x11,
    { start_period: uint64, count: uint64 },
    'beacon.updates-by-range',
  ),
  key(
    'light_client_finality_update',
    'light client finality update',
    0x12,
    { finalized_slot: uint64 },
    'beacon.finality-update',
  ),
  key(
    'light_client_optimistic_update',
    'light client optimistic update',
    0x13,
    { optimistic_slot: uint64 },
    'beacon.optimistic-update',
  ),
  key(
    'historical_summaries',
    'historical summaries with proof',
    0x14,
    { epoch: uint64 },
    'beacon.historical-summaries',
  ),
];

export const TRANSACTION_INDEX_KEYS: readonly ContentKeyKind[] = [
  {
    id: 'canonical-transaction-index.transaction_index',
    network: 'canonical-transaction-index',
    label: 'transaction by hash',
    selector: 0x00,
    type: new ContainerType({ 'transaction-hash': Bytes32 }, { typeName: 'TransactionIndexKey' }),
    from: '2022-09',
    idRule: 'sha256(content_key)',
    contentId: sha256ContentId,
    content: 'transaction-index',
  },
];
