import { ContainerType, ListCompositeType, type Type } from '@chainsafe/ssz';
import { BeaconBlockBody, BeaconBlockHeader, bytes, bytes32, uint64, uint8, UNBOUNDED } from './beacon-types';

/**
 * The RPC methods of `specs/networking/rpc-interface.md` @ e0b4dd1a (§Messages), their request and response bodies
 * (SSZ containers with the spec's field names) and the wrapper's code tables.
 */

export const SPEC = 'ethereum/eth2.0-specs specs/networking/rpc-interface.md @ e0b4dd1a';

/** §Hello, method 0: also the body of the reply (the responder answers with its own Hello). 89 bytes. */
export const Hello = new ContainerType(
  {
    network_id: uint8,
    chain_id: uint64,
    latest_finalized_root: bytes32,
    latest_finalized_epoch: uint64,
    best_root: bytes32,
    best_slot: uint64,
  },
  { typeName: 'Hello' },
);

/** §Goodbye, method 1: no response. */
export const Goodbye = new ContainerType({ reason: uint64 }, { typeName: 'Goodbye' });

/** §Get status, method 2: request and response have the same structure. */
export const GetStatus = new ContainerType(
  { sha: bytes32, user_agent: bytes, timestamp: uint64 },
  { typeName: 'GetStatus' },
);

/** §Request beacon block roots: "The `count` parameter MUST be less than or equal to `32768`". */
export const MAX_BLOCK_ROOTS_COUNT = 32768;

/** §Request beacon block roots, method 10. */
export const BeaconBlockRootsRequest = new ContainerType(
  { start_slot: uint64, count: uint64 },
  { typeName: 'BeaconBlockRootsRequest' },
);

/** §Request beacon block roots: `# BlockRootSlot` (40 bytes). */
export const BlockRootSlot = new ContainerType({ block_root: bytes32, slot: uint64 }, { typeName: 'BlockRootSlot' });

export const BeaconBlockRootsResponse = new ContainerType(
  { roots: new ListCompositeType(BlockRootSlot, MAX_BLOCK_ROOTS_COUNT) },
  { typeName: 'BeaconBlockRootsResponse' },
);

/** §Beacon block headers, method 11 (`start_root: HashTreeRoot` is 32 bytes). 56 bytes. */
export const BeaconBlockHeadersRequest = new ContainerType(
  { start_root: bytes32, start_slot: uint64, max_headers: uint64, skip_slots: uint64 },
  { typeName: 'BeaconBlockHeadersRequest' },
);

export const BeaconBlockHeadersResponse = new ContainerType(
  { headers: new ListCompositeType(BeaconBlockHeader, UNBOUNDED) },
  { typeName: 'BeaconBlockHeadersResponse' },
);

/** §Beacon block bodies, method 12. */
export const BeaconBlockBodiesRequest = new ContainerType(
  { block_roots: new ListCompositeType(bytes32, UNBOUNDED) },
  { typeName: 'BeaconBlockBodiesRequest' },
);

export const BeaconBlockBodiesResponse = new ContainerType(
  { block_bodies: new ListCompositeType(BeaconBlockBody, UNBOUNDED) },
  { typeName: 'BeaconBlockBodiesResponse' },
);

/** §Beacon chain state (preliminary), method 13: the response body is "TBD". */
export const BeaconChainStateRequest = new ContainerType(
  { hashes: new ListCompositeType(bytes32, UNBOUNDED) },
  { typeName: 'BeaconChainStateRequest' },
);

export type SszType = Type<unknown>;

export interface RpcMethod {
  /** `method_id` on the wire. */
  id: number;
  /** Message name of the request; its response is `<name>_response`. */
  name: string;
  /** Index of the request body in the body union, in the order §Messages lists them. */
  position: number;
  /** Section of rpc-interface.md. */
  section: string;
  summary: string;
  request: SszType;
  /** The response body; null when the method has no response, `unspecified` when the spec leaves it TBD. */
  response: SszType | null | 'unspecified';
  responseSummary?: string;
}

export const METHODS: readonly RpcMethod[] = [
  {
    id: 0,
    name: 'hello',
    position: 0,
    section: '§Hello',
    summary: 'Handshake: network, chain, finalized checkpoint and head; sent first by the initiator',
    request: Hello,
    response: Hello,
    responseSummary: "The responder's own Hello",
  },
  {
    id: 1,
    name: 'goodbye',
    position: 1,
    section: '§Goodbye',
    summary: 'Announces a disconnection with a reason',
    request: Goodbye,
    response: null,
  },
  {
    id: 2,
    name: 'get_status',
    position: 2,
    section: '§Get status',
    summary: 'Asks for metadata about the remote node',
    request: GetStatus,
    response: GetStatus,
    responseSummary: 'Metadata about the remote node',
  },
  {
    id: 10,
    name: 'beacon_block_roots',
    position: 3,
    section: '§Request beacon block roots',
    summary: 'Asks for up to `count` block roots and slots from `start_slot`',
    request: BeaconBlockRootsRequest,
    response: BeaconBlockRootsResponse,
    responseSummary: 'Block roots with their slots, in ascending slot order',
  },
  {
    id: 11,
    name: 'beacon_block_headers',
    position: 4,
    section: '§Beacon block headers',
    summary: 'Asks for at most `max_headers` block headers from (`start_root`, `start_slot`), skipping `skip_slots`',
    request: BeaconBlockHeadersRequest,
    response: BeaconBlockHeadersResponse,
    responseSummary: 'Beacon block headers',
  },
  {
    id: 12,
    name: 'beacon_block_bodies',
    position: 5,
    section: '§Beacon block bodies',
    summary: 'Asks for the block bodies of the given block roots',
    request: BeaconBlockBodiesRequest,
    response: BeaconBlockBodiesResponse,
    responseSummary: 'Block bodies in the order of the requested roots (zero-valued when unknown)',
  },
  {
    id: 13,
    name: 'beacon_chain_state',
    position: 6,
    section: '§Beacon chain state',
    summary: 'Asks for the state-tree nodes with the given hashes (preliminary)',
    request: BeaconChainStateRequest,
    response: 'unspecified',
    responseSummary: 'State-tree node values (format TBD in the spec: raw bytes)',
  },
];

const byId = new Map(METHODS.map((m) => [m.id, m]));
const byName = new Map(METHODS.map((m) => [m.name, m]));
const byResponseName = new Map(METHODS.filter((m) => m.response !== null).map((m) => [responseName(m), m]));

export function methodById(id: number): RpcMethod | undefined {
  return byId.get(id);
}

export function methodByName(name: string): RpcMethod | undefined {
  return byName.get(name);
}

/** The method whose response is called `name` (`hello_response` → hello). */
export function methodByResponseName(name: string): RpcMethod | undefined {
  return byResponseName.get(name);
}

export function responseName(method: RpcMethod): string {
  return `${method.name}_response`;
}

/** A request whose method id is not in the spec, and the response to it (or to a request never seen). */
export const UNKNOWN_METHOD = 'unknown_method';
export const UNTYPED_RESPONSE = 'response';
/** Bytes that are not a framed message at all (no `ETH` prefix, or shorter than a header). */
export const MALFORMED = 'malformed';

/** §RPC-over-libp2p: "The following response codes are predefined"; values below 1000 are reserved. */
export const RESPONSE_CODES: Readonly<Record<number, string>> = {
  0: 'no error',
  10: 'parse error',
  20: 'invalid request',
  30: 'method not found',
  40: 'server error',
};
export const RESERVED_RESPONSE_CODES = 1000;

/** §Goodbye reasons; custom reasons must be larger than 1000. */
export const GOODBYE_REASONS: Readonly<Record<number, string>> = {
  1: 'client shut down',
  2: 'irrelevant network',
  3: 'fault/error',
};
export const CUSTOM_GOODBYE_REASONS_ABOVE = 1000;
