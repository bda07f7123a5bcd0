import { ByteListType, ContainerType, ListCompositeType } from '@chainsafe/ssz';
import { Bytes32, mainnetTypes, minimalTypes, uint64, uint8, type BeaconTypes } from './beacon-types';

/**
 * The SSZ containers of the RPC bodies (Hobbits spec "RPC Methods", method ids 0–17), with the seed's field names.
 *
 * The seed gives `bytes` and `[]T` without bounds. SSZ needs a limit for hash_tree_root and the composer's schema, so
 * the lists and byte strings take the bound ChainSafe Lodestar's hobbits wire types used in August 2019
 * (`maxLength: 32000` on every response list, on `user_agent` and on the requested hashes). A bound only changes
 * the merkle root and the `ssz.limit` warning, never how the bytes decode.
 */
export const HOBBITS_LIST_LIMIT = 32000;

const bytes = new ByteListType(HOBBITS_LIST_LIMIT);

export const Hello = new ContainerType(
  {
    network_id: uint8,
    chain_id: uint8,
    latest_finalized_root: Bytes32,
    latest_finalized_epoch: uint64,
    best_root: Bytes32,
    best_slot: uint64,
  },
  { typeName: 'Hello' },
);

export const Goodbye = new ContainerType({ reason: uint64 }, { typeName: 'Goodbye' });

export const GetStatus = new ContainerType({ user_agent: bytes, timestamp: uint64 }, { typeName: 'GetStatus' });

/** GET_BLOCK_HEADERS and GET_BLOCK_BODIES share their request body. */
export const GetBlocks = new ContainerType(
  { start_root: Bytes32, start_slot: uint64, max: uint64, skip: uint64, direction: uint8 },
  { typeName: 'GetBlocks' },
);

export const GetAttestation = new ContainerType({ hash: bytes }, { typeName: 'GetAttestation' });

export const GetBeaconStates = new ContainerType(
  { hashes: new ListCompositeType(Bytes32, HOBBITS_LIST_LIMIT) },
  { typeName: 'GetBeaconStates' },
);

/** The response containers depend on the beacon-chain preset (only BEACON_STATES really does). */
export function responseBodies(t: BeaconTypes) {
  return {
    BlockHeaders: new ContainerType(
      { headers: new ListCompositeType(t.BeaconBlockHeader, HOBBITS_LIST_LIMIT) },
      { typeName: 'BlockHeaders' },
    ),
    BlockBodies: new ContainerType(
      { bodies: new ListCompositeType(t.BeaconBlock, HOBBITS_LIST_LIMIT) },
      { typeName: 'BlockBodies' },
    ),
    AttestationResponse: new ContainerType({ attestation: t.Attestation }, { typeName: 'AttestationResponse' }),
    BeaconStates: new ContainerType(
      { states: new ListCompositeType(t.BeaconState, HOBBITS_LIST_LIMIT) },
      { typeName: 'BeaconStates' },
    ),
  };
}

export const mainnetResponses = responseBodies(mainnetTypes);
/** BEACON_STATES as the 2019 interop testnets (minimal preset) sent it. */
export const MinimalBeaconStates = responseBodies(minimalTypes).BeaconStates;

/** The body container of every RPC method, by message name (mainnet preset). */
export const RPC_BODY_TYPES = {
  HELLO: Hello,
  GOODBYE: Goodbye,
  GET_STATUS: GetStatus,
  GET_BLOCK_HEADERS: GetBlocks,
  BLOCK_HEADERS: mainnetResponses.BlockHeaders,
  GET_BLOCK_BODIES: GetBlocks,
  BLOCK_BODIES: mainnetResponses.BlockBodies,
  GET_ATTESTATION: GetAttestation,
  ATTESTATION: mainnetResponses.AttestationResponse,
  GET_BEACON_STATES: GetBeaconStates,
  BEACON_STATES: mainnetResponses.BeaconStates,
} as const;

export type RpcMethodName = keyof typeof RPC_BODY_TYPES;

export function isRpcMethodName(name: string): name is RpcMethodName {
  return Object.hasOwn(RPC_BODY_TYPES, name);
}
