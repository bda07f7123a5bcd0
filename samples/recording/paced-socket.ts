import type { Socket } from 'node:net';
import type { SeededRandom } from './seeded-random';

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * How a batch of messages goes onto the wire. Nagle is off, so each write leaves as its own TCP segment on loopback:
 * - `separate`: one write per message;
 * - `together`: the whole batch in one write (one segment holds several messages);
 * - `split`: every message in two or three writes with pauses between (a message spans segments);
 * - `straddle`: the batch cut at random places, so segments end inside messages and start mid-message.
 */
export type Segmentation = 'separate' | 'together' | 'split' | 'straddle';

/** Writes batches of messages in order, in chunks with short pauses; batches queued while one is written wait. */
export class PacedWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly random: SeededRandom,
  ) {
    socket.setNoDelay(true);
  }

  /** Queues a batch; resolves once its last chunk is handed to the socket. */
  send(messages: readonly Uint8Array[], segmentation: Segmentation): Promise<void> {
    const chunks = chunksOf(messages, segmentation, this.random);
    const pauses = chunks.map(() => this.random.int(2, 9));
    const written = this.queue.then(async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0) await delay(pauses[i]!);
        if (this.socket.destroyed) throw new Error('socket closed before a message was written');
        this.socket.write(chunk);
      }
    });
    // A failed batch must not block later ones from reporting their own failure.
    this.queue = written.catch(() => {});
    return written;
  }

  /** Half-closes once everything queued is written. */
  async end(): Promise<void> {
    await this.queue;
    await new Promise<void>((resolve) => this.socket.end(resolve));
  }
}

function chunksOf(messages: readonly Uint8Array[], segmentation: Segmentation, random: SeededRandom): Uint8Array[] {
  switch (segmentation) {
    case 'separate':
      return [...messages];
    case 'together':
      return [Buffer.concat(messages)];
    case 'split':
      return messages.flatMap((m) => cutAt(m, cutPoints(m.length, random.int(1, 2), random)));
    case 'straddle': {
      const all = Buffer.concat(messages);
      return cutAt(all, cutPoints(all.length, messages.length + 1, random));
    }
  }
}

/** `count` distinct cut positions strictly inside `length`, ascending. */
function cutPoints(length: number, count: number, random: SeededRandom): number[] {
  const points = new Set<number>();
  while (points.size < Math.min(count, length - 1)) points.add(random.int(1, length - 1));
  return [...points].sort((a, b) => a - b);
}

function cutAt(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(start, p));
    start = p;
  }
  return out;
}

/** Finds the end of the message at the front of the buffer: its length, or null while more bytes are needed. */
export type Framer = (buffered: Uint8Array) => number | null;

/**
 * Reads whole messages off a socket with a framer and keeps them in an inbox, so that a peer can wait for the one
 * it expects while others (gossip, answers to pipelined requests) arrive in any order. A peer that reacts to every
 * message instead (a server) gives `consume`, and nothing is kept.
 */
export class MessageInbox<M> {
  private buffered = Buffer.alloc(0);
  private readonly inbox: M[] = [];
  private waiters: Waiter<M>[] = [];
  private closed: Error | null = null;

  constructor(
    socket: Socket,
    private readonly framer: Framer,
    private readonly parse: (frame: Uint8Array) => M,
    private readonly consume?: (m: M) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => {
      const left = this.buffered.length;
      this.close(new Error(left > 0 ? `the peer closed with ${left} bytes left unframed` : 'the peer closed'));
    });
    socket.on('error', (e) => this.close(e));
  }

  /** The first message (already received or still to come) that `accepts` takes; it is removed from the inbox. */
  waitFor(accepts: (m: M) => boolean, what: string, timeoutMs = 10_000): Promise<M> {
    const index = this.inbox.findIndex(accepts);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    if (this.closed) return Promise.reject(new Error(`${this.closed.message} before ${what}`));
    const arrived = new Promise<M>((resolve, reject) => this.waiters.push({ accepts, resolve, reject, what }));
    return withTimeout(arrived, timeoutMs, `waiting for ${what}`);
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    try {
      for (let length = this.framer(this.buffered); length !== null; length = this.framer(this.buffered)) {
        const frame = Uint8Array.prototype.slice.call(this.buffered, 0, length);
        this.buffered = this.buffered.subarray(length);
        this.deliver(this.parse(frame));
      }
    } catch (e) {
      this.close(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private deliver(m: M): void {
    if (this.consume) return this.consume(m);
    const waiter = this.waiters.find((w) => w.accepts(m));
    if (!waiter) {
      this.inbox.push(m);
      return;
    }
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(m);
  }

  private close(reason: Error): void {
    this.closed ??= reason;
    for (const w of this.waiters) w.reject(new Error(`${reason.message} before ${w.what}`));
    this.waiters = [];
  }
}

interface Waiter<M> {
  accepts: (m: M) => boolean;
  resolve: (m: M) => void;
  reject: (e: Error) => void;
  what: string;
}
