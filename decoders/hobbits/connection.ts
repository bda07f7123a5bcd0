import type { ConnectionDissector, ConnectionHost, Direction, StreamPosition } from '../core/dissector';
import { addNote } from '../core/field';
import { note, type Severity } from '../core/notes';
import { StreamBuffer } from '../core/stream-buffer';
import { EWP_VERSION, frameLength, MAX_MESSAGE_LENGTH, PREAMBLE, scanPrefix, type FramePrefix } from './framing';
import { decodeHobbitsMessage } from './message-decoder';
import { HOBBITS_NOTES } from './note-kinds';
import { PingEchoCheck } from './ping-echo';

/** One direction of a connection: the bytes not yet framed and where framing stands. */
interface DirectionState {
  buffer: StreamBuffer;
  /** Total length of the message at the front of the buffer, once its prefix has been read. */
  frameLength: number | null;
  /** Looking for the next message after garbage or a capture gap: only a plausible prefix ends the search. */
  resyncing: boolean;
  /** Bytes skipped by the current search, reported once when it ends. */
  skipped: number;
  /** Bytes still to drop: the rest of a message cut short by a large capture gap. */
  discard: number;
}

/** The largest capture gap inside a message that is zero-filled so the message still decodes around it. */
const ZERO_FILL_LIMIT = 1024 * 1024;

/**
 * Frames EWP messages on one TCP connection: any segmentation, many messages per segment, one message over many.
 * Lengths are known from the prefix, so a capture gap inside a message is zero-filled and the message is emitted
 * with a `tcp.gap` note; a gap between messages or inside a prefix, and garbage, make framing search for the next
 * plausible `EWP` prefix. A prefix announcing more than MAX_MESSAGE_LENGTH is never buffered.
 */
export class HobbitsConnection implements ConnectionDissector {
  private readonly directions: [DirectionState, DirectionState] = [newDirection(), newDirection()];
  private readonly echo = new PingEchoCheck();

  constructor(private readonly host: ConnectionHost) {}

  data(direction: Direction, bytes: Uint8Array, at: StreamPosition): void {
    const s = this.directions[direction];
    if (s.discard > 0) {
      const dropped = Math.min(s.discard, bytes.length);
      s.discard -= dropped;
      bytes = bytes.subarray(dropped);
    }
    s.buffer.append(bytes);
    this.drain(direction, at);
  }

  gap(direction: Direction, length: number, at: StreamPosition): void {
    const s = this.directions[direction];
    let missing = length;
    if (s.discard > 0) {
      const dropped = Math.min(s.discard, missing);
      s.discard -= dropped;
      missing -= dropped;
    }
    if (s.frameLength !== null && missing > 0) {
      const inside = Math.min(missing, s.frameLength - s.buffer.length);
      missing -= inside;
      if (inside <= ZERO_FILL_LIMIT) {
        s.buffer.appendGap(inside);
        this.drain(direction, at);
      } else {
        // Too much of the message is missing to decode it as zeros: emit what arrived, drop the rest of it.
        this.cutShort(direction, inside, at);
      }
    }
    if (missing <= 0) return;
    // Between messages, or inside a prefix: whatever comes next may start anywhere in a message.
    const dropped = s.buffer.length;
    s.buffer.skip(dropped);
    s.frameLength = null;
    s.resyncing = true;
    const partial = dropped > 0 ? ` after ${dropped} bytes of an unfinished prefix, which are dropped` : '';
    this.streamNote(
      direction,
      'warning',
      HOBBITS_NOTES.streamGap,
      `${missing} bytes not captured${partial}; looking for the next EWP prefix`,
      at,
    );
  }

  end(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    if (s.frameLength !== null) {
      // The stream ended inside a message: emit what arrived (the decoder notes it as truncated).
      this.emitFront(direction, s.buffer.length, at);
    } else if (s.buffer.length > 0 && s.resyncing) {
      s.skipped += s.buffer.length;
    } else if (s.buffer.length > 0) {
      this.streamNote(
        direction,
        'warning',
        HOBBITS_NOTES.streamIncomplete,
        `the stream ended ${s.buffer.length} bytes into a prefix`,
        at,
      );
    }
    s.buffer.skip(s.buffer.length);
    this.reportSkipped(direction, at);
    s.resyncing = false;
  }

  private drain(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    for (;;) {
      if (s.frameLength === null && !this.findFrame(direction, at)) return;
      if (s.buffer.length < s.frameLength!) return;
      this.emitFront(direction, s.frameLength!, at);
    }
  }

  /** Reads the prefix at the front of the buffer, skipping what cannot start a message. False: more bytes needed. */
  private findFrame(direction: Direction, at: StreamPosition): boolean {
    const s = this.directions[direction];
    for (;;) {
      const bytes = s.buffer.bytes;
      if (bytes.length === 0) return false;
      const scan = scanPrefix(bytes);
      if (scan.kind === 'need-more') return false;
      const length = scan.kind === 'prefix' ? frameLength(scan.prefix) : 0;
      if (scan.kind === 'prefix' && length > MAX_MESSAGE_LENGTH && !s.resyncing) {
        const text = `the prefix announces ${length} bytes, more than the ${MAX_MESSAGE_LENGTH} a message may have; skipped`;
        this.streamNote(direction, 'error', HOBBITS_NOTES.lengthTooLarge, text, at);
      } else if (scan.kind === 'prefix' && plausible(scan.prefix, s.resyncing)) {
        this.reportSkipped(direction, at);
        s.resyncing = false;
        s.frameLength = length;
        return true;
      }
      s.resyncing = true;
      const skip = nextPreambleCandidate(bytes);
      s.skipped += skip;
      s.buffer.skip(skip);
    }
  }

  /** Emits the front message cut at a capture gap of `missing` bytes; the message's bytes after it are dropped. */
  private cutShort(direction: Direction, missing: number, at: StreamPosition): void {
    const s = this.directions[direction];
    const captured = s.buffer.length;
    s.discard = s.frameLength! - captured - missing;
    const message = decodeHobbitsMessage(s.buffer.take(captured), { checks: false });
    s.frameLength = null;
    addNote(
      message.tree,
      'error',
      HOBBITS_NOTES.gap,
      `bytes ${captured}..${captured + missing} of this message were not captured; it is cut there`,
    );
    this.host.emit(direction, message, at);
  }

  private emitFront(direction: Direction, length: number, at: StreamPosition): void {
    const s = this.directions[direction];
    const holes = s.buffer.holesIn(length);
    const complete = length === s.frameLength;
    const bytes = s.buffer.take(length);
    s.frameLength = null;
    const whole = complete && holes.length === 0;
    const message = decodeHobbitsMessage(bytes, { checks: whole });
    if (holes.length > 0) {
      const ranges = holes.map((h) => `${h.start}..${h.end}`).join(', ');
      addNote(
        message.tree,
        'error',
        HOBBITS_NOTES.gap,
        `bytes ${ranges} of this message were not captured (zero-filled)`,
      );
    }
    this.echo.observe(direction, message, whole);
    this.host.emit(direction, message, at);
  }

  private reportSkipped(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    if (s.skipped === 0) return;
    this.streamNote(
      direction,
      'warning',
      HOBBITS_NOTES.streamSkipped,
      `${s.skipped} bytes skipped: no EWP message starts in them`,
      at,
    );
    s.skipped = 0;
  }

  private streamNote(direction: Direction, severity: Severity, kind: string, text: string, at: StreamPosition): void {
    this.host.streamNote(direction, note(severity, kind, text), at);
  }
}

function newDirection(): DirectionState {
  return { buffer: new StreamBuffer(), frameLength: null, resyncing: false, skipped: 0, discard: 0 };
}

/**
 * In step, any prefix of bounded length frames a message (its oddities are the decoder's to note). While searching,
 * `EWP` inside a body must not be mistaken for a message: only a version-3 binary prefix with a known protocol, or a
 * well-formed text line, ends the search.
 */
function plausible(prefix: FramePrefix, resyncing: boolean): boolean {
  if (frameLength(prefix) > MAX_MESSAGE_LENGTH) return false;
  if (!resyncing) return true;
  if (prefix.framing === 'binary-v3') return prefix.version === EWP_VERSION && prefix.protocol <= 2;
  return prefix.tokens.length === 4 && prefix.tokens.every((t) => t.text !== '');
}

const FIRST = PREAMBLE.charCodeAt(0);

/** Bytes to skip so the buffer starts at the next `EWP` (or at a trailing `E`/`EW` that may become one). */
function nextPreambleCandidate(bytes: Uint8Array): number {
  for (let i = bytes.indexOf(FIRST, 1); i >= 0; i = bytes.indexOf(FIRST, i + 1)) {
    const matched = preambleMatch(bytes, i);
    if (matched === PREAMBLE.length || i + matched === bytes.length) return i;
  }
  return bytes.length;
}

/** How many bytes of the preamble match at `at`. */
function preambleMatch(bytes: Uint8Array, at: number): number {
  let matched = 0;
  while (matched < PREAMBLE.length && bytes[at + matched] === PREAMBLE.charCodeAt(matched)) matched++;
  return matched;
}
