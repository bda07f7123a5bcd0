import {
  BitListType,
  BitVectorType,
  BooleanType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  VectorBasicType,
  VectorCompositeType,
  type CompositeType,
  type CompositeTypeAny,
  type CompositeView,
  type CompositeViewDU,
  type Type,
  type ValueOf,
} from '@chainsafe/ssz';

/**
 * The beacon-chain containers of the Hobbits era: eth2.0-specs v0.8.1 (July 2019, the version the Hobbits spec links
 * for hash_tree_root), specs/core/0_beacon-chain.md "Custom types", "Constants", "Configuration" and "Containers".
 * The containers did not change from v0.8.0 to v0.8.4. Field names are the spec's snake_case.
 */

/** The configuration values that size the containers (0_beacon-chain.md "Configuration"). */
export interface BeaconPreset {
  name: 'mainnet' | 'minimal';
  SHARD_COUNT: number;
  MAX_VALIDATORS_PER_COMMITTEE: number;
  SLOTS_PER_EPOCH: number;
  SLOTS_PER_ETH1_VOTING_PERIOD: number;
  SLOTS_PER_HISTORICAL_ROOT: number;
  EPOCHS_PER_HISTORICAL_VECTOR: number;
  EPOCHS_PER_SLASHINGS_VECTOR: number;
  HISTORICAL_ROOTS_LIMIT: number;
  VALIDATOR_REGISTRY_LIMIT: number;
  MAX_PROPOSER_SLASHINGS: number;
  MAX_ATTESTER_SLASHINGS: number;
  MAX_ATTESTATIONS: number;
  MAX_DEPOSITS: number;
  MAX_VOLUNTARY_EXITS: number;
  MAX_TRANSFERS: number;
}

/** v0.8.1 mainnet values (0_beacon-chain.md, configs/constant_presets/mainnet.yaml). */
export const MAINNET: BeaconPreset = {
  name: 'mainnet',
  SHARD_COUNT: 2 ** 10,
  MAX_VALIDATORS_PER_COMMITTEE: 2 ** 12,
  SLOTS_PER_EPOCH: 2 ** 6,
  SLOTS_PER_ETH1_VOTING_PERIOD: 2 ** 10,
  SLOTS_PER_HISTORICAL_ROOT: 2 ** 13,
  EPOCHS_PER_HISTORICAL_VECTOR: 2 ** 16,
  EPOCHS_PER_SLASHINGS_VECTOR: 2 ** 13,
  HISTORICAL_ROOTS_LIMIT: 2 ** 24,
  VALIDATOR_REGISTRY_LIMIT: 2 ** 40,
  MAX_PROPOSER_SLASHINGS: 2 ** 4,
  MAX_ATTESTER_SLASHINGS: 2 ** 0,
  MAX_ATTESTATIONS: 2 ** 7,
  MAX_DEPOSITS: 2 ** 4,
  MAX_VOLUNTARY_EXITS: 2 ** 4,
  MAX_TRANSFERS: 0,
};

/**
 * v0.8.1 configs/constant_presets/minimal.yaml: what the 2019 interop testnets ran. Only the BeaconState layout
 * differs from mainnet (blocks and attestations have the same limits in both).
 */
export const MINIMAL: BeaconPreset = {
  ...MAINNET,
  name: 'minimal',
  SHARD_COUNT: 8,
  SLOTS_PER_EPOCH: 8,
  SLOTS_PER_ETH1_VOTING_PERIOD: 16,
  SLOTS_PER_HISTORICAL_ROOT: 64,
  EPOCHS_PER_HISTORICAL_VECTOR: 64,
  EPOCHS_PER_SLASHINGS_VECTOR: 64,
};

/** 0_beacon-chain.md "Constants". */
export const DEPOSIT_CONTRACT_TREE_DEPTH = 2 ** 5;
export const JUSTIFICATION_BITS_LENGTH = 4;

// "Custom types"
export const uint8 = new UintNumberType(1);
export const uint64 = new UintBigintType(8);
export const Bytes4 = new ByteVectorType(4);
export const Bytes32 = new ByteVectorType(32);
export const Bytes48 = new ByteVectorType(48);
export const Bytes96 = new ByteVectorType(96);
const Slot = uint64;
const Epoch = uint64;
const Shard = uint64;
const ValidatorIndex = uint64;
const Gwei = uint64;
const Hash = Bytes32;
const Version = Bytes4;
const BLSPubkey = Bytes48;
const BLSSignature = Bytes96;

/**
 * List[T, 0]: the spec's `transfers: List[Transfer, MAX_TRANSFERS]` with MAX_TRANSFERS = 0. @chainsafe/ssz refuses a
 * limit of 0, so the list is built with limit 1 (the same hash_tree_root for the only valid value, the empty list:
 * both merkleize to one zero chunk) and then reports 0, so that any element is flagged and refused on deserialize.
 */
class EmptyOnlyListType<T extends CompositeElement<T>> extends ListCompositeType<T> {
  override readonly limit = 0;
}

/** The library's own constraint on list elements. */
type CompositeElement<T extends CompositeTypeAny> = CompositeType<ValueOf<T>, CompositeView<T>, CompositeViewDU<T>>;

function list<T extends CompositeElement<T>>(element: T, limit: number): ListCompositeType<T> {
  const typeName = `List[${element.typeName}, ${limit}]`;
  return limit === 0
    ? new EmptyOnlyListType(element, 1, { typeName })
    : new ListCompositeType(element, limit, { typeName });
}

export function beaconTypes(p: BeaconPreset) {
  const container = <F extends Record<string, Type<unknown>>>(typeName: string, fields: F) =>
    new ContainerType(fields, { typeName });

  const Fork = container('Fork', { previous_version: Version, current_version: Version, epoch: Epoch });
  const Checkpoint = container('Checkpoint', { epoch: Epoch, root: Hash });
  const Validator = container('Validator', {
    pubkey: BLSPubkey,
    withdrawal_credentials: Hash,
    effective_balance: Gwei,
    slashed: new BooleanType(),
    activation_eligibility_epoch: Epoch,
    activation_epoch: Epoch,
    exit_epoch: Epoch,
    withdrawable_epoch: Epoch,
  });
  const Crosslink = container('Crosslink', {
    shard: Shard,
    parent_root: Hash,
    start_epoch: Epoch,
    end_epoch: Epoch,
    data_root: Hash,
  });
  const AttestationData = container('AttestationData', {
    beacon_block_root: Hash,
    source: Checkpoint,
    target: Checkpoint,
    crosslink: Crosslink,
  });
  const committeeIndices = new ListBasicType(ValidatorIndex, p.MAX_VALIDATORS_PER_COMMITTEE);
  const IndexedAttestation = container('IndexedAttestation', {
    custody_bit_0_indices: committeeIndices,
    custody_bit_1_indices: committeeIndices,
    data: AttestationData,
    signature: BLSSignature,
  });
  const committeeBits = new BitListType(p.MAX_VALIDATORS_PER_COMMITTEE);
  const PendingAttestation = container('PendingAttestation', {
    aggregation_bits: committeeBits,
    data: AttestationData,
    inclusion_delay: Slot,
    proposer_index: ValidatorIndex,
  });
  const Eth1Data = container('Eth1Data', { deposit_root: Hash, deposit_count: uint64, block_hash: Hash });
  const HistoricalBatch = container('HistoricalBatch', {
    block_roots: new VectorCompositeType(Hash, p.SLOTS_PER_HISTORICAL_ROOT),
    state_roots: new VectorCompositeType(Hash, p.SLOTS_PER_HISTORICAL_ROOT),
  });
  const DepositData = container('DepositData', {
    pubkey: BLSPubkey,
    withdrawal_credentials: Hash,
    amount: Gwei,
    signature: BLSSignature,
  });
  const CompactCommittee = container('CompactCommittee', {
    pubkeys: list(BLSPubkey, p.MAX_VALIDATORS_PER_COMMITTEE),
    compact_validators: new ListBasicType(uint64, p.MAX_VALIDATORS_PER_COMMITTEE),
  });
  const BeaconBlockHeader = container('BeaconBlockHeader', {
    slot: Slot,
    parent_root: Hash,
    state_root: Hash,
    body_root: Hash,
    signature: BLSSignature,
  });

  // Beacon operations
  const ProposerSlashing = container('ProposerSlashing', {
    proposer_index: ValidatorIndex,
    header_1: BeaconBlockHeader,
    header_2: BeaconBlockHeader,
  });
  const AttesterSlashing = container('AttesterSlashing', {
    attestation_1: IndexedAttestation,
    attestation_2: IndexedAttestation,
  });
  const Attestation = container('Attestation', {
    aggregation_bits: committeeBits,
    data: AttestationData,
    custody_bits: committeeBits,
    signature: BLSSignature,
  });
  const Deposit = container('Deposit', {
    proof: new VectorCompositeType(Hash, DEPOSIT_CONTRACT_TREE_DEPTH + 1),
    data: DepositData,
  });
  const VoluntaryExit = container('VoluntaryExit', {
    epoch: Epoch,
    validator_index: ValidatorIndex,
    signature: BLSSignature,
  });
  const Transfer = container('Transfer', {
    sender: ValidatorIndex,
    recipient: ValidatorIndex,
    amount: Gwei,
    fee: Gwei,
    slot: Slot,
    pubkey: BLSPubkey,
    signature: BLSSignature,
  });

  // Beacon blocks
  const BeaconBlockBody = container('BeaconBlockBody', {
    randao_reveal: BLSSignature,
    eth1_data: Eth1Data,
    graffiti: Bytes32,
    proposer_slashings: list(ProposerSlashing, p.MAX_PROPOSER_SLASHINGS),
    attester_slashings: list(AttesterSlashing, p.MAX_ATTESTER_SLASHINGS),
    attestations: list(Attestation, p.MAX_ATTESTATIONS),
    deposits: list(Deposit, p.MAX_DEPOSITS),
    voluntary_exits: list(VoluntaryExit, p.MAX_VOLUNTARY_EXITS),
    transfers: list(Transfer, p.MAX_TRANSFERS),
  });
  const BeaconBlock = container('BeaconBlock', {
    slot: Slot,
    parent_root: Hash,
    state_root: Hash,
    body: BeaconBlockBody,
    signature: BLSSignature,
  });

  // Beacon state
  const historicalVector = new VectorCompositeType(Hash, p.EPOCHS_PER_HISTORICAL_VECTOR);
  const epochAttestations = list(PendingAttestation, p.MAX_ATTESTATIONS * p.SLOTS_PER_EPOCH);
  const BeaconState = container('BeaconState', {
    genesis_time: uint64,
    slot: Slot,
    fork: Fork,
    latest_block_header: BeaconBlockHeader,
    block_roots: new VectorCompositeType(Hash, p.SLOTS_PER_HISTORICAL_ROOT),
    state_roots: new VectorCompositeType(Hash, p.SLOTS_PER_HISTORICAL_ROOT),
    historical_roots: list(Hash, p.HISTORICAL_ROOTS_LIMIT),
    eth1_data: Eth1Data,
    eth1_data_votes: list(Eth1Data, p.SLOTS_PER_ETH1_VOTING_PERIOD),
    eth1_deposit_index: uint64,
    validators: list(Validator, p.VALIDATOR_REGISTRY_LIMIT),
    balances: new ListBasicType(Gwei, p.VALIDATOR_REGISTRY_LIMIT),
    start_shard: Shard,
    randao_mixes: historicalVector,
    active_index_roots: historicalVector,
    compact_committees_roots: historicalVector,
    slashings: new VectorBasicType(Gwei, p.EPOCHS_PER_SLASHINGS_VECTOR),
    previous_epoch_attestations: epochAttestations,
    current_epoch_attestations: epochAttestations,
    previous_crosslinks: new VectorCompositeType(Crosslink, p.SHARD_COUNT),
    current_crosslinks: new VectorCompositeType(Crosslink, p.SHARD_COUNT),
    justification_bits: new BitVectorType(JUSTIFICATION_BITS_LENGTH),
    previous_justified_checkpoint: Checkpoint,
    current_justified_checkpoint: Checkpoint,
    finalized_checkpoint: Checkpoint,
  });

  return {
    Fork,
    Checkpoint,
    Validator,
    Crosslink,
    AttestationData,
    IndexedAttestation,
    PendingAttestation,
    Eth1Data,
    HistoricalBatch,
    DepositData,
    CompactCommittee,
    BeaconBlockHeader,
    ProposerSlashing,
    AttesterSlashing,
    Attestation,
    Deposit,
    VoluntaryExit,
    Transfer,
    BeaconBlockBody,
    BeaconBlock,
    BeaconState,
  };
}

export type BeaconTypes = ReturnType<typeof beaconTypes>;

export const mainnetTypes: BeaconTypes = beaconTypes(MAINNET);
export const minimalTypes: BeaconTypes = beaconTypes(MINIMAL);
