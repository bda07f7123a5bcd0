import { bytesEqual, toHex } from '../core/bytes';
import type { Direction } from '../core/dissector';
import { addNote, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { HOBBITS_NOTES } from './note-kinds';

interface SentPing {
  /** Null when a capture gap hid part of the PING: its echo cannot be judged. */
  body: Uint8Array | null;
}

/**
 * "When a PING message is received, the node MUST respond with the body of the PING message as a PONG message"
 * (Hobbits spec "PING"). PING/PONG carry no id, so a PONG answers the oldest unanswered PING sent the other way,
 * first-in first-out, exactly as the engine pairs them.
 */
export class PingEchoCheck {
  private readonly sent: [SentPing[], SentPing[]] = [[], []];

  /** Records a PING, or checks a PONG against the PING it answers. `whole` is false when bytes are missing. */
  observe(direction: Direction, message: DecodedMessage, whole: boolean): void {
    const body = bodyField(message);
    const bytes = whole && body ? bodyBytes(message, body) : null;
    if (message.message === 'PING') this.sent[direction].push({ body: bytes });
    if (message.message !== 'PONG') return;
    const ping = this.sent[direction === 0 ? 1 : 0].shift();
    if (!ping?.body || !bytes || bytesEqual(ping.body, bytes)) return;
    addNote(
      body!,
      'warning',
      HOBBITS_NOTES.pongMismatch,
      `PONG body ${toHex(bytes)} is not the PING body ${toHex(ping.body)}`,
    );
  }
}

function bodyField(message: DecodedMessage): Field | undefined {
  return message.tree.children?.find((c) => c.name === 'body');
}

function bodyBytes(message: DecodedMessage, body: Field): Uint8Array {
  return message.bytes.subarray(body.start, body.end);
}
