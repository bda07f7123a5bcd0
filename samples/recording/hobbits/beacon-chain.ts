import { BitArray, type ValueOf } from '@chainsafe/ssz';
import { mainnetTypes } from '../../../decoders/hobbits/beacon-types';
import { graffiti } from '../graffiti';
import type { SeededRandom } from '../seeded-random';

/**
 * A short beacon chain of the Hobbits era (eth2.0-specs v0.8.1 containers), consistent with itself: each block's
 * parent_root is the previous block's hash_tree_root, attestations vote for the parent, headers carry the body's
 * root. The content comes from the seeded generator; the servers answer requests from it.
 */

const t = mainnetTypes;

export type BeaconBlock = ValueOf<typeof t.BeaconBlock>;
export type BeaconBlockHeader = ValueOf<typeof t.BeaconBlockHeader>;
export type Attestation = ValueOf<typeof t.Attestation>;

const SLOTS_PER_EPOCH = 64n;
const COMMITTEE_SIZE = 12;
/** 32 ETH in Gwei, the deposit every 2019 validator made. */
const DEPOSIT_AMOUNT = 32_000_000_000n;

export class HobbitsChain {
  readonly blocks: BeaconBlock[] = [];
  /** Attestations the node has seen, to serve GET_ATTESTATION by hash_tree_root. */
  readonly attestations: Attestation[] = [];

  /** Blocks at `firstSlot` onwards; the slots in `emptySlots` have no block. */
  constructor(
    private readonly random: SeededRandom,
    firstSlot: bigint,
    length: number,
    emptySlots: readonly bigint[] = [],
  ) {
    let parentRoot = random.bytes(32);
    let depositCount = 4096n;
    for (let slot = firstSlot; slot < firstSlot + BigInt(length); slot++) {
      if (emptySlots.includes(slot)) continue;
      const deposits = random.int(0, 2);
      depositCount += BigInt(deposits);
      const block = this.block(slot, parentRoot, deposits, depositCount);
      this.blocks.push(block);
      this.attestations.push(...block.body.attestations);
      parentRoot = t.BeaconBlock.hashTreeRoot(block);
    }
  }

  get head(): BeaconBlock {
    return this.blocks.at(-1)!;
  }

  root(block: BeaconBlock): Uint8Array {
    return t.BeaconBlock.hashTreeRoot(block);
  }

  header(block: BeaconBlock): BeaconBlockHeader {
    return {
      slot: block.slot,
      parent_root: block.parent_root,
      state_root: block.state_root,
      body_root: t.BeaconBlockBody.hashTreeRoot(block.body),
      signature: block.signature,
    };
  }

  /**
   * GET_BLOCK_HEADERS / GET_BLOCK_BODIES: from `start_slot` (or the block `start_root`), every `skip + 1` slots,
   * at most `max` blocks, ascending when `direction` is 1; slots without a block are passed over.
   */
  select(request: { start_root: Uint8Array; start_slot: bigint; max: bigint; skip: bigint; direction: number }) {
    const byRoot = this.blocks.find((b) => Buffer.from(this.root(b)).equals(request.start_root));
    const start = byRoot ? byRoot.slot : request.start_slot;
    const step = (request.skip + 1n) * (request.direction === 1 ? 1n : -1n);
    const out: BeaconBlock[] = [];
    const [low, high] = [this.blocks[0]!.slot, this.head.slot];
    for (let slot = start; slot >= low && slot <= high && out.length < Number(request.max); slot += step) {
      const block = this.blocks.find((b) => b.slot === slot);
      if (block) out.push(block);
    }
    return out;
  }

  attestationByRoot(root: Uint8Array): Attestation | undefined {
    return this.attestations.find((a) => Buffer.from(t.Attestation.hashTreeRoot(a)).equals(root));
  }

  /** The block a proposer builds on `parent` (not added to the chain: it is what gets gossiped). */
  proposeBlock(parent: BeaconBlock): BeaconBlock {
    return this.block(parent.slot + 1n, this.root(parent), 1, parent.body.eth1_data.deposit_count + 1n);
  }

  /** An attestation for `block`, as a validator gossips it. */
  attest(block: BeaconBlock): Attestation {
    return this.attestation(block.slot, this.root(block));
  }

  private block(slot: bigint, parentRoot: Uint8Array, deposits: number, depositCount: bigint): BeaconBlock {
    const r = this.random;
    const attestations = Array.from({ length: r.int(1, 3) }, () => this.attestation(slot, parentRoot));
    return {
      slot,
      parent_root: parentRoot,
      state_root: r.bytes(32),
      body: {
        randao_reveal: r.bytes(96),
        eth1_data: { deposit_root: r.bytes(32), deposit_count: depositCount, block_hash: r.bytes(32) },
        graffiti: graffiti(`peerscope sample ${slot}`),
        proposer_slashings: [],
        attester_slashings: [],
        attestations,
        deposits: Array.from({ length: deposits }, () => this.deposit()),
        voluntary_exits: [],
        transfers: [],
      },
      signature: r.bytes(96),
    };
  }

  private attestation(slot: bigint, votedRoot: Uint8Array): Attestation {
    const r = this.random;
    const epoch = slot / SLOTS_PER_EPOCH;
    const voters = Array.from({ length: COMMITTEE_SIZE }, () => r.chance(0.7));
    return {
      aggregation_bits: BitArray.fromBoolArray(voters),
      data: {
        beacon_block_root: votedRoot,
        source: { epoch: epoch - 1n, root: r.bytes(32) },
        target: { epoch, root: r.bytes(32) },
        crosslink: {
          shard: BigInt(r.int(0, 1023)),
          parent_root: r.bytes(32),
          start_epoch: epoch - 1n,
          end_epoch: epoch,
          data_root: new Uint8Array(32),
        },
      },
      custody_bits: BitArray.fromBoolArray(voters.map(() => false)),
      signature: r.bytes(96),
    };
  }

  private deposit() {
    const r = this.random;
    const credentials = r.bytes(32);
    credentials[0] = 0; // BLS_WITHDRAWAL_PREFIX
    return {
      proof: Array.from({ length: 33 }, () => r.bytes(32)),
      data: {
        pubkey: r.bytes(48),
        withdrawal_credentials: credentials,
        amount: DEPOSIT_AMOUNT,
        signature: r.bytes(96),
      },
    };
  }
}
