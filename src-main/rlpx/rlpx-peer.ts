import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { JsonObject } from '../../decoders/core/json';
import type { Capability } from '../../decoders/devp2p/capability';
import { RlpxEndpoint, type RlpxEndpointOptions, type RlpxOutput } from '../../decoders/devp2p/endpoint';
import { splitMessageId } from '../../decoders/devp2p/p2p-messages';
import type { RlpxKeyLogWriter } from './keylog-writer';
import { nodeAes } from './node-aes';

/** The endpoint's events (everything but the transport commands). */
export type RlpxEvent = Exclude<RlpxOutput, { type: 'send' } | { type: 'close' }>;

export interface RlpxPeerOptions extends Omit<RlpxEndpointOptions, 'aes' | 'role' | 'remoteId'> {
  /** Where to append the session's RLPX key-log line (opt-in). */
  keyLog?: RlpxKeyLogWriter;
  /** The connection is dropped if the handshake and both Hellos take longer (geth: 5 s). */
  handshakeTimeoutMs?: number;
}

/**
 * An RLPx connection on a Node socket: the only place where the sans-io RlpxEndpoint meets I/O. Endpoint `send`
 * commands become socket writes, `close` ends the socket; events are kept in order and can be awaited.
 */
export class RlpxPeer {
  readonly events: RlpxEvent[] = [];
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;
  private readonly endpoint: RlpxEndpoint;
  private readonly waiters: {
    match: (e: RlpxEvent) => boolean;
    resolve: (e: RlpxEvent) => void;
    timer: NodeJS.Timeout;
  }[] = [];
  private readonly listeners: ((e: RlpxEvent) => void)[] = [];
  private readonly handshakeTimer: NodeJS.Timeout;
  /** The socket's ports, kept: a closed socket forgets them. */
  readonly localPort: number | undefined;
  readonly remotePort: number | undefined;

  private constructor(
    private readonly socket: Socket,
    endpointOptions: RlpxEndpointOptions,
    private readonly options: RlpxPeerOptions,
  ) {
    this.endpoint = new RlpxEndpoint(endpointOptions);
    this.localPort = socket.localPort;
    this.remotePort = socket.remotePort;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.handshakeTimer = setTimeout(() => {
      if (!this.endpoint.remoteHello) this.apply(this.endpoint.disconnect(0x0b));
    }, options.handshakeTimeoutMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => this.apply(this.endpoint.receive(new Uint8Array(chunk))));
    socket.on('error', (error) => this.record({ type: 'error', error: error.message }));
    socket.once('close', () => {
      clearTimeout(this.handshakeTimer);
      this.apply(this.endpoint.transportClosed());
    });
  }

  /** Dials `host:port` and starts the handshake as initiator; resolves once TCP is connected. */
  static connect(
    target: { host: string; port: number; remoteId: Uint8Array },
    options: RlpxPeerOptions,
  ): Promise<RlpxPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: target.host, port: target.port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        const peer = new RlpxPeer(
          socket,
          { ...options, aes: nodeAes, role: 'initiator', remoteId: target.remoteId },
          options,
        );
        peer.apply(peer.endpoint.start());
        resolve(peer);
      });
    });
  }

  /** Serves an accepted socket as recipient. */
  static accept(socket: Socket, options: RlpxPeerOptions): RlpxPeer {
    const peer = new RlpxPeer(socket, { ...options, aes: nodeAes, role: 'recipient' }, options);
    peer.apply(peer.endpoint.start());
    return peer;
  }

  get nodeId(): Uint8Array {
    return this.endpoint.nodeId;
  }

  onEvent(listener: (event: RlpxEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The first event (already seen or to come) of `type` that satisfies `match`; rejects after `timeoutMs`. */
  waitFor<T extends RlpxEvent['type']>(
    type: T,
    timeoutMs: number,
    match: (e: Extract<RlpxEvent, { type: T }>) => boolean = () => true,
  ): Promise<Extract<RlpxEvent, { type: T }>> {
    const test = (e: RlpxEvent): e is Extract<RlpxEvent, { type: T }> =>
      e.type === type && match(e as Extract<RlpxEvent, { type: T }>);
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(`no ${type} event within ${timeoutMs} ms (events: ${this.events.map((e) => e.type).join(', ')})`),
        );
      }, timeoutMs);
      const waiter = { match: test, resolve: resolve as (e: RlpxEvent) => void, timer };
      this.waiters.push(waiter);
    });
  }

  sendMessage(capability: string, code: number, payload: Uint8Array): void {
    this.apply(this.endpoint.sendMessage(capability, code, payload));
  }

  /**
   * A capability message from composer JSON (`{message, fields}`, as `peerscope encode` takes it), encoded by the
   * capability's own declaration and sent at its negotiated offset. Returns the capability-relative code and the
   * payload as sent (before snappy), so a caller can log exactly what went out. Throws EncodeError on bad JSON.
   */
  sendComposed(capability: Capability, json: JsonObject): { code: number; payload: Uint8Array } {
    const { code, payload } = splitMessageId(capability.encodeMessage(json));
    if (code === null) throw new Error(`${capability.capability} encoded a message without a message id`);
    this.sendMessage(capability.capability, code, payload);
    return { code, payload };
  }

  ping(): void {
    this.apply(this.endpoint.ping());
  }

  disconnect(reason: number): void {
    this.apply(this.endpoint.disconnect(reason));
  }

  /** Drops the connection without a Disconnect. */
  destroy(): void {
    this.socket.destroy();
  }

  private apply(outputs: RlpxOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'send') {
        if (!this.socket.destroyed) this.socket.write(o.bytes);
      } else if (o.type === 'close') this.socket.end();
      else this.record(o);
    }
  }

  private record(event: RlpxEvent): void {
    if (event.type === 'handshake') this.options.keyLog?.append(event.keyLogLine);
    if (event.type === 'hello') clearTimeout(this.handshakeTimer);
    this.events.push(event);
    for (const l of this.listeners) l(event);
    for (const w of [...this.waiters]) {
      if (!w.match(event)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      clearTimeout(w.timer);
      w.resolve(event);
    }
  }
}

/** A TCP listener whose connections are served as RLPx recipients. */
export class RlpxListener {
  private readonly accepted: RlpxPeer[] = [];
  private readonly pending: ((peer: RlpxPeer) => void)[] = [];

  private constructor(
    private readonly server: Server,
    options: RlpxPeerOptions,
  ) {
    server.on('connection', (socket) => {
      const peer = RlpxPeer.accept(socket, options);
      const next = this.pending.shift();
      if (next) next(peer);
      else this.accepted.push(peer);
    });
  }

  static listen(address: { host: string; port: number }, options: RlpxPeerOptions): Promise<RlpxListener> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(address.port, address.host, () => resolve(new RlpxListener(server, options)));
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next accepted connection; rejects after `timeoutMs`. */
  nextPeer(timeoutMs: number): Promise<RlpxPeer> {
    const ready = this.accepted.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      this.pending.push((peer) => {
        clearTimeout(timer);
        resolve(peer);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
