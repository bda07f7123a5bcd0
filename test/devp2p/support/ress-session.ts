import { join } from 'node:path';
import { bytesEqual } from '../../../decoders/core/bytes';
import type { AdvertisedCapability } from '../../../decoders/devp2p/capabilities';
import { systemRandomness } from '../../../decoders/devp2p/randomness';
import { nodeIdOf } from '../../../decoders/devp2p/secp256k1-keys';
import { ress } from '../../../decoders/ress';
import { RlpxKeyLogWriter } from '../../../src-main/rlpx/keylog-writer';
import { RlpxListener, RlpxPeer, type RlpxPeerOptions } from '../../../src-main/rlpx/rlpx-peer';
import { capabilityInbox, type ReceivedMessage } from './capability-inbox';
import type { Inbox } from './inbox';
import { p2pSent, recordConnection, type SentMessage } from './recorded-connection';
import { NODE_TYPES, RESS_EXCHANGE, type RessSide, type RessStep } from './ress-exchange';
import { withTimeout } from './tcpdump-recording';

/** reth runs ress beside eth: both announce eth/68 too, so ress sits after eth's 17 ids (offset 0x21). */
export const RESS_CAPABILITIES: AdvertisedCapability[] = [
  { name: 'eth', version: 68 },
  { name: 'ress', version: 1 },
];
const ARRIVAL_MS = 5_000;
const DISCONNECT_CLIENT_QUITTING = 0x08;

export interface RecordedRessSession {
  capture: string;
  keyLog: string;
  addresses: Record<RessSide, string>;
  nodeIds: Record<RessSide, Uint8Array>;
  sent: SentMessage[];
  disconnect: { by: RessSide; reason: number };
  tcpdumpStatistics: string;
}

interface Side {
  peer: RlpxPeer;
  received: Inbox<ReceivedMessage>;
}

/**
 * A ress/1 session between two Peerscope endpoints on loopback, recorded by tcpdump: the stateless node dials the
 * stateful one, both send NodeType, then RESS_EXCHANGE message by message, each awaited at the other end, then the
 * stateless node disconnects. Its endpoint writes the key log. Every wait is bounded.
 */
export async function recordRessSession(dir: string, name = 'ress'): Promise<RecordedRessSession> {
  const capture = join(dir, `${name}.pcap`);
  const keyLog = join(dir, `${name}.keylog`);
  const keys = { stateless: systemRandomness.privateKey(), stateful: systemRandomness.privateKey() };
  const hello = (clientId: string) => ({ clientId, capabilities: RESS_CAPABILITIES, listenPort: 0 });
  const statefulOptions: RlpxPeerOptions = { privateKey: keys.stateful, hello: hello('Peerscope/ress-stateful') };
  const statelessOptions: RlpxPeerOptions = {
    privateKey: keys.stateless,
    hello: hello('Peerscope/ress-stateless'),
    keyLog: new RlpxKeyLogWriter(keyLog),
  };
  const listener = await RlpxListener.listen({ host: '127.0.0.1', port: 0 }, statefulOptions);
  const peers: RlpxPeer[] = [];
  try {
    const { result, tcpdumpStatistics } = await recordConnection(capture, listener.port, async () => {
      const targetId = nodeIdOf(keys.stateful);
      const stateless = await RlpxPeer.connect(
        { host: '127.0.0.1', port: listener.port, remoteId: targetId },
        statelessOptions,
      );
      peers.push(stateless);
      const stateful = await listener.nextPeer(ARRIVAL_MS);
      peers.push(stateful);
      const sides = { stateless: side(stateless), stateful: side(stateful) };
      return { sides, sent: await runExchange(sides) };
    });
    const { stateless } = result.sides;
    return {
      capture,
      keyLog,
      addresses: {
        stateless: `127.0.0.1:${stateless.peer.localPort}`,
        stateful: `127.0.0.1:${stateless.peer.remotePort}`,
      },
      nodeIds: { stateless: nodeIdOf(keys.stateless), stateful: nodeIdOf(keys.stateful) },
      sent: result.sent,
      disconnect: { by: 'stateless', reason: DISCONNECT_CLIENT_QUITTING },
      tcpdumpStatistics,
    };
  } finally {
    for (const peer of peers) peer.destroy();
    await listener.close();
  }
}

function side(peer: RlpxPeer): Side {
  return { peer, received: capabilityInbox(peer, 'ress') };
}

async function runExchange(sides: Record<RessSide, Side>): Promise<SentMessage[]> {
  const sent: SentMessage[] = [p2pSent('stateless', 'Auth'), p2pSent('stateful', 'Ack')];
  await Promise.all([sides.stateless.peer.waitFor('hello', 10_000), sides.stateful.peer.waitFor('hello', 10_000)]);
  sent.push(p2pSent('stateful', 'Hello'), p2pSent('stateless', 'Hello'));
  for (const step of [NODE_TYPES.stateless, NODE_TYPES.stateful, ...RESS_EXCHANGE]) {
    sent.push(await send(step, sides[step.from].peer, sides[step.from === 'stateless' ? 'stateful' : 'stateless']));
  }
  const { stateless, stateful } = sides;
  stateless.peer.disconnect(DISCONNECT_CLIENT_QUITTING);
  sent.push(p2pSent('stateless', 'Disconnect'));
  await stateful.peer.waitFor('disconnected', ARRIVAL_MS);
  await withTimeout(Promise.all([stateless.peer.closed, stateful.peer.closed]), ARRIVAL_MS, 'sockets closing');
  return sent;
}

/** One step: composer JSON through the ress encoder, then the other end must receive exactly those bytes. */
async function send(step: RessStep, from: RlpxPeer, to: Side): Promise<SentMessage> {
  const message = String(step.json.message);
  const { code, payload } = from.sendComposed(ress, step.json);
  const got = await to.received.next(
    ARRIVAL_MS,
    `the ${step.from === 'stateless' ? 'stateful' : 'stateless'} side receiving ${message}`,
  );
  if (got.code !== code || !bytesEqual(got.payload, payload)) throw new Error(`${message} arrived altered`);
  return { by: step.from, protocol: 'ress', message, code, payload, fields: step.fields };
}
