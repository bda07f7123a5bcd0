import { addNote } from '../core/field';
import type { ConnectionDissector, ConnectionHost, Direction, StreamPosition } from '../core/dissector';
import { note } from '../core/notes';
import { StreamBuffer } from '../core/stream-buffer';
import { DEFAULT_MAX_MESSAGE, findHeader, headerAt, type HeaderRules } from './framing';
import { chooseEnd, framePlan, frontMessageId, type BoundaryMode, type ScanState } from './message-boundary';
import { decodeEth2RpcMessage } from './message-decoder';
import { methodByName } from './methods';
import type { PairingContext } from './readings';
import { ConnectionRules } from './rules';
import { ETH2RPC_NOTES } from './note-kinds';

export interface Eth2RpcConnectionOptions {
  /** Largest message buffered while looking for its end; also the largest plausible stated length. */
  maxMessage?: number;
}

/**
 * A hint the engine may give on top of ConnectionDissector: the sender paused after the bytes delivered so far
 * (the segment carried PSH, i.e. ended one write, or the direction went idle). A message of the merged `ssz`
 * layout states no length; at a pause it ends where the bytes end, instead of waiting for the next header.
 */
export interface PauseHint {
  pause(direction: Direction, at: StreamPosition): void;
}

/** The undecoded bytes of one direction and what is known about them. */
class DirectionState {
  readonly buffer = new StreamBuffer();
  readonly scan: ScanState = { scanFrom: 0 };
  /** Stream offset where each buffered chunk ends, and where it arrived: a message completes in a chunk. */
  chunks: { end: number; at: StreamPosition }[] = [];
  /** The direction used the April layout: its length-prefixed headers count as boundaries from then on. */
  usesFixed = false;
  skipped = 0;
  skippedFrom = 0;
}

/**
 * Frames and decodes both directions of one connection. Where a message of the `ssz` layout ends is decided by
 * message-boundary.ts; when it cannot be yet, the bytes wait for the next header, the end of the direction, a
 * pause hint, or the peer's answer to it (a response with the request's id proves the request complete).
 */
/** The largest capture gap inside a message that is zero-filled so the message still decodes around it. */
const ZERO_FILL_LIMIT = 1024 * 1024;

export class Eth2RpcConnection implements ConnectionDissector, PauseHint {
  private readonly directions: [DirectionState, DirectionState] = [new DirectionState(), new DirectionState()];
  private readonly rules = new ConnectionRules();
  private readonly maxMessage: number;
  private settling = false;

  constructor(
    private readonly host: ConnectionHost,
    options: Eth2RpcConnectionOptions = {},
  ) {
    this.maxMessage = options.maxMessage ?? DEFAULT_MAX_MESSAGE;
  }

  data(direction: Direction, bytes: Uint8Array, at: StreamPosition): void {
    const state = this.directions[direction];
    state.buffer.append(bytes);
    state.chunks.push({ end: state.buffer.offset + state.buffer.length, at });
    this.pump(direction, 'stream', at);
  }

  gap(direction: Direction, length: number, at: StreamPosition): void {
    const state = this.directions[direction];
    // Between messages a gap needs no bytes (what follows is resynchronised on the next header), only its length.
    if (state.buffer.length === 0) {
      state.buffer.offset += length;
      return;
    }
    if (state.buffer.length + length > this.maxMessage || length > ZERO_FILL_LIMIT) {
      // Too much missing to hold (or to decode as zeros): what is buffered goes out as it stands, what follows
      // resynchronises on the next header.
      this.pump(direction, 'end', at);
      state.buffer.offset += length;
      const text = `${length} bytes not captured: the message before them is cut there`;
      this.host.streamNote(direction, note('warning', ETH2RPC_NOTES.streamGap, text), at);
      return;
    }
    state.buffer.appendGap(length);
    state.chunks.push({ end: state.buffer.offset + state.buffer.length, at });
    this.pump(direction, 'stream', at);
  }

  end(direction: Direction, at: StreamPosition): void {
    this.pump(direction, 'end', at);
  }

  pause(direction: Direction, at: StreamPosition): void {
    this.pump(direction, 'boundary', at);
  }

  /** Bytes of a direction held while their message is incomplete (bounded by `maxMessage` plus one chunk). */
  buffered(direction: Direction): number {
    return this.directions[direction].buffer.length;
  }

  private boundaryRules(state: DirectionState): HeaderRules {
    return { maxMessage: this.maxMessage, fixed: state.usesFixed ? 'any' : 'known-code' };
  }

  private scanRules(state: DirectionState): HeaderRules {
    return { maxMessage: this.maxMessage, fixed: state.usesFixed ? 'known-code' : 'never' };
  }

  /** Takes every message it can off the front of a direction. */
  private pump(direction: Direction, mode: BoundaryMode, at: StreamPosition): void {
    const state = this.directions[direction];
    while (state.buffer.length > 0) {
      if (!this.atHeader(direction, mode, at)) break;
      this.settleAnsweredRequest(direction);
      const bytes = state.buffer.bytes;
      const contextFor = this.memoisedContext(direction);
      const plan = framePlan(bytes, contextFor, this.boundaryRules(state), mode === 'end');
      if (plan === 'need-more') break;
      if (plan === 'invalid') {
        this.skip(direction, 1);
        continue;
      }
      const end = chooseEnd(bytes, plan, mode, state.scan, this.scanRules(state));
      if (end !== 'wait') this.emitFront(direction, end, contextFor);
      else if (state.buffer.length > this.maxMessage)
        this.emitFront(direction, state.buffer.length, contextFor, 'unbounded');
      else break;
    }
    if (mode === 'end') this.flushSkipped(direction, at);
  }

  /**
   * Whether the front could be a header; skips bytes that cannot start one (resynchronising after junk or a gap).
   * At the end of the direction, a cut-short header is reported and dropped.
   */
  private atHeader(direction: Direction, mode: BoundaryMode, at: StreamPosition): boolean {
    const state = this.directions[direction];
    const bytes = state.buffer.bytes;
    const rules = this.boundaryRules(state);
    const verdict = headerAt(bytes, 0, rules);
    if (verdict === 'yes') return this.flushSkipped(direction, at);
    if (verdict === 'need-more') {
      if (mode !== 'end') return false;
      this.host.streamNote(
        direction,
        note(
          'warning',
          ETH2RPC_NOTES.streamTruncated,
          `the direction ends inside a message header (${bytes.length} bytes)`,
        ),
        at,
      );
      state.buffer.skip(bytes.length);
      return false;
    }
    const next = findHeader(bytes, 1, rules);
    this.skip(direction, next ? next.at : bytes.length);
    return next?.verdict === 'yes' && this.flushSkipped(direction, at);
  }

  private skip(direction: Direction, count: number): void {
    const state = this.directions[direction];
    if (state.skipped === 0) state.skippedFrom = state.buffer.offset;
    state.skipped += count;
    state.buffer.skip(count);
    state.scan.scanFrom = 0;
    this.dropChunks(state);
  }

  private flushSkipped(direction: Direction, at: StreamPosition): true {
    const state = this.directions[direction];
    if (state.skipped > 0) {
      const text = `${state.skipped} bytes at stream offset ${state.skippedFrom} are not an eth2rpc message (no ETH header): skipped`;
      this.host.streamNote(direction, note('warning', ETH2RPC_NOTES.streamSkipped, text), at);
      state.skipped = 0;
    }
    return true;
  }

  /**
   * A header with an id that the other direction's unfinished message also carries: the peer answered it (or
   * reused its id), so that message is complete. Settle it first, so a response finds its request pending.
   */
  private settleAnsweredRequest(direction: Direction): void {
    if (this.settling) return;
    const other = this.directions[direction === 0 ? 1 : 0];
    if (other.buffer.length === 0) return;
    const id = frontMessageId(this.directions[direction].buffer.bytes);
    if (id === null || frontMessageId(other.buffer.bytes) !== id) return;
    this.settling = true;
    try {
      this.pump(direction === 0 ? 1 : 0, 'boundary', other.chunks.at(-1)!.at);
    } finally {
      this.settling = false;
    }
  }

  /** A response is one when the other side has a request with its id pending (§RPC-over-libp2p rule 2). */
  private contextFor(direction: Direction, id: bigint): PairingContext {
    const pending = this.host.pendingRequest(direction, String(id));
    if (!pending) return { kind: 'not-pending' };
    return { kind: 'pending', method: methodByName(pending.message) ?? null };
  }

  /** contextFor, asked once per id while one message is framed and decoded (nothing is emitted in between). */
  private memoisedContext(direction: Direction): (id: bigint) => PairingContext {
    let last: { id: bigint; context: PairingContext } | null = null;
    return (id) => {
      if (last?.id !== id) last = { id, context: this.contextFor(direction, id) };
      return last.context;
    };
  }

  private emitFront(
    direction: Direction,
    length: number,
    contextFor: (id: bigint) => PairingContext,
    problem?: 'unbounded',
  ): void {
    const state = this.directions[direction];
    const holes = state.buffer.holesIn(length);
    const completedAt = this.chunkHolding(state, state.buffer.offset + length - 1);
    const bytes = state.buffer.take(length);
    state.scan.scanFrom = 0;
    this.dropChunks(state);
    const { message, reading } = decodeEth2RpcMessage(bytes, { context: contextFor, maxMessage: this.maxMessage });
    if (reading?.header.framing === 'fixed') state.usesFixed = true;
    for (const hole of holes) {
      addNote(
        message.tree,
        'error',
        ETH2RPC_NOTES.streamGap,
        `bytes ${hole.start}..${hole.end} of this message were not captured (zero-filled)`,
      );
    }
    if (problem) {
      addNote(
        message.tree,
        'error',
        ETH2RPC_NOTES.streamUnbounded,
        `no end found within ${this.maxMessage} bytes: cut here`,
      );
    }
    this.rules.check(direction, message);
    this.host.emit(direction, message, completedAt);
  }

  private chunkHolding(state: DirectionState, offset: number): StreamPosition {
    for (const chunk of state.chunks) if (chunk.end > offset) return chunk.at;
    return state.chunks.at(-1)!.at;
  }

  private dropChunks(state: DirectionState): void {
    let drop = 0;
    while (drop < state.chunks.length - 1 && state.chunks[drop]!.end <= state.buffer.offset) drop++;
    if (drop > 0) state.chunks = state.chunks.slice(drop);
  }
}
