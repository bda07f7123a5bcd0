import type { RpcMethodName } from '../../../decoders/hobbits/rpc-bodies';

/** Which values of each Hobbits body the manifest keeps (paths for pickValues). */

const BLOCK = [
  'slot',
  'parent_root',
  'state_root',
  'body.graffiti',
  'body.eth1_data.deposit_count',
  'body.attestations.length',
  'body.attestations.*.data.beacon_block_root',
  'body.attestations.*.data.target.epoch',
  'body.deposits.length',
  'body.deposits.*.data.pubkey',
  'body.deposits.*.data.amount',
  'signature',
];

const ATTESTATION = [
  'data.beacon_block_root',
  'data.source.epoch',
  'data.target.epoch',
  'data.crosslink.shard',
  'signature',
];

const GET_BLOCKS = ['start_root', 'start_slot', 'max', 'skip', 'direction'];

export const RPC_MAIN_VALUES: Record<RpcMethodName, readonly string[]> = {
  HELLO: ['network_id', 'chain_id', 'latest_finalized_root', 'latest_finalized_epoch', 'best_root', 'best_slot'],
  GOODBYE: ['reason'],
  GET_STATUS: ['user_agent', 'timestamp'],
  GET_BLOCK_HEADERS: GET_BLOCKS,
  BLOCK_HEADERS: ['headers.length', 'headers.*.slot', 'headers.*.parent_root', 'headers.*.body_root'],
  GET_BLOCK_BODIES: GET_BLOCKS,
  BLOCK_BODIES: ['bodies.length', ...BLOCK.map((p) => `bodies.*.${p}`)],
  GET_ATTESTATION: ['hash'],
  ATTESTATION: ATTESTATION.map((p) => `attestation.${p}`),
  GET_BEACON_STATES: ['hashes.length', 'hashes.*'],
  BEACON_STATES: ['states.length'],
};

export const GOSSIP_MAIN_VALUES = { BLOCK, ATTESTATION } as const;
