import { join } from 'node:path';
import { bytesEqual, toHex } from '../../../decoders/core/bytes';
import type { JsonObject } from '../../../decoders/core/json';
import { les } from '../../../decoders/les';
import { systemRandomness } from '../../../decoders/devp2p/randomness';
import { nodeIdOf } from '../../../decoders/devp2p/secp256k1-keys';
import { RlpxKeyLogWriter } from '../../../src-main/rlpx/keylog-writer';
import { RlpxListener, RlpxPeer, type RlpxPeerOptions } from '../../../src-main/rlpx/rlpx-peer';
import { EthereumjsPeer } from './ethereumjs-peer';
import { capabilityInbox } from './capability-inbox';
import type { InteropRole } from './interop-session';
import { CLIENT_STATUS, LES_EXCHANGE, SERVER_STATUS, SERVER_STATUS_FIELDS, type LesStep } from './les-exchange';
import { p2pSent, recordConnection, type SentMessage } from './recorded-connection';
import { delay, withTimeout } from './tcpdump-recording';

export const LES_CLIENT_ID = 'Peerscope/les-interop';
/** Each message must arrive within this; a loopback hop takes well under a millisecond. */
const ARRIVAL_MS = 5_000;
/** The client quitting ends a Peerscope-initiated session; ethereumjs ends its own with "disconnect requested". */
const DISCONNECT_CLIENT_QUITTING = 0x08;
const DISCONNECT_REQUESTED = 0x00;

export interface RecordedLesSession {
  role: InteropRole;
  capture: string;
  keyLog: string;
  /** `127.0.0.1:port` of each side in the capture. */
  addresses: { peerscope: string; ethereumjs: string };
  nodeIds: { peerscope: Uint8Array; ethereumjs: Uint8Array };
  /** What each side sent, in the order it sent it. */
  sent: SentMessage[];
  disconnect: { by: 'peerscope' | 'ethereumjs'; reason: number };
  tcpdumpStatistics: string;
}

/**
 * A LES session between Peerscope's endpoint (the light client) and @ethereumjs/devp2p (the server) on loopback,
 * recorded by tcpdump: Hello, both Statuses, then LES_EXCHANGE message by message, each awaited at the other side,
 * then a Disconnect from the side that dialled. Every wait is bounded; both peers are torn down whatever happens.
 */
export async function recordLesSession(
  role: InteropRole,
  dir: string,
  name = `les-${role}`,
): Promise<RecordedLesSession> {
  const capture = join(dir, `${name}.pcap`);
  const keyLog = join(dir, `${name}.keylog`);
  const ourKey = systemRandomness.privateKey();
  const them = new EthereumjsPeer(systemRandomness.privateKey(), { status: SERVER_STATUS });
  const options: RlpxPeerOptions = {
    privateKey: ourKey,
    hello: { clientId: LES_CLIENT_ID, capabilities: [{ name: 'les', version: 4 }], listenPort: 0 },
    keyLog: new RlpxKeyLogWriter(keyLog),
  };
  let listener: RlpxListener | null = null;
  const peers: RlpxPeer[] = [];
  try {
    const port =
      role === 'we-initiate'
        ? await them.listen()
        : (listener = await RlpxListener.listen({ host: '127.0.0.1', port: 0 }, options)).port;
    const { result, tcpdumpStatistics } = await recordConnection(capture, port, async () => {
      let peer: RlpxPeer;
      if (role === 'we-initiate') {
        peer = await RlpxPeer.connect({ host: '127.0.0.1', port, remoteId: them.id }, options);
      } else {
        await them.connect(nodeIdOf(ourKey), port);
        peer = await listener!.nextPeer(ARRIVAL_MS);
      }
      peers.push(peer);
      return { peer, ...(await runExchange(peer, them, role)) };
    });
    const { peer, sent, disconnect } = result;
    const ours = `127.0.0.1:${role === 'we-initiate' ? peer.localPort : port}`;
    const theirs = `127.0.0.1:${role === 'we-initiate' ? port : peer.remotePort}`;
    return {
      role,
      capture,
      keyLog,
      addresses: { peerscope: ours, ethereumjs: theirs },
      nodeIds: { peerscope: nodeIdOf(ourKey), ethereumjs: them.id },
      sent,
      disconnect,
      tcpdumpStatistics,
    };
  } finally {
    for (const peer of peers) peer.destroy();
    await listener?.close();
    them.destroy();
    // ethereumjs closes sockets on timers of its own; let them run out before the next session.
    await delay(50);
  }
}

async function runExchange(
  peer: RlpxPeer,
  them: EthereumjsPeer,
  role: InteropRole,
): Promise<Pick<RecordedLesSession, 'sent' | 'disconnect'>> {
  const received = capabilityInbox(peer, 'les');
  const ours: SentMessage[] = [p2pSent('peerscope', role === 'we-initiate' ? 'Auth' : 'Ack')];
  await peer.waitFor('hello', 10_000);
  ours.push(p2pSent('peerscope', 'Hello'));
  const status = peer.sendComposed(les, CLIENT_STATUS);
  ours.push({
    by: 'peerscope',
    protocol: 'les',
    message: 'Status',
    ...status,
    fields: CLIENT_STATUS.fields as JsonObject,
  });
  await them.status();
  await expectArrival(received.next(ARRIVAL_MS, 'the server Status'), 0x00, 'Status');
  for (const step of LES_EXCHANGE) {
    if (step.from === 'client') ours.push(await sendRequest(peer, them, step));
    else await sendReply(them, step, received);
  }
  const disconnect = role === 'we-initiate' ? await weDisconnect(peer, ours) : await theyDisconnect(peer, them);
  return { sent: [...ours, ...theirMessages(them, role, disconnect.by === 'ethereumjs')], disconnect };
}

/** Peerscope sends; ethereumjs's LES object must pass on the very same payload. */
async function sendRequest(
  peer: RlpxPeer,
  them: EthereumjsPeer,
  step: Extract<LesStep, { from: 'client' }>,
): Promise<SentMessage> {
  const message = String(step.json.message);
  const sent = peer.sendComposed(les, step.json);
  const got = await them.lesReceived.next(ARRIVAL_MS, `ethereumjs receiving ${message}`);
  if (got.code !== sent.code || !bytesEqual(got.payload, sent.payload)) {
    throw new Error(`ethereumjs received code ${got.code} ${toHex(got.payload)} for ${message}`);
  }
  return { by: 'peerscope', protocol: 'les', message, ...sent, fields: step.json.fields as JsonObject };
}

async function sendReply(
  them: EthereumjsPeer,
  step: Extract<LesStep, { from: 'server' }>,
  received: ReturnType<typeof capabilityInbox>,
): Promise<void> {
  await them.sendLes(step.code, step.payload);
  await expectArrival(received.next(ARRIVAL_MS, `Peerscope receiving ${step.message}`), step.code, step.message);
}

async function expectArrival(arrival: Promise<{ code: number }>, code: number, message: string): Promise<void> {
  const got = await arrival;
  if (got.code !== code)
    throw new Error(`expected ${message} (0x${code.toString(16)}), got code 0x${got.code.toString(16)}`);
}

async function weDisconnect(peer: RlpxPeer, ours: SentMessage[]): Promise<RecordedLesSession['disconnect']> {
  peer.disconnect(DISCONNECT_CLIENT_QUITTING);
  ours.push(p2pSent('peerscope', 'Disconnect'));
  await withTimeout(peer.closed, ARRIVAL_MS, 'socket close');
  return { by: 'peerscope', reason: DISCONNECT_CLIENT_QUITTING };
}

async function theyDisconnect(peer: RlpxPeer, them: EthereumjsPeer): Promise<RecordedLesSession['disconnect']> {
  await them.disconnect(DISCONNECT_REQUESTED);
  await peer.waitFor('disconnected', ARRIVAL_MS);
  await withTimeout(peer.closed, ARRIVAL_MS, 'socket close');
  return { by: 'ethereumjs', reason: DISCONNECT_REQUESTED };
}

/** ethereumjs's side, its LES messages as its LES object handed them to its peer, named by the script. */
function theirMessages(them: EthereumjsPeer, role: InteropRole, disconnected: boolean): SentMessage[] {
  const steps = LES_EXCHANGE.filter((s): s is Extract<LesStep, { from: 'server' }> => s.from === 'server');
  const named = [
    { message: 'Status', fields: SERVER_STATUS_FIELDS as Record<string, unknown> },
    ...steps.map((s) => ({ message: s.message, fields: s.fields })),
  ];
  if (them.lesSent.length !== named.length) {
    throw new Error(`ethereumjs sent ${them.lesSent.length} LES messages, the script ${named.length}`);
  }
  const lesMessages = them.lesSent.map((m, i): SentMessage => ({
    by: 'ethereumjs',
    protocol: 'les',
    ...named[i]!,
    code: m.code,
    payload: m.payload,
  }));
  return [
    p2pSent('ethereumjs', role === 'we-initiate' ? 'Ack' : 'Auth'),
    p2pSent('ethereumjs', 'Hello'),
    ...lesMessages,
    ...(disconnected ? [p2pSent('ethereumjs', 'Disconnect')] : []),
  ];
}
