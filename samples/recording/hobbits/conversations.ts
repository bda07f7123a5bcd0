import { mainnetTypes } from '../../../decoders/hobbits/beacon-types';
import { connectLoopback, type Conversation as GenericConversation } from '../conversation';
import { ConnectionLog } from '../manifest';
import { withTimeout } from '../paced-socket';
import { PeerConnection } from '../peer-connection';
import { SeededRandom } from '../seeded-random';
import type { HobbitsChain, BeaconBlock, Attestation } from './beacon-chain';
import { parseHobbits, type HobbitsReceived } from './incoming';
import { gossipMessage, headerWithWrongLength, pingMessage, rpcMessage } from './outgoing';
import { CHAIN_ID, NETWORK_ID, SAMPLE_CLOCK } from './server';
import { hobbitsFramer, type HobbitsForm } from './wire';

/**
 * The three Hobbits clients, one per 2019 dialect, each telling a different story. They run at the same time
 * against one server; each has its own seeded generator, so its content does not depend on the interleaving.
 */

/** What the clients share: the network's chain (as the server serves it) and the objects gossiped on it. */
export interface HobbitsWorld {
  chain: HobbitsChain;
  serverPort: number;
  /** The block the server gossips after each HELLO; the Lodestar client builds on it. */
  serverBlock: BeaconBlock;
  clientBlock: BeaconBlock;
  clientAttestation: Attestation;
}

type Client = PeerConnection<HobbitsReceived>;

export type Conversation = GenericConversation<HobbitsWorld>;

export function hobbitsConversations(seed: number): Conversation[] {
  return [
    conversation(
      'spec',
      'binary v3, SSZ bodies, int32 ids: handshake, status, pipelined headers and bodies, ping, an unanswered GET_BEACON_STATES',
      seed + 1,
      specStory,
    ),
    conversation(
      'artemis',
      'binary v3, document bodies, int64 numbers: handshake, headers, bodies, a GET_STATUS with a broken header, attestation, gossip',
      seed + 2,
      artemisStory,
    ),
    conversation(
      'lodestar',
      'text request lines, SSZ bodies, 16-digit double ids: handshake, status, ping, attestation, gossip of a block and an attestation',
      seed + 3,
      lodestarStory,
    ),
  ];
}

type Story = (c: Client, world: HobbitsWorld, random: SeededRandom, form: HobbitsForm) => Promise<void>;

function conversation(form: HobbitsForm, story: string, seed: number, tell: Story): Conversation {
  const log = new ConnectionLog(form, story);
  return {
    log,
    async run(world, register) {
      const random = new SeededRandom(seed);
      const socket = await connectLoopback(world.serverPort);
      log.clientPort = socket.localPort!;
      register(log);
      const client = new PeerConnection<HobbitsReceived>(
        socket,
        'client',
        () => log,
        random,
        hobbitsFramer,
        parseHobbits,
      );
      await tell(client, world, random, form);
      await withTimeout(client.close(), 10_000, `closing the ${form} connection`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The stories

async function specStory(c: Client, world: HobbitsWorld, random: SeededRandom, form: HobbitsForm): Promise<void> {
  const { chain } = world;
  let id = 1;
  await handshake(c, world, form, id++);
  await status(c, form, id++, 'spec-client/1.0');
  const first = chain.blocks[1]!;
  const headers = id++;
  const bodies = id++;
  await c.send(
    [
      rpcMessage(form, 'GET_BLOCK_HEADERS', headers, getBlocks(first.slot, 5n, 0n, 1)),
      rpcMessage(form, 'GET_BLOCK_BODIES', bodies, getBlocks(chain.head.slot, 3n, 1n, 0)),
    ],
    'straddle',
  );
  await rpcReply(c, 'BLOCK_BODIES', bodies);
  await rpcReply(c, 'BLOCK_HEADERS', headers);
  await ping(c, form, random);
  const states = rpcMessage(form, 'GET_BEACON_STATES', id++, {
    hashes: [chain.head.state_root, chain.blocks[2]!.state_root],
  });
  await c.send([{ ...states, unanswered: 'the server does not serve beacon states' }], 'separate');
  await goodbye(c, form, id);
}

async function artemisStory(c: Client, world: HobbitsWorld, _random: SeededRandom, form: HobbitsForm): Promise<void> {
  const { chain } = world;
  let id = 1;
  await handshake(c, world, form, id++);
  const headers = id++;
  await c.send([rpcMessage(form, 'GET_BLOCK_HEADERS', headers, getBlocks(chain.blocks[0]!.slot, 3n, 2n, 1))], 'split');
  await rpcReply(c, 'BLOCK_HEADERS', headers);
  const bodies = id++;
  await c.send([rpcMessage(form, 'GET_BLOCK_BODIES', bodies, getBlocks(chain.blocks[3]!.slot, 2n, 0n, 1))], 'separate');
  const received = await rpcReply(c, 'BLOCK_BODIES', bodies);
  const broken = headerWithWrongLength(form, id++, { user_agent: Buffer.from('artemis/0.1'), timestamp: clock(2) });
  const wanted = (received.body as { bodies: BeaconBlock[] }).bodies[1]!.body.attestations[0]!;
  const attestation = id++;
  await c.send(
    [broken, rpcMessage(form, 'GET_ATTESTATION', attestation, { hash: mainnetTypes.Attestation.hashTreeRoot(wanted) })],
    'together',
  );
  await rpcReply(c, 'ATTESTATION', attestation);
  await c.send(
    [gossipMessage(form, { topic: 'ATTESTATION', value: world.clientAttestation }, SAMPLE_CLOCK + 30)],
    'split',
  );
  await goodbye(c, form, id);
}

async function lodestarStory(c: Client, world: HobbitsWorld, random: SeededRandom, form: HobbitsForm): Promise<void> {
  const { chain } = world;
  await handshake(c, world, form, random.sixteenDigitId());
  await status(c, form, random.sixteenDigitId(), 'lodestar/0.0.1 hobbits');
  await ping(c, form, random);
  const wanted = chain.blocks[2]!.body.attestations[0]!;
  const attestation = random.sixteenDigitId();
  await c.send(
    [rpcMessage(form, 'GET_ATTESTATION', attestation, { hash: mainnetTypes.Attestation.hashTreeRoot(wanted) })],
    'split',
  );
  await rpcReply(c, 'ATTESTATION', attestation);
  await c.send(
    [
      gossipMessage(form, { topic: 'BLOCK', value: world.clientBlock }, SAMPLE_CLOCK + 24),
      gossipMessage(form, { topic: 'ATTESTATION', value: world.clientAttestation }, SAMPLE_CLOCK + 25),
    ],
    'together',
  );
  await goodbye(c, form, random.sixteenDigitId());
}

// ---------------------------------------------------------------------------------------------------------------
// Steps every story uses

/** HELLO both ways (same id), then the block the server gossips right after. */
async function handshake(c: Client, world: HobbitsWorld, form: HobbitsForm, id: number): Promise<void> {
  const { chain } = world;
  const behind = chain.blocks.at(-3)!;
  const hello = {
    network_id: NETWORK_ID,
    chain_id: CHAIN_ID,
    latest_finalized_root: chain.root(chain.blocks[0]!),
    latest_finalized_epoch: chain.blocks[0]!.slot / 64n,
    best_root: chain.root(behind),
    best_slot: behind.slot,
  };
  await c.send([rpcMessage(form, 'HELLO', id, hello)], 'separate');
  await rpcReply(c, 'HELLO', id);
  await c.inbox.waitFor((m) => m.kind === 'gossip' && m.topic === 'BLOCK', 'the gossiped block');
}

async function status(c: Client, form: HobbitsForm, id: number, userAgent: string): Promise<void> {
  await c.send(
    [rpcMessage(form, 'GET_STATUS', id, { user_agent: Buffer.from(userAgent), timestamp: clock(1) })],
    'split',
  );
  await rpcReply(c, 'GET_STATUS', id);
}

async function ping(c: Client, form: HobbitsForm, random: SeededRandom): Promise<void> {
  const body = random.bytes(32);
  await c.send([pingMessage(form, 'ping', body)], 'split');
  const pong = await c.inbox.waitFor((m) => m.kind === 'pong', 'PONG');
  if (pong.kind === 'pong' && !Buffer.from(pong.body).equals(body)) throw new Error('PONG does not echo the PING');
}

async function goodbye(c: Client, form: HobbitsForm, id: number): Promise<void> {
  await c.send([rpcMessage(form, 'GOODBYE', id, { reason: 1n })], 'separate');
}

function rpcReply(c: Client, method: string, id: number): Promise<Extract<HobbitsReceived, { kind: 'rpc' }>> {
  return c.inbox.waitFor((m) => m.kind === 'rpc' && m.method === method && m.id === id, `${method} ${id}`) as Promise<
    Extract<HobbitsReceived, { kind: 'rpc' }>
  >;
}

function getBlocks(startSlot: bigint, max: bigint, skip: bigint, direction: number) {
  return { start_root: new Uint8Array(32), start_slot: startSlot, max, skip, direction };
}

/** A GET_STATUS timestamp: milliseconds on the sample's clock. */
function clock(second: number): bigint {
  return BigInt(SAMPLE_CLOCK + second) * 1000n;
}
