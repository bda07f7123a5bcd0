import type { Socket } from 'node:net';
import type { ValueOf } from '@chainsafe/ssz';
import type {
  BeaconBlockBodiesRequest,
  BeaconBlockHeadersRequest,
  BeaconBlockRootsRequest,
  Hello,
} from '../../../decoders/eth2rpc/methods';
import { ledgerFramer } from '../ledger-framer';
import { LoopbackServer } from '../loopback-server';
import type { ConnectionLog } from '../manifest';
import type { OutgoingMessage } from '../outgoing';
import { delay, type Segmentation } from '../paced-socket';
import { PeerConnection } from '../peer-connection';
import { SeededRandom } from '../seeded-random';
import type { Eth2Chain } from './beacon-chain';
import { parseRequest, type Eth2Request } from './incoming';
import { cutShort, errorResponse, response } from './outgoing';

/**
 * The eth2 RPC node the sample clients talk to. It answers what it parses: its own hello, its status, roots,
 * headers and bodies from its chain, code 30 for a method it does not know. The spec leaves the beacon_chain_state
 * response TBD, so that request stays unanswered. Lookups take different times, so requests that arrive together
 * are answered out of order ("responses MAY arrive in a different order than requests"). One request id is
 * answered with a result cut short, on purpose.
 */

export const NETWORK_ID = 2;
export const CHAIN_ID = 1n;
export const SAMPLE_CLOCK_MS = 1_558_000_000_000n;
export const SERVER_SHA = Buffer.from('c0ffee00'.repeat(8), 'hex');

/** Milliseconds each method's lookup takes: bodies come from a cache, roots from a slow index. */
const LOOKUP_MS: Record<string, number> = { beacon_block_bodies: 4, beacon_block_headers: 14, beacon_block_roots: 24 };
const SEGMENTATIONS: readonly Segmentation[] = ['split', 'separate', 'straddle'];

export interface Eth2ServerOptions {
  /** The request whose response goes out cut short. */
  botchedRequestId: bigint;
}

export class Eth2Server {
  private readonly server = new LoopbackServer((socket) => this.accept(socket));
  private readonly problems: string[] = [];

  constructor(
    private readonly chain: Eth2Chain,
    private readonly logs: (clientPort: number) => ConnectionLog,
    private readonly options: Eth2ServerOptions,
  ) {}

  listen(): Promise<number> {
    return this.server.listen();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  report(): readonly string[] {
    return this.problems;
  }

  private accept(socket: Socket): void {
    const port = socket.remotePort ?? 0;
    const log = () => this.logs(port);
    let replies = 0;
    const pendingReplies: Promise<void>[] = [];
    const respond = (m: Eth2Request): void => {
      const replied = this.answer(m).then((answer) => {
        if (answer.length === 0) return;
        return peer.send(answer, SEGMENTATIONS[replies++ % SEGMENTATIONS.length]!);
      });
      pendingReplies.push(replied.catch((e: unknown) => void this.problems.push(`${port}: ${String(e)}`)));
    };
    const peer = new PeerConnection<Eth2Request>(
      socket,
      'server',
      log,
      new SeededRandom(port),
      ledgerFramer(log, 'client'),
      parseRequest,
      respond,
    );
    // The client said goodbye and closed: close too, once the lookups in flight are answered.
    socket.on('end', () => {
      void Promise.all(pendingReplies)
        .then(() => peer.writer.end())
        .catch(() => socket.destroy());
    });
    socket.on('error', (e) => this.problems.push(`${port}: ${e.message}`));
  }

  private async answer(m: Eth2Request): Promise<OutgoingMessage[]> {
    switch (m.kind) {
      case 'unreadable':
        this.problems.push(`cannot read a request: ${m.reason}`);
        return [];
      case 'unknown-method':
        return [errorResponse(m.id, 30, `method not found: ${m.methodId}`)];
      case 'request':
        await delay(LOOKUP_MS[m.method.name] ?? 0);
        return this.answerMethod(m.id, m.method.name, m.body);
    }
  }

  private answerMethod(id: bigint, name: string, body: unknown): OutgoingMessage[] {
    const chain = this.chain;
    switch (name) {
      case 'hello':
        return [response(id, 'hello', this.hello())];
      case 'get_status':
        return [
          response(id, 'get_status', {
            sha: SERVER_SHA,
            user_agent: Buffer.from('rpc-sample-node/0.6.1'),
            timestamp: SAMPLE_CLOCK_MS + 917n,
          }),
        ];
      case 'beacon_block_roots': {
        const { start_slot, count } = body as ValueOf<typeof BeaconBlockRootsRequest>;
        return [response(id, name, { roots: chain.roots(start_slot, count) })];
      }
      case 'beacon_block_headers': {
        const headers = chain.headers(body as ValueOf<typeof BeaconBlockHeadersRequest>);
        const built = response(id, name, { headers });
        return [id === this.options.botchedRequestId ? cutShort(built) : built];
      }
      case 'beacon_block_bodies': {
        const { block_roots } = body as ValueOf<typeof BeaconBlockBodiesRequest>;
        return [response(id, name, { block_bodies: chain.bodies(block_roots) })];
      }
      default:
        // goodbye needs no answer; beacon_chain_state has no specified response.
        return [];
    }
  }

  private hello(): ValueOf<typeof Hello> {
    const finalized = this.chain.blocks[0]!;
    return {
      network_id: NETWORK_ID,
      chain_id: CHAIN_ID,
      latest_finalized_root: finalized.root,
      latest_finalized_epoch: finalized.slot / 64n,
      best_root: this.chain.head.root,
      best_slot: this.chain.head.slot,
    };
  }
}
