import type { Direction } from '../../../decoders/core/dissector';
import type { AdvertisedCapability } from '../../../decoders/devp2p/capabilities';
import { RlpxEndpoint, type RlpxOutput } from '../../../decoders/devp2p/endpoint';
import type { HandshakeFormat } from '../../../decoders/devp2p/handshake-format';
import type { HandshakeRandomness } from '../../../decoders/devp2p/handshake-packet';
import { nodeIdOf, privateKeyFrom } from '../../../decoders/devp2p/secp256k1-keys';
import { nodeAes } from '../../../src-main/rlpx/node-aes';

/** One write of one side, in the order the sides wrote: direction 0 is the initiator's. */
export interface Write {
  dir: Direction;
  data: Uint8Array;
}

/** Deterministic randomness for reproducible sessions (a counter through a simple mixer, not for real keys). */
export function seededRandomness(seed: number): HandshakeRandomness {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const bytes = (length: number): Uint8Array => Uint8Array.from({ length }, () => next() & 0xff);
  return { bytes, privateKey: () => privateKeyFrom(bytes) };
}

export interface SessionSide {
  endpoint: RlpxEndpoint;
  privateKey: Uint8Array;
  /** Every non-send output, in order. */
  events: RlpxOutput[];
}

/**
 * Two Peerscope endpoints wired back to back in memory. `act` calls return the outputs of the acting side; every
 * `send` is delivered to the other side at once, and every write is recorded as the capture would see it.
 */
export class InMemorySession {
  readonly writes: Write[] = [];
  readonly initiator: SessionSide;
  readonly recipient: SessionSide;
  closed = false;

  constructor(options: {
    seed: number;
    format?: HandshakeFormat;
    initiatorCapabilities?: AdvertisedCapability[];
    recipientCapabilities?: AdvertisedCapability[];
    initiatorVersion?: number;
    recipientVersion?: number;
  }) {
    const random = seededRandomness(options.seed);
    const initiatorKey = random.privateKey();
    const recipientKey = random.privateKey();
    this.initiator = {
      privateKey: initiatorKey,
      events: [],
      endpoint: new RlpxEndpoint({
        aes: nodeAes,
        privateKey: initiatorKey,
        role: 'initiator',
        remoteId: nodeIdOf(recipientKey),
        format: options.format ?? 'eip8',
        hello: {
          clientId: 'peerscope-test/initiator',
          capabilities: options.initiatorCapabilities ?? [{ name: 'les', version: 4 }],
          listenPort: 0,
          protocolVersion: options.initiatorVersion ?? 5,
        },
        random,
      }),
    };
    this.recipient = {
      privateKey: recipientKey,
      events: [],
      endpoint: new RlpxEndpoint({
        aes: nodeAes,
        privateKey: recipientKey,
        role: 'recipient',
        hello: {
          clientId: 'peerscope-test/recipient',
          capabilities: options.recipientCapabilities ?? [{ name: 'les', version: 4 }],
          listenPort: 30303,
          protocolVersion: options.recipientVersion ?? 5,
        },
        random,
      }),
    };
    this.recipient.endpoint.start();
  }

  side(dir: Direction): SessionSide {
    return dir === 0 ? this.initiator : this.recipient;
  }

  /** Runs `action` on the side of `dir` and delivers everything that follows. */
  act(dir: Direction, action: (endpoint: RlpxEndpoint) => RlpxOutput[]): void {
    this.deliver(dir, action(this.side(dir).endpoint));
  }

  handshake(): void {
    this.act(0, (e) => e.start());
  }

  get keyLogLine(): string {
    const event = this.initiator.events.find((e) => e.type === 'handshake');
    if (!event || event.type !== 'handshake') throw new Error('no handshake yet');
    return event.keyLogLine;
  }

  /** Delivers in the order things were sent (a queue, not recursion), so each side's events stay in order. */
  private deliver(from: Direction, outputs: RlpxOutput[]): void {
    const queue: { from: Direction; outputs: RlpxOutput[] }[] = [{ from, outputs }];
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const o of next.outputs) {
        if (o.type === 'send') {
          this.writes.push({ dir: next.from, data: o.bytes });
          const to: Direction = next.from === 0 ? 1 : 0;
          queue.push({ from: to, outputs: this.side(to).endpoint.receive(o.bytes) });
        } else if (o.type === 'close') this.closed = true;
        else this.side(next.from).events.push(o);
      }
    }
  }
}
