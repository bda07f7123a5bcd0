import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { HelloInfo } from '../../../decoders/devp2p/hello-info';
import { systemRandomness } from '../../../decoders/devp2p/randomness';
import { nodeIdOf } from '../../../decoders/devp2p/secp256k1-keys';
import { analyzeCaptureFile, type CaptureReport } from '../../../src-main/engine/analyze-capture';
import { messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';
import type { PairInfo } from '../../../decoders/core/pairing';
import { defaultRegistry } from '../../../src-main/engine/protocols';
import { RlpxKeyLogWriter } from '../../../src-main/rlpx/keylog-writer';
import { RlpxListener, RlpxPeer, type RlpxPeerOptions } from '../../../src-main/rlpx/rlpx-peer';
import { EthereumjsPeer, OUR_LES_STATUS } from './ethereumjs-peer';
import { TcpdumpRecording, delay, withTimeout } from './tcpdump-recording';

export type InteropRole = 'we-initiate' | 'they-initiate';

/** What one recorded session sent, to compare the capture's decoding against. */
export interface RecordedSession {
  role: InteropRole;
  capture: string;
  keyLog: string;
  /** `127.0.0.1:port` of each side in the capture. */
  ours: string;
  theirs: string;
  ourId: Uint8Array;
  theirId: Uint8Array;
  theirHello: HelloInfo;
  theirStatus: Uint8Array;
  ourStatus: Uint8Array;
  /** The messages each side sent, in order (protocol/message). */
  sentByUs: string[];
  sentByThem: string[];
  disconnectReason: number;
  tcpdumpStatistics: string;
}

export const OUR_CLIENT_ID = 'Peerscope/interop';
const DISCONNECT_CLIENT_QUITTING = 0x08;
const DISCONNECT_TOO_MANY_PEERS = 0x04;

/**
 * A real session between Peerscope's endpoint and @ethereumjs/devp2p on loopback, recorded by tcpdump: Hello both
 * ways, LES Status both ways, Ping/Pong, Disconnect. Every wait is bounded; the peers are torn down whatever happens.
 */
export async function recordInteropSession(role: InteropRole, dir: string): Promise<RecordedSession> {
  const capture = join(dir, `${role}.pcap`);
  const keyLog = join(dir, `${role}.keylog`);
  const ourKey = systemRandomness.privateKey();
  const them = new EthereumjsPeer(systemRandomness.privateKey());
  const options: RlpxPeerOptions = {
    privateKey: ourKey,
    hello: { clientId: OUR_CLIENT_ID, capabilities: [{ name: 'les', version: 4 }], listenPort: 0 },
    keyLog: new RlpxKeyLogWriter(keyLog),
  };
  let listener: RlpxListener | null = null;
  let tcpdump: TcpdumpRecording | null = null;
  let peer: RlpxPeer | null = null;
  try {
    const port =
      role === 'we-initiate'
        ? await them.listen()
        : (listener = await RlpxListener.listen({ host: '127.0.0.1', port: 0 }, options)).port;
    tcpdump = await TcpdumpRecording.start(capture, port);
    if (role === 'we-initiate') {
      peer = await RlpxPeer.connect({ host: '127.0.0.1', port, remoteId: them.id }, options);
    } else {
      await them.connect(nodeIdOf(ourKey), port);
      peer = await listener!.nextPeer(5_000);
    }
    const hello = await peer.waitFor('hello', 10_000);
    peer.sendMessage('les', 0, OUR_LES_STATUS);
    const status = await peer.waitFor('message', 10_000);
    await them.status();
    peer.ping();
    await peer.waitFor('pong', 5_000);
    let reason: number;
    if (role === 'we-initiate') {
      await them.ping();
      await peer.waitFor('ping', 5_000);
      reason = DISCONNECT_CLIENT_QUITTING;
      peer.disconnect(reason);
    } else {
      reason = DISCONNECT_TOO_MANY_PEERS;
      await them.disconnect(reason);
      await peer.waitFor('disconnected', 5_000);
    }
    await withTimeout(peer.closed, 5_000, 'socket close');
    await tcpdump.waitForConnectionEnd();
    const tcpdumpStatistics = await tcpdump.stop();
    tcpdump = null;
    const ourAddress = `127.0.0.1:${role === 'we-initiate' ? peer.localPort : port}`;
    const theirAddress = `127.0.0.1:${role === 'we-initiate' ? port : peer.remotePort}`;
    const handshake = role === 'we-initiate' ? ['p2p/Auth', 'p2p/Ack'] : ['p2p/Ack', 'p2p/Auth'];
    return {
      role,
      capture,
      keyLog,
      ours: ourAddress,
      theirs: theirAddress,
      ourId: nodeIdOf(ourKey),
      theirId: them.id,
      theirHello: hello.hello,
      theirStatus: status.payload,
      ourStatus: OUR_LES_STATUS,
      sentByUs:
        role === 'we-initiate'
          ? [handshake[0]!, 'p2p/Hello', 'les/Status', 'p2p/Ping', 'p2p/Pong', 'p2p/Disconnect']
          : [handshake[0]!, 'p2p/Hello', 'les/Status', 'p2p/Ping'],
      sentByThem:
        role === 'we-initiate'
          ? [handshake[1]!, 'p2p/Hello', 'les/Status', 'p2p/Pong', 'p2p/Ping']
          : [handshake[1]!, 'p2p/Hello', 'les/Status', 'p2p/Pong', 'p2p/Disconnect'],
      disconnectReason: reason,
      tcpdumpStatistics,
    };
  } finally {
    peer?.destroy();
    await tcpdump?.stop();
    await listener?.close();
    them.destroy();
    // ethereumjs closes sockets on timers of its own; let them run out before the next session.
    await delay(50);
  }
}

export interface AnalyzedCapture {
  records: MessageRecord[];
  /** Each record's message bytes as decoded (for a capability message: its data after snappy, without the id). */
  bytes: Uint8Array[];
  report: CaptureReport;
}

/** The capture through the whole engine, as `peerscope inspect --json` would print it. */
export async function analyzeRecording(capture: string, keys: KeyStore): Promise<AnalyzedCapture> {
  const analyzed: AnalyzedMessage[] = [];
  const finalPair = new Map<number, PairInfo>();
  const report = await analyzeCaptureFile(
    capture,
    { registry: defaultRegistry(), keys },
    { message: (m) => analyzed.push(m), pairUpdate: (index, pair) => finalPair.set(index, pair) },
  );
  return {
    records: analyzed.map((m) => messageRecord(m, finalPair.get(m.index) ?? m.pair)),
    bytes: analyzed.map((m) => m.decoded.bytes),
    report,
  };
}

export function keysFromFile(path: string): KeyStore {
  const keys = new KeyStore();
  const problems = keys.addKeyLog(readFileSync(path, 'utf8'), path);
  if (problems.length > 0) throw new Error(`key log problems: ${JSON.stringify(problems)}`);
  return keys;
}
