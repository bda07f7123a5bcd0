import type { Type } from '@chainsafe/ssz';
import fc from 'fast-check';
import * as rpc from '../../../decoders/eth2rpc/methods';

/** Random values of every RPC body, as @chainsafe/ssz takes them, and the JSON the decoder should print for them. */

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const bytesN = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const bytes32 = bytesN(32);
const list = <T>(item: fc.Arbitrary<T>, maxLength: number) => fc.array(item, { maxLength });

const hello = fc.record({
  network_id: fc.integer({ min: 0, max: 255 }),
  chain_id: u64,
  latest_finalized_root: bytes32,
  latest_finalized_epoch: u64,
  best_root: bytes32,
  best_slot: u64,
});

const getStatus = fc.record({ sha: bytes32, user_agent: fc.uint8Array({ maxLength: 40 }), timestamp: u64 });

const header = fc.record({
  slot: u64,
  parent_root: bytes32,
  state_root: bytes32,
  body_root: bytes32,
  signature: bytesN(96),
});

const crosslink = fc.record({ shard: u64, epoch: u64, parent_root: bytes32, data_root: bytes32 });
const attestationData = fc.record({
  beacon_block_root: bytes32,
  source_epoch: u64,
  source_root: bytes32,
  target_epoch: u64,
  target_root: bytes32,
  crosslink,
});
const indexedAttestation = fc.record({
  custody_bit_0_indices: list(u64, 5),
  custody_bit_1_indices: list(u64, 5),
  data: attestationData,
  signature: bytesN(96),
});

export const blockBody = fc.record({
  randao_reveal: bytesN(96),
  eth1_data: fc.record({ deposit_root: bytes32, deposit_count: u64, block_hash: bytes32 }),
  graffiti: bytes32,
  proposer_slashings: list(fc.record({ proposer_index: u64, header_1: header, header_2: header }), 2),
  attester_slashings: list(fc.record({ attestation_1: indexedAttestation, attestation_2: indexedAttestation }), 1),
  attestations: list(
    fc.record({
      aggregation_bitfield: fc.uint8Array({ maxLength: 16 }),
      data: attestationData,
      custody_bitfield: fc.uint8Array({ maxLength: 16 }),
      signature: bytesN(96),
    }),
    4,
  ),
  deposits: list(
    fc.record({
      proof: fc.array(bytes32, { minLength: 32, maxLength: 32 }),
      index: u64,
      data: fc.record({ pubkey: bytesN(48), withdrawal_credentials: bytes32, amount: u64, signature: bytesN(96) }),
    }),
    2,
  ),
  voluntary_exits: list(fc.record({ epoch: u64, validator_index: u64, signature: bytesN(96) }), 2),
  transfers: list(
    fc.record({
      sender: u64,
      recipient: u64,
      amount: u64,
      fee: u64,
      slot: u64,
      pubkey: bytesN(48),
      signature: bytesN(96),
    }),
    2,
  ),
});

/** Per method: its request body values and its response body values (none for goodbye and beacon_chain_state). */
export const BODY_VALUES: Record<string, { request: fc.Arbitrary<unknown>; response?: fc.Arbitrary<unknown> }> = {
  hello: { request: hello, response: hello },
  goodbye: { request: fc.record({ reason: u64 }) },
  get_status: { request: getStatus, response: getStatus },
  beacon_block_roots: {
    request: fc.record({ start_slot: u64, count: fc.bigInt({ min: 0n, max: 32768n }) }),
    // The spec wants ascending slots: unique slots, sorted.
    response: fc
      .uniqueArray(fc.record({ block_root: bytes32, slot: u64 }), { maxLength: 20, selector: (r) => r.slot })
      .map((roots) => ({ roots: roots.sort((a, b) => (a.slot < b.slot ? -1 : 1)) })),
  },
  beacon_block_headers: {
    request: fc.record({ start_root: bytes32, start_slot: u64, max_headers: u64, skip_slots: u64 }),
    response: fc.record({ headers: list(header, 5) }),
  },
  beacon_block_bodies: {
    request: fc.record({ block_roots: list(bytes32, 10) }),
    response: fc.record({ block_bodies: list(blockBody, 3) }),
  },
  beacon_chain_state: { request: fc.record({ hashes: list(bytes32, 10) }) },
};

export function requestType(method: string): Type<unknown> {
  return rpc.methodByName(method)!.request;
}

export function responseType(method: string): Type<unknown> {
  return rpc.methodByName(method)!.response as Type<unknown>;
}

/** The library prints every uint as a decimal string; the decoder prints numbers up to 2^53-1. */
export function expectedJson(type: Type<unknown>, value: unknown): unknown {
  return normalise(type.toJson(value));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  if (typeof value === 'string' && /^\d+$/.test(value) && BigInt(value) <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(value);
  return value;
}
