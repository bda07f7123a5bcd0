import {
  BitVectorType,
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListCompositeType,
  VectorCompositeType,
  type Type,
} from '@chainsafe/ssz';
import { Bytes32, uint256, uint64 } from '../wire-types';

/**
 * The beacon light-client objects the legacy beacon network carries (legacy/beacon-chain/beacon-network.md), as
 * the consensus specs define them per fork (altair/capella/deneb/electra light-client/sync-protocol.md). The
 * value's 4-byte fork digest says which fork's types apply.
 */

export type LightClientFork = 'altair' | 'capella' | 'deneb' | 'electra';

const Bytes20 = new ByteVectorType(20);
const Bytes48 = new ByteVectorType(48);
const Bytes96 = new ByteVectorType(96);
const branch = (depth: number) => new VectorCompositeType(Bytes32, depth);

const BeaconBlockHeader = new ContainerType(
  { slot: uint64, proposer_index: uint64, parent_root: Bytes32, state_root: Bytes32, body_root: Bytes32 },
  { typeName: 'BeaconBlockHeader' },
);
const SyncCommittee = new ContainerType(
  { pubkeys: new VectorCompositeType(Bytes48, 512), aggregate_pubkey: Bytes48 },
  { typeName: 'SyncCommittee' },
);
const SyncAggregate = new ContainerType(
  { sync_committee_bits: new BitVectorType(512), sync_committee_signature: Bytes96 },
  { typeName: 'SyncAggregate' },
);

const executionPayloadCapella = {
  parent_hash: Bytes32,
  fee_recipient: Bytes20,
  state_root: Bytes32,
  receipts_root: Bytes32,
  logs_bloom: new ByteVectorType(256),
  prev_randao: Bytes32,
  block_number: uint64,
  gas_limit: uint64,
  gas_used: uint64,
  timestamp: uint64,
  extra_data: new ByteListType(32),
  base_fee_per_gas: uint256,
  block_hash: Bytes32,
  transactions_root: Bytes32,
  withdrawals_root: Bytes32,
};
const ExecutionPayloadHeaderCapella = new ContainerType(executionPayloadCapella, {
  typeName: 'ExecutionPayloadHeader',
});
const ExecutionPayloadHeaderDeneb = new ContainerType(
  { ...executionPayloadCapella, blob_gas_used: uint64, excess_blob_gas: uint64 },
  { typeName: 'ExecutionPayloadHeader' },
);

/** floorlog2 of the generalized indices: Altair 105/54/55, Electra 169/86/87; execution payload 25. */
const BRANCH_DEPTHS: Record<LightClientFork, { finality: number; syncCommittee: number }> = {
  altair: { finality: 6, syncCommittee: 5 },
  capella: { finality: 6, syncCommittee: 5 },
  deneb: { finality: 6, syncCommittee: 5 },
  electra: { finality: 7, syncCommittee: 6 },
};
const EXECUTION_BRANCH_DEPTH = 4;
/** floorlog2 of the gindex of `historical_summaries` in BeaconState: 59 through Deneb, 91 from Electra. */
const HISTORICAL_SUMMARIES_PROOF_DEPTH: Record<LightClientFork, number> = {
  altair: 5,
  capella: 5,
  deneb: 5,
  electra: 6,
};

export interface LightClientTypes {
  bootstrap: Type<unknown>;
  update: Type<unknown>;
  finalityUpdate: Type<unknown>;
  optimisticUpdate: Type<unknown>;
  historicalSummaries: Type<unknown>;
}

function lightClientHeader(fork: LightClientFork): Type<unknown> {
  if (fork === 'altair') return new ContainerType({ beacon: BeaconBlockHeader }, { typeName: 'LightClientHeader' });
  return new ContainerType(
    {
      beacon: BeaconBlockHeader,
      execution: fork === 'capella' ? ExecutionPayloadHeaderCapella : ExecutionPayloadHeaderDeneb,
      execution_branch: branch(EXECUTION_BRANCH_DEPTH),
    },
    { typeName: 'LightClientHeader' },
  );
}

function typesOf(fork: LightClientFork): LightClientTypes {
  const header = lightClientHeader(fork);
  const depths = BRANCH_DEPTHS[fork];
  return {
    bootstrap: new ContainerType(
      {
        header,
        current_sync_committee: SyncCommittee,
        current_sync_committee_branch: branch(depths.syncCommittee),
      },
      { typeName: 'LightClientBootstrap' },
    ),
    update: new ContainerType(
      {
        attested_header: header,
        next_sync_committee: SyncCommittee,
        next_sync_committee_branch: branch(depths.syncCommittee),
        finalized_header: header,
        finality_branch: branch(depths.finality),
        sync_aggregate: SyncAggregate,
        signature_slot: uint64,
      },
      { typeName: 'LightClientUpdate' },
    ),
    finalityUpdate: new ContainerType(
      {
        attested_header: header,
        finalized_header: header,
        finality_branch: branch(depths.finality),
        sync_aggregate: SyncAggregate,
        signature_slot: uint64,
      },
      { typeName: 'LightClientFinalityUpdate' },
    ),
    optimisticUpdate: new ContainerType(
      { attested_header: header, sync_aggregate: SyncAggregate, signature_slot: uint64 },
      { typeName: 'LightClientOptimisticUpdate' },
    ),
    historicalSummaries: new ContainerType(
      {
        epoch: uint64,
        historical_summaries: new ListCompositeType(
          new ContainerType(
            { block_summary_root: Bytes32, state_summary_root: Bytes32 },
            { typeName: 'HistoricalSummary' },
          ),
          2 ** 24,
        ),
        proof: branch(HISTORICAL_SUMMARIES_PROOF_DEPTH[fork]),
      },
      { typeName: 'HistoricalSummariesWithProof' },
    ),
  };
}

const TYPES: Record<LightClientFork, LightClientTypes> = {
  altair: typesOf('altair'),
  capella: typesOf('capella'),
  deneb: typesOf('deneb'),
  electra: typesOf('electra'),
};

export function lightClientTypes(fork: LightClientFork): LightClientTypes {
  return TYPES[fork];
}

/** ForkData (phase0 beacon-chain.md): its hash tree root's first 4 bytes are the fork digest (before Fulu). */
const ForkData = new ContainerType({ current_version: new ByteVectorType(4), genesis_validators_root: Bytes32 });

/** Mainnet's genesis validators root. */
const MAINNET_GENESIS_VALIDATORS_ROOT = '4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95';

/** Mainnet fork versions (configs/mainnet.yaml); Bellatrix keeps Altair's light-client types. */
const MAINNET_FORKS: readonly [version: number, name: string, types: LightClientFork][] = [
  [0x01, 'altair', 'altair'],
  [0x02, 'bellatrix', 'altair'],
  [0x03, 'capella', 'capella'],
  [0x04, 'deneb', 'deneb'],
  [0x05, 'electra', 'electra'],
];

export interface ForkOfDigest {
  name: string;
  types: LightClientFork;
  chain: string;
}

function digestTable(): Map<string, ForkOfDigest> {
  const root = Uint8Array.from(MAINNET_GENESIS_VALIDATORS_ROOT.match(/../g)!.map((h) => parseInt(h, 16)));
  const out = new Map<string, ForkOfDigest>();
  for (const [version, name, types] of MAINNET_FORKS) {
    const dataRoot = ForkData.hashTreeRoot({
      current_version: Uint8Array.of(version, 0, 0, 0),
      genesis_validators_root: root,
    });
    out.set(digestKey(dataRoot), { name, types, chain: 'mainnet' });
  }
  return out;
}

let digests: Map<string, ForkOfDigest> | null = null;

/** The fork a 4-byte digest names (mainnet, Altair through Electra; Fulu's digests mix in the blob schedule). */
export function forkOfDigest(digest: Uint8Array): ForkOfDigest | undefined {
  digests ??= digestTable();
  return digests.get(digestKey(digest));
}

function digestKey(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
