/** Which values of each eth2 RPC body and result the manifest keeps (paths for pickValues). */

const HELLO = ['network_id', 'chain_id', 'latest_finalized_root', 'latest_finalized_epoch', 'best_root', 'best_slot'];
const STATUS = ['sha', 'user_agent', 'timestamp'];

export const REQUEST_MAIN_VALUES: Record<string, readonly string[]> = {
  hello: HELLO,
  goodbye: ['reason'],
  get_status: STATUS,
  beacon_block_roots: ['start_slot', 'count'],
  beacon_block_headers: ['start_root', 'start_slot', 'max_headers', 'skip_slots'],
  beacon_block_bodies: ['block_roots.length', 'block_roots.*'],
  beacon_chain_state: ['hashes.length', 'hashes.*'],
};

export const RESPONSE_MAIN_VALUES: Record<string, readonly string[]> = {
  hello: HELLO,
  get_status: STATUS,
  beacon_block_roots: ['roots.length', 'roots.*.block_root', 'roots.*.slot'],
  beacon_block_headers: ['headers.length', 'headers.*.slot', 'headers.*.parent_root', 'headers.*.body_root'],
  beacon_block_bodies: [
    'block_bodies.length',
    'block_bodies.*.graffiti',
    'block_bodies.*.eth1_data.deposit_count',
    'block_bodies.*.attestations.length',
    'block_bodies.*.attestations.*.data.beacon_block_root',
    'block_bodies.*.attestations.*.data.target_epoch',
    'block_bodies.*.deposits.length',
    'block_bodies.*.deposits.*.index',
    'block_bodies.*.deposits.*.data.amount',
  ],
};
