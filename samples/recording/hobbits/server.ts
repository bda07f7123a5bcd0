import type { Socket } from 'node:net';
import type { ValueOf } from '@chainsafe/ssz';
import type { RPC_BODY_TYPES } from '../../../decoders/hobbits/rpc-bodies';
import { LoopbackServer } from '../loopback-server';
import type { ConnectionLog } from '../manifest';
import type { OutgoingMessage } from '../outgoing';
import type { Segmentation } from '../paced-socket';
import { PeerConnection } from '../peer-connection';
import { SeededRandom } from '../seeded-random';
import type { BeaconBlock, HobbitsChain } from './beacon-chain';
import { parseHobbits, type HobbitsReceived } from './incoming';
import { gossipMessage, pingMessage, rpcMessage } from './outgoing';
import { hobbitsFramer, type HobbitsForm } from './wire';

/**
 * The Hobbits node the sample clients talk to. It answers what it parses, in the dialect it was spoken to: HELLO
 * with its own HELLO (then gossips its newest block), GET_STATUS with its status, block and attestation requests
 * from its chain, PING with the echoing PONG. It does not serve beacon states (GET_BEACON_STATES stays unanswered,
 * as the seed allows: "There is no SLA for responding") and ignores what it cannot read.
 */

export const NETWORK_ID = 5;
export const CHAIN_ID = 1;
/** The sample's clock: July 2019, the Hobbits interop days. Seconds since the epoch. */
export const SAMPLE_CLOCK = 1_563_900_000;

const SERVER_USER_AGENT = 'hobbits-sample-node/0.3 (peerscope samples)';
const SEGMENTATIONS: readonly Segmentation[] = ['separate', 'split', 'straddle', 'together'];

export class HobbitsServer {
  private readonly server = new LoopbackServer((socket) => this.accept(socket));
  private readonly problems: string[] = [];

  /** `logs` finds a connection's manifest log by the client's port. */
  constructor(
    private readonly chain: HobbitsChain,
    private readonly gossipBlock: BeaconBlock,
    private readonly logs: (clientPort: number) => ConnectionLog,
  ) {}

  listen(): Promise<number> {
    return this.server.listen();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** What the server could not read, or failed to do (the malformed message shows up here on purpose). */
  report(): readonly string[] {
    return this.problems;
  }

  private accept(socket: Socket): void {
    const port = socket.remotePort ?? 0;
    let replies = 0;
    const respond = (m: HobbitsReceived): void => {
      if (m.kind === 'unreadable') {
        this.problems.push(`${port}: cannot read a message: ${m.reason}`);
        return;
      }
      const answer = this.answer(m);
      if (answer.length === 0) return;
      // Replies rotate through the segmentations, so every kind shows up on every connection.
      const segmentation = SEGMENTATIONS[replies++ % SEGMENTATIONS.length]!;
      peer.send(answer, segmentation).catch((e: unknown) => this.problems.push(`${port}: ${String(e)}`));
    };
    const peer = new PeerConnection<HobbitsReceived>(
      socket,
      'server',
      () => this.logs(port),
      new SeededRandom(port),
      hobbitsFramer,
      parseHobbits,
      respond,
    );
    // The client said goodbye and closed: close too, once the replies are out.
    socket.on('end', () => void peer.writer.end().catch(() => socket.destroy()));
    socket.on('error', (e) => this.problems.push(`${port}: ${e.message}`));
  }

  private answer(m: Exclude<HobbitsReceived, { kind: 'unreadable' }>): OutgoingMessage[] {
    switch (m.kind) {
      case 'ping':
        return [pingMessage(m.form, 'pong', m.body)];
      case 'pong':
      case 'gossip':
        return [];
      case 'rpc':
        return this.answerRpc(m.form, m.method, m.id, m.body);
    }
  }

  private answerRpc(form: HobbitsForm, method: string, id: number, body: unknown): OutgoingMessage[] {
    const chain = this.chain;
    switch (method) {
      case 'HELLO':
        return [
          rpcMessage(form, 'HELLO', id, this.hello()),
          gossipMessage(form, { topic: 'BLOCK', value: this.gossipBlock }, SAMPLE_CLOCK + 12),
        ];
      case 'GET_STATUS':
        return [
          rpcMessage(form, 'GET_STATUS', id, {
            user_agent: Buffer.from(SERVER_USER_AGENT),
            timestamp: BigInt(SAMPLE_CLOCK) * 1000n + 431n,
          }),
        ];
      case 'GET_BLOCK_HEADERS': {
        const blocks = chain.select(body as Request<'GET_BLOCK_HEADERS'>);
        return [rpcMessage(form, 'BLOCK_HEADERS', id, { headers: blocks.map((b) => chain.header(b)) })];
      }
      case 'GET_BLOCK_BODIES':
        return [rpcMessage(form, 'BLOCK_BODIES', id, { bodies: chain.select(body as Request<'GET_BLOCK_BODIES'>) })];
      case 'GET_ATTESTATION': {
        const attestation = chain.attestationByRoot((body as Request<'GET_ATTESTATION'>).hash);
        return attestation ? [rpcMessage(form, 'ATTESTATION', id, { attestation })] : [];
      }
      default:
        // GOODBYE needs no answer; GET_BEACON_STATES is not served.
        return [];
    }
  }

  private hello(): Request<'HELLO'> {
    const finalized = this.chain.blocks[0]!;
    return {
      network_id: NETWORK_ID,
      chain_id: CHAIN_ID,
      latest_finalized_root: this.chain.root(finalized),
      latest_finalized_epoch: finalized.slot / 64n,
      best_root: this.chain.root(this.chain.head),
      best_slot: this.chain.head.slot,
    };
  }
}

type Request<M extends keyof typeof RPC_BODY_TYPES> = ValueOf<(typeof RPC_BODY_TYPES)[M]>;
