import type { Type } from '@chainsafe/ssz';
import { ledgerFramer } from '../ledger-framer';
import { connectLoopback, type Conversation as GenericConversation } from '../conversation';
import { ConnectionLog } from '../manifest';
import type { OutgoingMessage } from '../outgoing';
import { withTimeout, type Segmentation } from '../paced-socket';
import { PeerConnection } from '../peer-connection';
import { SeededRandom } from '../seeded-random';
import type { Eth2Chain } from './beacon-chain';
import { parseResponse, type Eth2Response } from './incoming';
import { method, request, unknownRequest } from './outgoing';
import { CHAIN_ID, NETWORK_ID, SAMPLE_CLOCK_MS } from './server';

/**
 * The three eth2 RPC clients, each with its own story, run at the same time against one server. Request ids are
 * uint64: the third client counts from 2^60, beyond what a JSON number holds exactly.
 */

export interface Eth2World {
  chain: Eth2Chain;
  serverPort: number;
}

/** The request of the faults story that the server answers cut short (see Eth2ServerOptions). */
export const BOTCHED_REQUEST_ID = 2n ** 60n + 3n;

type Client = PeerConnection<Eth2Response>;

export type Conversation = GenericConversation<Eth2World>;

type Story = (c: RpcClient, world: Eth2World) => Promise<void>;

export function eth2Conversations(seed: number): Conversation[] {
  return [
    conversation(
      'sync: hello both ways, block roots, headers from a root with skipped slots, bodies (one root unknown), goodbye',
      seed + 1,
      1n,
      syncStory,
    ),
    conversation(
      'pipelined: hello, status, then roots, headers and bodies in one segment, answered out of order, goodbye',
      seed + 2,
      100n,
      pipelinedStory,
    ),
    conversation(
      'faults: hello, an unknown method (code 30), an unanswered beacon_chain_state, a headers response cut short, status, goodbye',
      seed + 3,
      2n ** 60n,
      faultsStory,
    ),
  ];
}

function conversation(story: string, seed: number, firstId: bigint, tell: Story): Conversation {
  const log = new ConnectionLog('ssz', story);
  return {
    log,
    async run(world, register) {
      const random = new SeededRandom(seed);
      const socket = await connectLoopback(world.serverPort);
      log.clientPort = socket.localPort!;
      register(log);
      const peer = new PeerConnection<Eth2Response>(
        socket,
        'client',
        () => log,
        random,
        ledgerFramer(() => log, 'server'),
        parseResponse,
      );
      await tell(new RpcClient(peer, random, firstId), world);
      await withTimeout(peer.close(), 10_000, 'closing an eth2 RPC connection');
    },
  };
}

/** A client that numbers its requests and types each response by the request it answers. */
class RpcClient {
  constructor(
    readonly peer: Client,
    readonly random: SeededRandom,
    private nextId: bigint,
  ) {}

  id(): bigint {
    return this.nextId++;
  }

  send(messages: OutgoingMessage[], segmentation: Segmentation): Promise<void> {
    return this.peer.send(messages, segmentation);
  }

  /** Waits for the response to `id` and reads its result as `name`'s response body (undefined: an error code). */
  async result<T>(id: bigint, name: string): Promise<T | undefined> {
    const r = await this.peer.inbox.waitFor((m) => m.id === id, `the response to ${name} ${id}`);
    if (r.code !== 0) return undefined;
    return (method(name).response as Type<unknown>).deserialize(r.result) as T;
  }

  async call<T>(name: string, body: unknown, segmentation: Segmentation): Promise<T> {
    const id = this.id();
    await this.send([request(id, name, body)], segmentation);
    const result = await this.result<T>(id, name);
    if (result === undefined) throw new Error(`${name} ${id} failed`);
    return result;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The stories

async function syncStory(c: RpcClient, { chain }: Eth2World): Promise<void> {
  await handshake(c, chain, 'separate');
  const { roots } = await c.call<{ roots: { block_root: Uint8Array; slot: bigint }[] }>(
    'beacon_block_roots',
    { start_slot: chain.blocks[0]!.slot, count: 8n },
    'split',
  );
  await c.call(
    'beacon_block_headers',
    { start_root: roots[1]!.block_root, start_slot: roots[1]!.slot, max_headers: 4n, skip_slots: 1n },
    'separate',
  );
  const unknownRoot = c.random.bytes(32);
  await c.call(
    'beacon_block_bodies',
    { block_roots: [roots[2]!.block_root, unknownRoot, roots[4]!.block_root] },
    'straddle',
  );
  await goodbye(c, 1n);
}

async function pipelinedStory(c: RpcClient, { chain }: Eth2World): Promise<void> {
  await handshake(c, chain, 'split');
  await c.call('get_status', status('pipelining-client/0.2'), 'separate');
  const [roots, headers, bodies] = [c.id(), c.id(), c.id()];
  await c.send(
    [
      request(roots, 'beacon_block_roots', { start_slot: chain.head.slot - 4n, count: 5n }),
      request(headers, 'beacon_block_headers', {
        start_root: new Uint8Array(32),
        start_slot: chain.blocks[2]!.slot,
        max_headers: 3n,
        skip_slots: 0n,
      }),
      request(bodies, 'beacon_block_bodies', { block_roots: [chain.head.root, chain.blocks[1]!.root] }),
    ],
    'together',
  );
  await Promise.all([
    c.result(roots, 'beacon_block_roots'),
    c.result(headers, 'beacon_block_headers'),
    c.result(bodies, 'beacon_block_bodies'),
  ]);
  await goodbye(c, 1n);
}

async function faultsStory(c: RpcClient, { chain }: Eth2World): Promise<void> {
  await handshake(c, chain, 'straddle');
  const unknown = c.id();
  // A method from a later draft (beacon_attestations) this server does not know: union position 7, a start slot.
  const payload = Buffer.alloc(12);
  payload.writeUInt32LE(7, 0);
  payload.writeBigUInt64LE(chain.head.slot, 4);
  await c.send([unknownRequest(unknown, 99, payload)], 'separate');
  if ((await c.result(unknown, 'hello')) !== undefined) throw new Error('method 99 should fail');
  const state = request(c.id(), 'beacon_chain_state', { hashes: [chain.head.header.state_root] });
  await c.send(
    [{ ...state, unanswered: 'the spec leaves the beacon_chain_state response TBD: the server never answers' }],
    'split',
  );
  const botched = c.id();
  if (botched !== BOTCHED_REQUEST_ID) throw new Error(`the botched request got id ${botched}`);
  await c.send(
    [
      request(botched, 'beacon_block_headers', {
        start_root: new Uint8Array(32),
        start_slot: chain.blocks[3]!.slot,
        max_headers: 2n,
        skip_slots: 0n,
      }),
    ],
    'separate',
  );
  const cut = await c.peer.inbox.waitFor((m) => m.id === botched, 'the botched headers response');
  if (readsAs(cut.result, 'beacon_block_headers')) throw new Error('the botched response should not read as headers');
  await c.call('get_status', status('faults-client/0.1'), 'split');
  // Reason 3: fault/error (§Goodbye), after a peer that sent a broken response.
  await goodbye(c, 3n);
}

// ---------------------------------------------------------------------------------------------------------------
// Steps every story uses

/** §Hello: the initiator sends hello first; the responder answers with its own. */
async function handshake(c: RpcClient, chain: Eth2Chain, segmentation: Segmentation): Promise<void> {
  const behind = chain.blocks.at(-2)!;
  const hello = {
    network_id: NETWORK_ID,
    chain_id: CHAIN_ID,
    latest_finalized_root: chain.blocks[0]!.root,
    latest_finalized_epoch: chain.blocks[0]!.slot / 64n,
    best_root: behind.root,
    best_slot: behind.slot,
  };
  await c.call('hello', hello, segmentation);
}

function status(userAgent: string) {
  return { sha: Buffer.alloc(32, 0xab), user_agent: Buffer.from(userAgent), timestamp: SAMPLE_CLOCK_MS + 250n };
}

async function goodbye(c: RpcClient, reason: bigint): Promise<void> {
  await c.send([request(c.id(), 'goodbye', { reason })], 'separate');
}

function readsAs(result: Uint8Array, name: string): boolean {
  try {
    (method(name).response as Type<unknown>).deserialize(result);
    return true;
  } catch {
    return false;
  }
}
