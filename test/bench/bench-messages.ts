/**
 * Pools of wire messages for the benchmark capture: every message is encoded once, through the protocol plugins'
 * own composer encoders, and then copied into the capture many times with its request id rewritten in place. Each
 * pool entry is decoded back once (`validatePools`), so the capture carries no message Peerscope itself would flag.
 */
import { BitArray, type Type, type ValueOf } from '@chainsafe/ssz';
import { toHex } from '../../decoders/core/bytes';
import { collectNotes } from '../../decoders/core/field';
import type { JsonObject, JsonValue } from '../../decoders/core/json';
import { eth2rpc } from '../../decoders/eth2rpc';
import type * as eth2Types from '../../decoders/eth2rpc/beacon-types';
import { decodeEth2RpcMessage } from '../../decoders/eth2rpc/message-decoder';
import * as eth2Methods from '../../decoders/eth2rpc/methods';
import { hobbits } from '../../decoders/hobbits';
import { mainnetTypes as hobbitsTypes } from '../../decoders/hobbits/beacon-types';
import { decodeHobbitsMessage } from '../../decoders/hobbits/message-decoder';
import { RPC_BODY_TYPES } from '../../decoders/hobbits/rpc-bodies';

export type ProtocolName = 'hobbits' | 'eth2rpc';

/** One encoded message; `idOffset` is where its request id sits (little-endian, `idWidth` bytes), -1 for none. */
export interface WireTemplate {
  protocol: ProtocolName;
  /** The message name as Peerscope's decoder spells it. */
  message: string;
  bytes: Uint8Array;
  idOffset: number;
  idWidth: 4 | 8;
}

/** A request and the response that answers it (null for a request nobody answers). */
export interface Exchange {
  request: WireTemplate;
  response: WireTemplate | null;
}

export interface HobbitsPool {
  hello: Exchange;
  status: Exchange;
  headers: Exchange[];
  bodies: Exchange[];
  gossipBlocks: WireTemplate[];
  gossipAttestations: WireTemplate[];
  pings: Exchange[];
  goodbye: WireTemplate;
}

export interface Eth2RpcPool {
  hello: Exchange;
  status: Exchange;
  roots: Exchange[];
  headers: Exchange[];
  bodies: Exchange[];
  goodbye: WireTemplate;
}

export interface MessagePools {
  hobbits: HobbitsPool;
  eth2rpc: Eth2RpcPool;
}

/** Deterministic xorshift32, so the same seed always gives the same capture. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state % n;
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  /** A value spread evenly on a log scale between `low` and `high`: many small sizes, some large. */
  logBetween(low: number, high: number): number {
    return Math.round(low * (high / low) ** (this.int(1 << 20) / (1 << 20)));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

/**
 * The id every template is encoded with and then found by. It fits BSON int32 (the element type the Hobbits encoder
 * writes for a small integer), so rewriting it with any id below 2^31 leaves the rest of the message unchanged.
 */
const ID_SENTINEL = 0x7e3d5a1b;
const GENESIS_TIME = 1_567_000_000;

/** Copies `template` with `id` as its request id; the template stays untouched for its next use. */
export function instantiate(template: WireTemplate, id: number, into: Uint8Array, at: number): void {
  into.set(template.bytes, at);
  if (template.idOffset < 0) return;
  const view = new DataView(into.buffer, into.byteOffset + at + template.idOffset, template.idWidth);
  view.setUint32(0, id, true);
  if (template.idWidth === 8) view.setUint32(4, 0, true);
}

/** @chainsafe/ssz's JSON form (0x-hex bytes, decimal uint64 strings) is what the composers read. */
function sszJson<T>(type: Type<T>, value: T): JsonValue {
  return type.toJson(value) as JsonValue;
}

// Templates ------------------------------------------------------------------------------------------------------

function hobbitsTemplate(message: string, fields: JsonObject, withId: boolean): WireTemplate {
  const bytes = hobbits.encodeMessage({ message, fields });
  // Binary v3 prefix: the BSON header follows the 16-byte prefix and is as long as bytes 8..12 say.
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8);
  const idOffset = withId ? findSentinel(bytes, 16, 16 + headerLength, message) : -1;
  return { protocol: 'hobbits', message, bytes, idOffset, idWidth: 4 };
}

function eth2Template(message: string, fields: JsonObject): WireTemplate {
  const bytes = eth2rpc.encodeMessage({ message, fields: { id: ID_SENTINEL, ...fields } });
  // `ETH` then the wrapper's uint64 id.
  return { protocol: 'eth2rpc', message, bytes, idOffset: findSentinel(bytes, 3, 7, message), idWidth: 8 };
}

function findSentinel(bytes: Uint8Array, from: number, to: number, message: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  for (let i = from; i + 4 <= to; i++) if (view.getUint32(i, true) === ID_SENTINEL) found.push(i);
  if (found.length !== 1) throw new Error(`${message}: request id found ${found.length} times in the template`);
  return found[0]!;
}

/** A committee's bitfield with `set` of `size` bits on (attestations aggregate most of their committee). */
function committeeBits(rng: Random, size: number, set: number): BitArray {
  const bits = BitArray.fromBitLen(size);
  for (let i = 0; i < set; i++) bits.set(rng.int(size), true);
  return bits;
}

// Hobbits: eth2.0-specs v0.8.1 containers ---------------------------------------------------------------------------

type HobbitsBlock = ValueOf<typeof hobbitsTypes.BeaconBlock>;
type HobbitsAttestation = ValueOf<typeof hobbitsTypes.Attestation>;

/** TARGET_COMMITTEE_SIZE of the v0.8 mainnet configuration. */
const COMMITTEE_SIZE = 128;

function hobbitsAttestation(rng: Random, slot: number, aggregated: boolean): HobbitsAttestation {
  const epoch = BigInt(Math.floor(slot / 64));
  return {
    aggregation_bits: committeeBits(rng, COMMITTEE_SIZE, aggregated ? rng.between(60, 110) : 1),
    data: {
      beacon_block_root: rng.bytes(32),
      source: { epoch: epoch - 1n, root: rng.bytes(32) },
      target: { epoch, root: rng.bytes(32) },
      crosslink: {
        shard: BigInt(rng.int(1024)),
        parent_root: rng.bytes(32),
        start_epoch: epoch - 1n,
        end_epoch: epoch,
        data_root: new Uint8Array(32),
      },
    },
    custody_bits: BitArray.fromBitLen(COMMITTEE_SIZE),
    signature: rng.bytes(96),
  };
}

/** A block of about `size` bytes: a few deposits now and then, attestations for the rest (at most 128). */
function hobbitsBlock(rng: Random, slot: number, size: number): HobbitsBlock {
  const deposits = rng.int(4) === 0 ? rng.between(1, 4) : 0;
  const attestations = Math.max(0, Math.min(128, Math.round((size - 400 - deposits * 1244) / 346)));
  return {
    slot: BigInt(slot),
    parent_root: rng.bytes(32),
    state_root: rng.bytes(32),
    body: {
      randao_reveal: rng.bytes(96),
      eth1_data: { deposit_root: rng.bytes(32), deposit_count: BigInt(rng.int(100_000)), block_hash: rng.bytes(32) },
      graffiti: new Uint8Array(32),
      proposer_slashings: [],
      attester_slashings: [],
      attestations: Array.from({ length: attestations }, () => hobbitsAttestation(rng, slot - 1, true)),
      deposits: Array.from({ length: deposits }, () => ({
        proof: Array.from({ length: 33 }, () => rng.bytes(32)),
        data: {
          pubkey: rng.bytes(48),
          withdrawal_credentials: rng.bytes(32),
          amount: 32_000_000_000n,
          signature: rng.bytes(96),
        },
      })),
      voluntary_exits: [],
      transfers: [],
    },
    signature: rng.bytes(96),
  };
}

function hobbitsRpc(message: keyof typeof RPC_BODY_TYPES, body: JsonValue): WireTemplate {
  return hobbitsTemplate(message, { header: { id: ID_SENTINEL }, body: { body } }, true);
}

function hobbitsPool(rng: Random, variants: number): HobbitsPool {
  const hello = sszJson(RPC_BODY_TYPES.HELLO, {
    network_id: 1,
    chain_id: 1,
    latest_finalized_root: rng.bytes(32),
    latest_finalized_epoch: 2000n,
    best_root: rng.bytes(32),
    best_slot: 128_100n,
  });
  const status = sszJson(RPC_BODY_TYPES.GET_STATUS, {
    user_agent: new TextEncoder().encode('Artemis/0.1.0-bench'),
    timestamp: BigInt(GENESIS_TIME),
  });
  const getBlocks = (max: number) =>
    sszJson(RPC_BODY_TYPES.GET_BLOCK_HEADERS, {
      start_root: rng.bytes(32),
      start_slot: BigInt(rng.between(1, 128_000)),
      max: BigInt(max),
      skip: 0n,
      direction: 1,
    });
  const headers = Array.from({ length: variants }, () => {
    const count = rng.between(10, 64);
    const slot = rng.between(1, 128_000);
    const list = Array.from({ length: count }, (_, i) => ({
      slot: BigInt(slot + i),
      parent_root: rng.bytes(32),
      state_root: rng.bytes(32),
      body_root: rng.bytes(32),
      signature: rng.bytes(96),
    }));
    return {
      request: hobbitsRpc('GET_BLOCK_HEADERS', getBlocks(count)),
      response: hobbitsRpc('BLOCK_HEADERS', sszJson(RPC_BODY_TYPES.BLOCK_HEADERS, { headers: list })),
    };
  });
  const bodies = Array.from({ length: variants }, () => {
    // 10–200 KB: one to four blocks of at most ~50 KB each.
    const total = rng.logBetween(10_000, 200_000);
    const count = Math.ceil(total / 52_000);
    const slot = rng.between(1, 128_000);
    const blocks = Array.from({ length: count }, (_, i) => hobbitsBlock(rng, slot + i, total / count));
    return {
      request: hobbitsRpc('GET_BLOCK_BODIES', getBlocks(count)),
      response: hobbitsRpc('BLOCK_BODIES', sszJson(RPC_BODY_TYPES.BLOCK_BODIES, { bodies: blocks })),
    };
  });
  // GOSSIP: topic and hash (the body's hash_tree_root) are derived by the encoder.
  const gossip = (body: JsonValue) =>
    hobbitsTemplate(
      'GOSSIP',
      { header: { timestamp: GENESIS_TIME + rng.int(1_000_000), message_hash: toHex(rng.bytes(32)) }, body },
      false,
    );
  const gossipBlocks = Array.from({ length: variants }, () =>
    gossip(
      sszJson(hobbitsTypes.BeaconBlock, hobbitsBlock(rng, rng.between(1, 128_000), rng.logBetween(2_000, 50_000))),
    ),
  );
  const gossipAttestations = Array.from({ length: variants * 2 }, () =>
    gossip(sszJson(hobbitsTypes.Attestation, hobbitsAttestation(rng, rng.between(1, 128_000), rng.int(3) === 0))),
  );
  const pings = Array.from({ length: variants }, () => {
    const body = toHex(rng.bytes(32));
    return {
      request: hobbitsTemplate('PING', { body }, false),
      response: hobbitsTemplate('PONG', { body }, false),
    };
  });
  return {
    hello: { request: hobbitsRpc('HELLO', hello), response: hobbitsRpc('HELLO', hello) },
    status: { request: hobbitsRpc('GET_STATUS', status), response: hobbitsRpc('GET_STATUS', status) },
    headers,
    bodies,
    gossipBlocks,
    gossipAttestations,
    pings,
    goodbye: hobbitsRpc('GOODBYE', { reason: 1 }),
  };
}

// eth2 RPC: eth2.0-specs e0b4dd1a containers ----------------------------------------------------------------------

type Eth2Body = ValueOf<typeof eth2Types.BeaconBlockBody>;

function eth2Attestation(rng: Random, slot: number): ValueOf<typeof eth2Types.Attestation> {
  const epoch = BigInt(Math.floor(slot / 64));
  return {
    aggregation_bitfield: committeeBits(rng, COMMITTEE_SIZE, rng.between(60, 110)).uint8Array,
    data: {
      beacon_block_root: rng.bytes(32),
      source_epoch: epoch - 1n,
      source_root: rng.bytes(32),
      target_epoch: epoch,
      target_root: rng.bytes(32),
      crosslink: { shard: BigInt(rng.int(1024)), epoch, parent_root: rng.bytes(32), data_root: new Uint8Array(32) },
    },
    custody_bitfield: new Uint8Array(COMMITTEE_SIZE / 8),
    signature: rng.bytes(96),
  };
}

function eth2BlockBody(rng: Random, slot: number, size: number): Eth2Body {
  const deposits = rng.int(4) === 0 ? rng.between(1, 4) : 0;
  const attestations = Math.max(0, Math.min(128, Math.round((size - 400 - deposits * 1220) / 332)));
  return {
    randao_reveal: rng.bytes(96),
    eth1_data: { deposit_root: rng.bytes(32), deposit_count: BigInt(rng.int(100_000)), block_hash: rng.bytes(32) },
    graffiti: new Uint8Array(32),
    proposer_slashings: [],
    attester_slashings: [],
    attestations: Array.from({ length: attestations }, () => eth2Attestation(rng, slot - 1)),
    deposits: Array.from({ length: deposits }, (_, i) => ({
      proof: Array.from({ length: 32 }, () => rng.bytes(32)),
      index: BigInt(rng.int(100_000) + i),
      data: {
        pubkey: rng.bytes(48),
        withdrawal_credentials: rng.bytes(32),
        amount: 32_000_000_000n,
        signature: rng.bytes(96),
      },
    })),
    voluntary_exits: [],
    transfers: [],
  };
}

function eth2Exchange(name: string, body: JsonValue, result: JsonValue): Exchange {
  return {
    request: eth2Template(name, { body }),
    response: eth2Template(`${name}_response`, { result }),
  };
}

function eth2Pool(rng: Random, variants: number): Eth2RpcPool {
  const hello = sszJson(eth2Methods.Hello, {
    network_id: 1,
    chain_id: 1n,
    latest_finalized_root: rng.bytes(32),
    latest_finalized_epoch: 2000n,
    best_root: rng.bytes(32),
    best_slot: 128_100n,
  });
  const status = sszJson(eth2Methods.GetStatus, {
    sha: rng.bytes(32),
    user_agent: new TextEncoder().encode('Lighthouse/v0.1.0-bench'),
    timestamp: BigInt(GENESIS_TIME),
  });
  const roots = Array.from({ length: variants }, () => {
    // Hundreds of roots; now and then fewer than asked for (the chain ends), never more.
    const count = rng.between(64, 512);
    const found = rng.int(4) === 0 ? rng.between(1, count) : count;
    const start = rng.between(1, 128_000);
    return eth2Exchange(
      'beacon_block_roots',
      sszJson(eth2Methods.BeaconBlockRootsRequest, { start_slot: BigInt(start), count: BigInt(count) }),
      sszJson(eth2Methods.BeaconBlockRootsResponse, {
        roots: Array.from({ length: found }, (_, i) => ({ block_root: rng.bytes(32), slot: BigInt(start + i) })),
      }),
    );
  });
  const headers = Array.from({ length: variants }, () => {
    const max = rng.between(16, 64);
    const start = rng.between(1, 128_000);
    return eth2Exchange(
      'beacon_block_headers',
      sszJson(eth2Methods.BeaconBlockHeadersRequest, {
        start_root: rng.bytes(32),
        start_slot: BigInt(start),
        max_headers: BigInt(max),
        skip_slots: 0n,
      }),
      sszJson(eth2Methods.BeaconBlockHeadersResponse, {
        headers: Array.from({ length: rng.between(max - 8, max) }, (_, i) => ({
          slot: BigInt(start + i),
          parent_root: rng.bytes(32),
          state_root: rng.bytes(32),
          body_root: rng.bytes(32),
          signature: rng.bytes(96),
        })),
      }),
    );
  });
  const bodies = Array.from({ length: variants }, () => {
    const total = rng.logBetween(10_000, 200_000);
    const count = Math.ceil(total / 45_000);
    const slot = rng.between(1, 128_000);
    return eth2Exchange(
      'beacon_block_bodies',
      sszJson(eth2Methods.BeaconBlockBodiesRequest, {
        block_roots: Array.from({ length: count }, () => rng.bytes(32)),
      }),
      sszJson(eth2Methods.BeaconBlockBodiesResponse, {
        block_bodies: Array.from({ length: count }, (_, i) => eth2BlockBody(rng, slot + i, total / count)),
      }),
    );
  });
  return {
    hello: eth2Exchange('hello', hello, hello),
    status: eth2Exchange('get_status', status, status),
    roots,
    headers,
    bodies,
    goodbye: eth2Template('goodbye', { body: { reason: 1 } }),
  };
}

/** Builds both pools; `variants` entries per kind of large message. */
export function buildPools(seed: number, variants = 24): MessagePools {
  const rng = new Random(seed);
  return { hobbits: hobbitsPool(rng, variants), eth2rpc: eth2Pool(rng, variants) };
}

// Validation -----------------------------------------------------------------------------------------------------

/** Every template of both pools (each exchange's request and response). */
export function poolTemplates(pools: MessagePools): WireTemplate[] {
  const fromExchanges = (list: readonly Exchange[]) =>
    list.flatMap((e) => (e.response ? [e.request, e.response] : [e.request]));
  const h = pools.hobbits;
  const e = pools.eth2rpc;
  return [
    ...fromExchanges([h.hello, h.status, ...h.headers, ...h.bodies, ...h.pings]),
    ...h.gossipBlocks,
    ...h.gossipAttestations,
    h.goodbye,
    ...fromExchanges([e.hello, e.status, ...e.roots, ...e.headers, ...e.bodies]),
    e.goodbye,
  ];
}

/**
 * Decodes every template with the plugin's decoder and returns what is wrong: a different message name, or a
 * warning or error note. (An eth2 RPC response is read as its own message: outside a stream nothing says it answers.)
 */
export function validatePools(pools: MessagePools): string[] {
  const problems: string[] = [];
  for (const t of poolTemplates(pools)) {
    const decoded =
      t.protocol === 'hobbits'
        ? decodeHobbitsMessage(t.bytes, { checks: true })
        : decodeEth2RpcMessage(t.bytes, { only: t.message }).message;
    if (decoded.message !== t.message) problems.push(`${t.protocol} ${t.message} decodes as ${decoded.message}`);
    for (const n of collectNotes(decoded.tree)) {
      if (n.severity !== 'info') problems.push(`${t.protocol} ${t.message}: ${n.severity} ${n.kind}: ${n.text}`);
    }
  }
  return problems;
}

/** Sizes of the pooled messages by name, for the report (min, max, mean bytes). */
export function poolSizes(pools: MessagePools): Record<string, { min: number; max: number; mean: number }> {
  const sizes = new Map<string, number[]>();
  for (const t of poolTemplates(pools)) {
    const key = `${t.protocol} ${t.message}`;
    sizes.set(key, [...(sizes.get(key) ?? []), t.bytes.length]);
  }
  return Object.fromEntries(
    [...sizes].map(([k, list]) => [
      k,
      {
        min: Math.min(...list),
        max: Math.max(...list),
        mean: Math.round(list.reduce((a, b) => a + b, 0) / list.length),
      },
    ]),
  );
}
