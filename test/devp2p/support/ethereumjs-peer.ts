import { LES, RLPx, type Peer, type RLPxOptions } from '@ethereumjs/devp2p';
import { RLP, type Input } from '@ethereumjs/rlp';
import * as snappy from 'snappyjs';
import { Inbox } from './inbox';
import { withTimeout } from './tcpdump-recording';

/**
 * @ethereumjs/devp2p 6.1.3 as the independent peer of the interop tests, announcing les/4. Its LES needs a
 * `common` only for the chain id of its Status and its crypto hooks: a minimal stand-in for mainnet.
 */
const common = { chainId: () => 1n, customCrypto: {} } as unknown as RLPxOptions['common'];

/** The LES Status values both sides use (ethereumjs refuses a peer with another network or genesis). */
export const STATUS = {
  headTd: Uint8Array.of(0x01, 0x00),
  headHash: new Uint8Array(32).fill(0xab),
  headNum: Uint8Array.of(0x10),
  genesisHash: new Uint8Array(32).fill(0xd4),
};

/** Our LES Status payload: the key/value list of les.md with the same network and genesis. */
export const OUR_LES_STATUS = RLP.encode(
  (
    [
      ['protocolVersion', Uint8Array.of(4)],
      ['networkId', Uint8Array.of(1)],
      ['headTd', STATUS.headTd],
      ['headHash', STATUS.headHash],
      ['headNum', STATUS.headNum],
      ['genesisHash', STATUS.genesisHash],
      ['announceType', Uint8Array.of(1)],
    ] as const
  ).map(([key, value]) => [new TextEncoder().encode(key), value]),
);

/** A LES message as ethereumjs's LES object hands it over or puts it on the wire (before snappy). */
export interface EthereumjsLesMessage {
  code: number;
  payload: Uint8Array;
}

/** The parts of ethereumjs's LES object the tests reach into: its send hook (to log what it sends). */
interface LesInternals {
  _send(code: number, data: Uint8Array): unknown;
}

export interface EthereumjsPeerOptions {
  /** The Status values it sends (sendStatus adds protocolVersion, networkId and announceType). Default STATUS. */
  status?: Record<string, Input>;
}

export class EthereumjsPeer {
  readonly rlpx: RLPx;
  readonly errors: string[] = [];
  readonly removed: { reason: number; byThem: boolean }[] = [];
  /** Every LES message it sent, payload decompressed, in order (Status included). */
  readonly lesSent: EthereumjsLesMessage[] = [];
  /** Every LES message its LES object passed on (Status excepted: that one resolves `status()`). */
  readonly lesReceived = new Inbox<EthereumjsLesMessage>();
  private readonly added: Promise<Peer>;
  private readonly statusReceived: Promise<unknown>;
  private lesProtocol: LES | null = null;

  constructor(privateKey: Uint8Array, options: EthereumjsPeerOptions = {}) {
    this.rlpx = new RLPx(privateKey, {
      capabilities: [LES.les4],
      common,
      maxPeers: 5,
      clientId: new TextEncoder().encode('ethereumjs-interop'),
    });
    this.rlpx.events.on('peer:error', (_peer: Peer, error: Error) => this.errors.push(error.message));
    this.rlpx.events.on('peer:removed', (_peer: Peer, reason: number, disconnectWe: boolean) =>
      this.removed.push({ reason, byThem: disconnectWe }),
    );
    let statusResolve: (status: unknown) => void = () => {};
    this.statusReceived = new Promise((resolve) => (statusResolve = resolve));
    this.added = new Promise((resolve) =>
      this.rlpx.events.once('peer:added', (peer: Peer) => {
        const les = peer.getProtocols()[0] as LES;
        this.lesProtocol = les;
        this.logSends(les, peer);
        les.events.once('status', statusResolve);
        // Its LES object passes Status on as a message too, after its own checks: that one resolves status().
        les.events.on('message', (code: number, payload: Input) => {
          if (code !== LES.MESSAGE_CODES.STATUS) this.lesReceived.push({ code, payload: RLP.encode(payload) });
        });
        // sendStatus fills in protocolVersion, networkId and announceType itself.
        les.sendStatus({ ...(options.status ?? STATUS) } as unknown as Parameters<LES['sendStatus']>[0]);
        resolve(peer);
      }),
    );
  }

  get id(): Uint8Array {
    return this.rlpx.id;
  }

  listen(): Promise<number> {
    return withTimeout(
      new Promise((resolve) => {
        this.rlpx.events.once('listening', () =>
          resolve((this.rlpx as unknown as { _server: { address(): { port: number } } })._server.address().port),
        );
        this.rlpx.listen(0, '127.0.0.1');
      }),
      5_000,
      'ethereumjs listen',
    );
  }

  connect(id: Uint8Array, port: number): Promise<void> {
    return this.rlpx.connect({ id, address: '127.0.0.1', tcpPort: port });
  }

  peer(): Promise<Peer> {
    return withTimeout(this.added, 10_000, 'ethereumjs peer:added');
  }

  /** Resolves when our LES Status passed ethereumjs's checks (same version, network, genesis). */
  status(): Promise<unknown> {
    return withTimeout(this.statusReceived, 10_000, 'ethereumjs LES status');
  }

  /** A LES message through its own `LES.sendMessage` (which RLP-encodes and compresses it). */
  async sendLes(code: number, payload: Input): Promise<void> {
    await this.peer();
    this.lesProtocol!.sendMessage(code, payload);
  }

  /** ethereumjs pings only every 15 s on its own: ask for one now (its method is private). */
  async ping(): Promise<void> {
    ((await this.peer()) as unknown as { _sendPing(): void })._sendPing();
  }

  async disconnect(reason: number): Promise<void> {
    (await this.peer()).disconnect(reason);
  }

  destroy(): void {
    this.rlpx.destroy();
  }

  /** Logs what its LES object hands the peer to send, undoing the snappy it applies for a p2p v5 peer. */
  private logSends(les: LES, peer: Peer): void {
    const internals = les as unknown as LesInternals;
    const send = internals._send.bind(les);
    const remoteVersion = () => (peer as unknown as { _hello: { protocolVersion: number } | null })._hello;
    internals._send = (code, data) => {
      const compressed = (remoteVersion()?.protocolVersion ?? 0) >= 5;
      this.lesSent.push({ code, payload: compressed ? snappy.uncompress(data) : data });
      return send(code, data);
    };
  }
}
