import type { ValueOf } from '@chainsafe/ssz';
import {
  BeaconBlockBody,
  BeaconBlockHeader,
  type Attestation,
  type Deposit,
} from '../../../decoders/eth2rpc/beacon-types';
import { graffiti } from '../graffiti';
import type { SeededRandom } from '../seeded-random';

/**
 * A short beacon chain as the May 2019 RPC carries it (eth2.0-specs e0b4dd1a containers): headers chained by
 * parent_root (a block's root is its header's hash_tree_root), bodies with attestations for the parent and deposits.
 */

export type BlockHeader = ValueOf<typeof BeaconBlockHeader>;
export type BlockBody = ValueOf<typeof BeaconBlockBody>;

export interface ChainBlock {
  slot: bigint;
  root: Uint8Array;
  header: BlockHeader;
  body: BlockBody;
}

const SLOTS_PER_EPOCH = 64n;
const DEPOSIT_AMOUNT = 32_000_000_000n;

export class Eth2Chain {
  readonly blocks: ChainBlock[] = [];
  private depositIndex = 512n;

  constructor(
    private readonly random: SeededRandom,
    firstSlot: bigint,
    length: number,
    emptySlots: readonly bigint[] = [],
  ) {
    let parentRoot = random.bytes(32);
    for (let slot = firstSlot; slot < firstSlot + BigInt(length); slot++) {
      if (emptySlots.includes(slot)) continue;
      const body = this.body(slot, parentRoot);
      const header: BlockHeader = {
        slot,
        parent_root: parentRoot,
        state_root: random.bytes(32),
        body_root: BeaconBlockBody.hashTreeRoot(body),
        signature: random.bytes(96),
      };
      const root = BeaconBlockHeader.hashTreeRoot(header);
      this.blocks.push({ slot, root, header, body });
      parentRoot = root;
    }
  }

  get head(): ChainBlock {
    return this.blocks.at(-1)!;
  }

  /** §Request beacon block roots: the blocks in [start_slot, start_slot + count), ascending. */
  roots(startSlot: bigint, count: bigint): { block_root: Uint8Array; slot: bigint }[] {
    return this.blocks
      .filter((b) => b.slot >= startSlot && b.slot < startSlot + count)
      .map((b) => ({ block_root: b.root, slot: b.slot }));
  }

  /**
   * §Beacon block headers: from (start_root, start_slot) every skip_slots + 1 slots; an empty slot gives the closest
   * previous block, duplicates collapse, at most max_headers.
   */
  headers(request: { start_root: Uint8Array; start_slot: bigint; max_headers: bigint; skip_slots: bigint }) {
    const start = this.byRoot(request.start_root)?.slot ?? request.start_slot;
    const out: ChainBlock[] = [];
    for (let slot = start; slot <= this.head.slot && out.length < Number(request.max_headers);) {
      const block = this.atOrBefore(slot);
      if (block && out.at(-1) !== block) out.push(block);
      slot += request.skip_slots + 1n;
    }
    return out.map((b) => b.header);
  }

  /** §Beacon block bodies: in the order asked; an unknown root gets a zero-valued body. */
  bodies(roots: readonly Uint8Array[]): BlockBody[] {
    return roots.map((root) => this.byRoot(root)?.body ?? BeaconBlockBody.defaultValue());
  }

  private byRoot(root: Uint8Array): ChainBlock | undefined {
    return this.blocks.find((b) => Buffer.from(b.root).equals(root));
  }

  private atOrBefore(slot: bigint): ChainBlock | undefined {
    return this.blocks.filter((b) => b.slot <= slot).at(-1);
  }

  private body(slot: bigint, parentRoot: Uint8Array): BlockBody {
    const r = this.random;
    return {
      randao_reveal: r.bytes(96),
      eth1_data: { deposit_root: r.bytes(32), deposit_count: this.depositIndex, block_hash: r.bytes(32) },
      graffiti: graffiti(`peerscope rpc sample ${slot}`),
      proposer_slashings: [],
      attester_slashings: [],
      attestations: Array.from({ length: r.int(1, 3) }, () => this.attestation(slot, parentRoot)),
      deposits: Array.from({ length: r.int(0, 2) }, () => this.deposit()),
      voluntary_exits: [],
      transfers: [],
    };
  }

  private attestation(slot: bigint, votedRoot: Uint8Array): ValueOf<typeof Attestation> {
    const r = this.random;
    const epoch = slot / SLOTS_PER_EPOCH;
    return {
      aggregation_bitfield: r.bytes(2),
      data: {
        beacon_block_root: votedRoot,
        source_epoch: epoch - 1n,
        source_root: r.bytes(32),
        target_epoch: epoch,
        target_root: r.bytes(32),
        crosslink: {
          shard: BigInt(r.int(0, 1023)),
          epoch: epoch - 1n,
          parent_root: r.bytes(32),
          data_root: r.bytes(32),
        },
      },
      custody_bitfield: new Uint8Array(2),
      signature: r.bytes(96),
    };
  }

  private deposit(): ValueOf<typeof Deposit> {
    const r = this.random;
    const credentials = r.bytes(32);
    credentials[0] = 0; // BLS_WITHDRAWAL_PREFIX_BYTE
    return {
      proof: Array.from({ length: 32 }, () => r.bytes(32)),
      index: this.depositIndex++,
      data: {
        pubkey: r.bytes(48),
        withdrawal_credentials: credentials,
        amount: DEPOSIT_AMOUNT,
        signature: r.bytes(96),
      },
    };
  }
}
