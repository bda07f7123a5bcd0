import {
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  VectorCompositeType,
} from '@chainsafe/ssz';

/**
 * The beacon-chain data structures the 2019 RPC carries, exactly as `specs/core/0_beacon-chain.md` defines them at
 * the revision the RPC text links to (ethereum/eth2.0-specs e0b4dd1a, between v0.6.1 and v0.6.2: the v0.6.x releases
 * still spell `previous_block_root`/`block_body_root` and carry the crosslink fields inline in AttestationData).
 *
 * SSZ of that revision has no list limits (`[T]` is unbounded); the block-validity maxima below ("Max operations per
 * block", mainnet preset) are used as the list limits, so an oversized list gets the walker's `ssz.limit` warning.
 */

// §Constants, mainnet values (configs/constant_presets/mainnet.yaml @ e0b4dd1a).
export const MAX_INDICES_PER_ATTESTATION = 4096;
export const DEPOSIT_CONTRACT_TREE_DEPTH = 32;
export const MAX_PROPOSER_SLASHINGS = 16;
export const MAX_ATTESTER_SLASHINGS = 1;
export const MAX_ATTESTATIONS = 128;
export const MAX_DEPOSITS = 16;
export const MAX_VOLUNTARY_EXITS = 16;
/** Transfers are disabled on mainnet; the SSZ library needs a positive list limit, so a rule note checks this one. */
export const MAX_TRANSFERS = 0;
/** The list limit used for the wire type of `transfers` (v0.5's MAX_TRANSFERS) while MAX_TRANSFERS is 0. */
export const TRANSFERS_WIRE_LIMIT = 16;

/** `[T]` without a spec bound: as long as a 4-byte SSZ offset can reach. */
export const UNBOUNDED = 2 ** 32 - 1;

export const uint8 = new UintNumberType(1);
export const uint64 = new UintBigintType(8);
export const bytes32 = new ByteVectorType(32);
export const bytes48 = new ByteVectorType(48);
export const bytes96 = new ByteVectorType(96);
/** `bytes`: an unbounded list of bytes. */
export const bytes = new ByteListType(UNBOUNDED);

/** §Crosslink */
export const Crosslink = new ContainerType(
  { shard: uint64, epoch: uint64, parent_root: bytes32, data_root: bytes32 },
  { typeName: 'Crosslink' },
);

/** §Eth1Data */
export const Eth1Data = new ContainerType(
  { deposit_root: bytes32, deposit_count: uint64, block_hash: bytes32 },
  { typeName: 'Eth1Data' },
);

/** §AttestationData */
export const AttestationData = new ContainerType(
  {
    beacon_block_root: bytes32,
    source_epoch: uint64,
    source_root: bytes32,
    target_epoch: uint64,
    target_root: bytes32,
    crosslink: Crosslink,
  },
  { typeName: 'AttestationData' },
);

/** §IndexedAttestation: validate_indexed_attestation bounds the two index lists by MAX_INDICES_PER_ATTESTATION. */
export const IndexedAttestation = new ContainerType(
  {
    custody_bit_0_indices: new ListBasicType(uint64, MAX_INDICES_PER_ATTESTATION),
    custody_bit_1_indices: new ListBasicType(uint64, MAX_INDICES_PER_ATTESTATION),
    data: AttestationData,
    signature: bytes96,
  },
  { typeName: 'IndexedAttestation' },
);

/** §DepositData */
export const DepositData = new ContainerType(
  { pubkey: bytes48, withdrawal_credentials: bytes32, amount: uint64, signature: bytes96 },
  { typeName: 'DepositData' },
);

/** §BeaconBlockHeader (200 bytes) */
export const BeaconBlockHeader = new ContainerType(
  { slot: uint64, parent_root: bytes32, state_root: bytes32, body_root: bytes32, signature: bytes96 },
  { typeName: 'BeaconBlockHeader' },
);

/** §ProposerSlashing */
export const ProposerSlashing = new ContainerType(
  { proposer_index: uint64, header_1: BeaconBlockHeader, header_2: BeaconBlockHeader },
  { typeName: 'ProposerSlashing' },
);

/** §AttesterSlashing */
export const AttesterSlashing = new ContainerType(
  { attestation_1: IndexedAttestation, attestation_2: IndexedAttestation },
  { typeName: 'AttesterSlashing' },
);

/** §Attestation: the bitfields are plain `bytes` at this revision (Bitlist came with v0.8). */
export const Attestation = new ContainerType(
  { aggregation_bitfield: bytes, data: AttestationData, custody_bitfield: bytes, signature: bytes96 },
  { typeName: 'Attestation' },
);

/** §Deposit */
export const Deposit = new ContainerType(
  { proof: new VectorCompositeType(bytes32, DEPOSIT_CONTRACT_TREE_DEPTH), index: uint64, data: DepositData },
  { typeName: 'Deposit' },
);

/** §VoluntaryExit */
export const VoluntaryExit = new ContainerType(
  { epoch: uint64, validator_index: uint64, signature: bytes96 },
  { typeName: 'VoluntaryExit' },
);

/** §Transfer */
export const Transfer = new ContainerType(
  { sender: uint64, recipient: uint64, amount: uint64, fee: uint64, slot: uint64, pubkey: bytes48, signature: bytes96 },
  { typeName: 'Transfer' },
);

/** §BeaconBlockBody */
export const BeaconBlockBody = new ContainerType(
  {
    randao_reveal: bytes96,
    eth1_data: Eth1Data,
    graffiti: bytes32,
    proposer_slashings: new ListCompositeType(ProposerSlashing, MAX_PROPOSER_SLASHINGS),
    attester_slashings: new ListCompositeType(AttesterSlashing, MAX_ATTESTER_SLASHINGS),
    attestations: new ListCompositeType(Attestation, MAX_ATTESTATIONS),
    deposits: new ListCompositeType(Deposit, MAX_DEPOSITS),
    voluntary_exits: new ListCompositeType(VoluntaryExit, MAX_VOLUNTARY_EXITS),
    transfers: new ListCompositeType(Transfer, TRANSFERS_WIRE_LIMIT),
  },
  { typeName: 'BeaconBlockBody' },
);
