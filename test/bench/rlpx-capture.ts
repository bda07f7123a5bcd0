/**
 * Streams the RLPx benchmark capture to disk: hundreds of TCP connections open at once, each a real RLPx session
 * between two of Peerscope's sans-io endpoints (RlpxEndpoint) wired back to back: an ECIES handshake (EIP-8) in
 * both roles, Hello, then capability messages that the sending endpoint snappy-compresses and seals in AES-CTR
 * frames with their MACs, and that the receiving endpoint opens, checks and hands back unchanged. Three kinds of
 * peers: a LES light client and its server (les/4), a reth-style stateless node and a stateful one (eth/68 +
 * ress/1), and two full nodes (eth/68). Every session's key-log line goes to the key-log file.
 */
import { writeFileSync } from 'node:fs';
import { bytesEqual } from '../../decoders/core/bytes';
import type { AdvertisedCapability } from '../../decoders/devp2p/capabilities';
import { RlpxEndpoint, type RlpxOutput } from '../../decoders/devp2p/endpoint';
import { nodeIdOf } from '../../decoders/devp2p/secp256k1-keys';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { seededRandomness } from '../devp2p/support/in-memory-session';
import { Random } from './bench-messages';
import {
  addMessageCounts,
  CLIENT,
  clientHost,
  interleaveTcp,
  openCapture,
  SERVER,
  serverHost,
  sortedCounts,
  TcpConversation,
  type Side,
  type TcpWrite,
} from './capture-frames';
import { withRequestId, type CapabilityTemplate, type RlpxExchange, type RlpxPools } from './rlpx-messages';

export interface RlpxCaptureParams {
  /** The file grows until it is at least this large. */
  targetBytes: number;
  seed: number;
  /** Connections open at any time (until the last ones close). */
  concurrency: number;
  mss: number;
}

export type PeerKind = 'les' | 'ress' | 'eth';

/** What the generator wrote and the receiving endpoints accepted: the ground truth of the checks. */
export interface RlpxManifest {
  bytes: number;
  packets: number;
  connections: Record<PeerKind, number>;
  /** Messages by protocol (`p2p`, `les`, `eth`, `ress`), then by message name as Peerscope spells it. */
  messages: Record<string, Record<string, number>>;
  /** Requests answered by their response (Ping by Pong included): each pair is two `matched` messages. */
  answeredRequests: number;
  /** Bytes of the TCP streams (handshakes and frames). */
  streamBytes: number;
  /** Bytes of the capability messages' RLP payloads before compression. */
  capabilityPayloadBytes: number;
  keyLogLines: number;
  captureSeconds: number;
}

/** What one side does next in a scripted session. */
type Action =
  | { kind: 'message'; side: Side; template: CapabilityTemplate; id: bigint }
  | { kind: 'ping'; side: Side }
  | { kind: 'disconnect'; side: Side; reason: number };

const DISCONNECT = { tooManyPeers: 0x04, clientQuitting: 0x08 } as const;
const RLPX_PORT = 30303;

const CLIENT_IDS: Record<PeerKind, [string, string]> = {
  les: ['Geth/v1.13.15-stable-c5ba367e/linux-amd64/go1.22.1', 'Geth/v1.13.15-stable-c5ba367e/linux-amd64/go1.22.1'],
  ress: ['reth/v1.3.12-6f8e7258/x86_64-unknown-linux-gnu', 'reth/v1.3.12-6f8e7258/x86_64-unknown-linux-gnu'],
  eth: ['Geth/v1.15.11-stable-36b2371c/linux-amd64/go1.24.2', 'Nethermind/v1.31.10+0b3b9e4c/linux-x64/dotnet9.0.4'],
};

const CAPABILITIES: Record<PeerKind, AdvertisedCapability[]> = {
  les: [{ name: 'les', version: 4 }],
  ress: [
    { name: 'eth', version: 68 },
    { name: 'ress', version: 1 },
  ],
  eth: [{ name: 'eth', version: 68 }],
};

// Scripts --------------------------------------------------------------------------------------------------------

class SessionScript {
  readonly actions: Action[] = [];
  /** Requests with their answer, Pings with their Pong. */
  answered = 0;

  constructor(
    private readonly rng: Random,
    /** reth numbers ress requests from 0; geth and others take random 64-bit ids. */
    private nextSequentialId: bigint | null = null,
  ) {}

  send(side: Side, template: CapabilityTemplate): void {
    this.actions.push({ kind: 'message', side, template, id: 0n });
  }

  /** A request from `side` and its answer, under one fresh id. */
  exchange(e: RlpxExchange, side: Side = CLIENT): void {
    const id = this.nextId();
    this.actions.push({ kind: 'message', side, template: e.request, id });
    this.actions.push({ kind: 'message', side: side === CLIENT ? SERVER : CLIENT, template: e.response, id });
    this.answered++;
  }

  ping(side: Side): void {
    this.actions.push({ kind: 'ping', side });
    this.answered++;
  }

  disconnect(side: Side, reason: number): void {
    this.actions.push({ kind: 'disconnect', side, reason });
  }

  private nextId(): bigint {
    if (this.nextSequentialId !== null) return this.nextSequentialId++;
    return (BigInt(this.rng.int(2 ** 32)) << 32n) | BigInt(this.rng.int(2 ** 32));
  }
}

/**
 * A light client syncing from a LES server: both Statuses, the server's Announce, the header chain, then bodies,
 * receipts, proofs, code, CHT proofs and transactions as a wallet asks for them, now and then a StopMsg and
 * ResumeMsg from the server or a Ping, and the client's Disconnect.
 */
function lesScript(p: RlpxPools['les'], rng: Random): SessionScript {
  const s = new SessionScript(rng);
  s.send(CLIENT, p.clientStatus);
  s.send(SERVER, p.serverStatus);
  s.send(SERVER, p.announce);
  for (const e of p.headerSync) s.exchange(e);
  for (let steps = rng.between(8, 40); steps > 0; steps--) {
    const roll = rng.int(100);
    if (roll < 30) s.exchange(rng.pick(p.bodies));
    else if (roll < 50) s.exchange(rng.pick(p.receipts));
    else if (roll < 60) s.exchange(rng.pick(p.proofs));
    else if (roll < 68) s.exchange(rng.pick(p.codes));
    else if (roll < 75) s.exchange(rng.pick(p.helperTrie));
    else if (roll < 83) s.exchange(rng.pick(p.sendTx));
    else if (roll < 93) s.exchange(rng.pick(p.txStatus));
    else if (roll < 97) s.exchange(rng.pick(p.recentHeaders));
    else if (roll < 98) {
      s.send(SERVER, p.stop);
      s.send(SERVER, p.resume);
    } else s.ping(CLIENT);
  }
  s.disconnect(CLIENT, DISCONNECT.clientQuitting);
  return s;
}

/**
 * reth's stateless node and a stateful peer: eth Statuses, NodeTypes, then per block to execute its headers down to
 * the parent, its witness, the bytecode it lacks and now and then its body; the stateless node disconnects.
 */
function ressScript(pools: RlpxPools, rng: Random): SessionScript {
  const p = pools.ress;
  const s = new SessionScript(rng, 0n);
  s.send(CLIENT, pools.eth.statuses[0]);
  s.send(SERVER, pools.eth.statuses[1]);
  s.send(CLIENT, p.nodeTypes.stateless);
  s.send(SERVER, p.nodeTypes.stateful);
  for (let blocks = rng.between(2, 8); blocks > 0; blocks--) {
    const block = rng.pick(p.blocks);
    s.exchange(block.headers);
    s.exchange(block.witness);
    for (let codes = rng.between(0, 3); codes > 0; codes--) s.exchange(rng.pick(p.bytecodes));
    if (rng.int(3) === 0) s.exchange(block.body);
    if (rng.int(8) === 0) s.ping(rng.int(2) === 0 ? CLIENT : SERVER);
  }
  s.disconnect(CLIENT, DISCONNECT.clientQuitting);
  return s;
}

/**
 * Two full nodes: Statuses, the dialling node's header sync, bodies and receipts, transaction announcements both
 * ways (each fetched by the other side) and broadcasts; one of them disconnects.
 */
function ethScript(p: RlpxPools['eth'], rng: Random): SessionScript {
  const s = new SessionScript(rng);
  s.send(CLIENT, p.statuses[0]);
  s.send(SERVER, p.statuses[1]);
  for (const e of p.headerSync) s.exchange(e);
  for (let steps = rng.between(6, 30); steps > 0; steps--) {
    const roll = rng.int(100);
    const side: Side = rng.int(2) === 0 ? CLIENT : SERVER;
    if (roll < 30) s.exchange(rng.pick(p.bodies));
    else if (roll < 50) s.exchange(rng.pick(p.receipts));
    else if (roll < 80) {
      const a = rng.pick(p.announcements);
      s.send(side, a.announce);
      s.exchange(a.fetch, side === CLIENT ? SERVER : CLIENT);
    } else if (roll < 95) s.send(side, rng.pick(p.transactions));
    else s.ping(side);
  }
  s.disconnect(rng.int(2) === 0 ? CLIENT : SERVER, rng.pick([DISCONNECT.tooManyPeers, DISCONNECT.clientQuitting]));
  return s;
}

// Sessions -------------------------------------------------------------------------------------------------------

/** A capability message one endpoint sent and the other must hand back unchanged. */
interface InFlight {
  capability: string;
  code: number;
  payload: Uint8Array;
}

/** The writes of one finished session, what it sent, and its key-log line. */
interface PlayedSession {
  writes: { side: Side; bytes: Uint8Array }[];
  keyLogLine: string;
  /** `protocol \0 message` → count. */
  counts: Map<string, number>;
  answered: number;
  payloadBytes: number;
}

/**
 * Two RlpxEndpoints back to back: every `send` becomes a write of its side and is delivered to the other endpoint at
 * once (a queue, so each side's outputs stay in order). Any error event, or a message that arrives altered, throws.
 */
class EndpointPair {
  readonly writes: PlayedSession['writes'] = [];
  keyLogLine = '';
  private readonly endpoints: [RlpxEndpoint, RlpxEndpoint];
  private readonly expected: [InFlight[], InFlight[]] = [[], []];
  private pongs = 0;
  private closed = false;

  constructor(kind: PeerKind, seed: number) {
    const random = seededRandomness(seed);
    const keys = [random.privateKey(), random.privateKey()] as const;
    const hello = (side: Side) => ({
      clientId: CLIENT_IDS[kind][side],
      capabilities: CAPABILITIES[kind],
      listenPort: side === SERVER ? RLPX_PORT : 0,
    });
    this.endpoints = [
      new RlpxEndpoint({
        aes: nodeAes,
        privateKey: keys[0],
        role: 'initiator',
        remoteId: nodeIdOf(keys[1]),
        hello: hello(CLIENT),
        random,
      }),
      new RlpxEndpoint({ aes: nodeAes, privateKey: keys[1], role: 'recipient', hello: hello(SERVER), random }),
    ];
    this.endpoints[SERVER].start();
    this.deliver(CLIENT, this.endpoints[CLIENT].start());
    if (!this.endpoints.every((e) => e.isOpen && e.remoteHello)) throw new Error('RLPx session did not open');
  }

  message(side: Side, capability: string, code: number, payload: Uint8Array): void {
    this.expected[side].push({ capability, code, payload });
    this.deliver(side, this.endpoints[side].sendMessage(capability, code, payload));
  }

  /** Ping from `side`; true once its Pong came back. */
  ping(side: Side): boolean {
    const before = this.pongs;
    this.deliver(side, this.endpoints[side].ping());
    return this.pongs === before + 1;
  }

  disconnect(side: Side, reason: number): void {
    this.deliver(side, this.endpoints[side].disconnect(reason));
    if (!this.closed) throw new Error('the Disconnect did not close the session');
    for (const e of this.expected) if (e.length > 0) throw new Error('messages sent but never received');
  }

  private deliver(from: Side, outputs: RlpxOutput[]): void {
    const queue: { from: Side; outputs: RlpxOutput[] }[] = [{ from, outputs }];
    for (let next = queue.shift(); next; next = queue.shift()) {
      const to: Side = next.from === CLIENT ? SERVER : CLIENT;
      for (const o of next.outputs) {
        if (o.type === 'send') {
          this.writes.push({ side: next.from, bytes: o.bytes });
          queue.push({ from: to, outputs: this.endpoints[to].receive(o.bytes) });
        } else this.event(next.from, o);
      }
    }
  }

  /** An event of the endpoint on `side`. */
  private event(side: Side, o: RlpxOutput): void {
    switch (o.type) {
      case 'handshake':
        if (side === CLIENT) this.keyLogLine = o.keyLogLine;
        return;
      case 'message': {
        const sent = this.expected[side === CLIENT ? SERVER : CLIENT].shift();
        const same =
          sent && sent.capability === o.capability.name && sent.code === o.code && bytesEqual(sent.payload, o.payload);
        if (!same) throw new Error(`${o.capability.name} message ${o.code} arrived altered or unexpected`);
        return;
      }
      case 'pong':
        this.pongs++;
        return;
      case 'error':
        throw new Error(`RLPx endpoint: ${o.error}`);
      case 'disconnected':
        this.closed = true;
        return;
      default:
    }
  }
}

/** Plays a script through a fresh endpoint pair; the counts are of what the receiving endpoints accepted. */
function playSession(kind: PeerKind, script: SessionScript, seed: number): PlayedSession {
  const pair = new EndpointPair(kind, seed);
  const counts = new Map<string, number>();
  const count = (protocol: string, message: string, n = 1) => {
    const key = `${protocol}\u0000${message}`;
    counts.set(key, (counts.get(key) ?? 0) + n);
  };
  count('p2p', 'Auth');
  count('p2p', 'Ack');
  count('p2p', 'Hello', 2);
  let payloadBytes = 0;
  for (const action of script.actions) {
    if (action.kind === 'message') {
      const t = action.template;
      const payload = withRequestId(t, action.id);
      pair.message(action.side, t.capability, t.code, payload);
      count(t.capability, t.message);
      payloadBytes += payload.length;
    } else if (action.kind === 'ping') {
      if (!pair.ping(action.side)) throw new Error('a Ping was not answered');
      count('p2p', 'Ping');
      count('p2p', 'Pong');
    } else {
      pair.disconnect(action.side, action.reason);
      count('p2p', 'Disconnect');
    }
  }
  return { writes: pair.writes, keyLogLine: pair.keyLogLine, counts, answered: script.answered, payloadBytes };
}

// The capture ----------------------------------------------------------------------------------------------------

/** Writes the capture to `path` and the sessions' key log to `keyLogPath`. */
export function generateRlpxCapture(
  path: string,
  keyLogPath: string,
  pools: RlpxPools,
  params: RlpxCaptureParams,
  progress: (bytes: number) => void = () => {},
): RlpxManifest {
  const output = openCapture(path, params.mss);
  const rng = new Random(params.seed);
  const keyLog = ['# RLPx key log of the Peerscope benchmark capture (decoders/devp2p/KEYLOG.md)'];
  const manifest: RlpxManifest = {
    bytes: 0,
    packets: 0,
    connections: { les: 0, ress: 0, eth: 0 },
    messages: {},
    answeredRequests: 0,
    streamBytes: 0,
    capabilityPayloadBytes: 0,
    keyLogLines: 0,
    captureSeconds: 0,
  };
  let opened = 0;
  const open = (): TcpConversation => {
    const roll = rng.int(100);
    const kind: PeerKind = roll < 45 ? 'les' : roll < 85 ? 'ress' : 'eth';
    const script =
      kind === 'les' ? lesScript(pools.les, rng) : kind === 'ress' ? ressScript(pools, rng) : ethScript(pools.eth, rng);
    const session = playSession(kind, script, params.seed * 100_003 + opened);
    addMessageCounts(manifest.messages, session.counts);
    manifest.connections[kind]++;
    manifest.answeredRequests += session.answered;
    manifest.capabilityPayloadBytes += session.payloadBytes;
    keyLog.push(session.keyLogLine);
    const writes: TcpWrite[] = session.writes.map((w) => ({
      side: w.side,
      length: w.bytes.length,
      bytes: () => w.bytes,
    }));
    for (const w of writes) manifest.streamBytes += w.length;
    const index = opened++;
    const hosts = [clientHost(index, 32768 + (index % 28000)), serverHost(index, RLPX_PORT)] as const;
    return new TcpConversation(hosts, [rng.int(0xffffffff), rng.int(0xffffffff)], writes, params.mss, output.frames);
  };
  Object.assign(manifest, interleaveTcp(output, rng, params, open, progress));
  writeFileSync(keyLogPath, `${keyLog.join('\n')}\n`, { mode: 0o600 });
  manifest.keyLogLines = keyLog.length - 1;
  manifest.messages = sortedCounts(manifest.messages);
  return manifest;
}
