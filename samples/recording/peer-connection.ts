import type { Socket } from 'node:net';
import type { ConnectionLog, Side } from './manifest';
import type { OutgoingMessage } from './outgoing';
import { MessageInbox, PacedWriter, type Framer, type Segmentation } from './paced-socket';
import type { SeededRandom } from './seeded-random';

/**
 * One side of a recorded connection: writes batches of messages (logging each in the manifest as its write is
 * queued, so the log's order per direction is the wire order) and reads whole messages into an inbox.
 */
export class PeerConnection<M> {
  readonly writer: PacedWriter;
  readonly inbox: MessageInbox<M>;

  constructor(
    readonly socket: Socket,
    readonly side: Side,
    private readonly log: () => ConnectionLog,
    random: SeededRandom,
    framer: Framer,
    parse: (frame: Uint8Array) => M,
    consume?: (m: M) => void,
  ) {
    this.writer = new PacedWriter(socket, random);
    this.inbox = new MessageInbox(socket, framer, parse, consume);
  }

  send(messages: readonly OutgoingMessage[], segmentation: Segmentation): Promise<void> {
    const log = this.log();
    for (const m of messages) {
      const position = log.record({ direction: this.side, ...m.sent, length: m.bytes.length });
      if (m.malformed) log.markMalformed(position, m.malformed.reason, m.malformed.unreadable);
      if (m.unanswered) log.markUnanswered(position, m.unanswered);
    }
    return this.writer.send(
      messages.map((m) => m.bytes),
      segmentation,
    );
  }

  /** Half-closes after the queued writes; resolves when the peer has closed too. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    await this.writer.end();
    await closed;
  }
}
