import type { ConnectionHost, Direction, Protocol, StreamPosition } from '../../decoders/core/dissector';
import type { KeyStore } from '../../decoders/core/keys';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { addNote, collectNotes, fieldsJson } from '../../decoders/core/field';
import type { DecodedMessage, MessageRecord } from '../../decoders/core/message';
import type { Note, Severity } from '../../decoders/core/notes';
import { PairingTracker, type PairInfo } from '../../decoders/core/pairing';

/** A conversation as the analysis sees it: its name and each direction's sender and receiver. */
export interface Conversation {
  /** `tcp:3` */
  stream: string;
  /** `ip:port` of side A (index 0) and side B (index 1); direction 0 is A→B. */
  endpoints: readonly [string, string];
}

/** A decoded message placed in its capture and paired. The record's JSON is built only when a view wants it. */
export interface AnalyzedMessage {
  index: number;
  frame: number;
  time: number;
  conversation: Conversation;
  direction: Direction;
  decoded: DecodedMessage;
  /** Pairing as known when the message was seen; requests are updated through `pairUpdate`. */
  pair: PairInfo | null;
}

export interface AnalysisSink {
  message(message: AnalyzedMessage): void;
  /** A request's pairing changed (answered, or answered with the wrong message). */
  pairUpdate(index: number, pair: PairInfo): void;
  /** A finding about a stream that no later message of its direction carried (reported at the end). */
  streamNote(conversation: Conversation, direction: Direction, note: Note, at: StreamPosition): void;
}

const PROBLEM_SEVERITY: Record<string, Severity> = {
  'pair.orphan': 'warning',
  'pair.duplicate': 'warning',
  'pair.mismatch': 'error',
};

/**
 * The analysis stage: numbers messages in the order they complete, pairs requests with responses through the one
 * generic tracker, and turns pairing problems into notes. Every source (file, live capture, proxy) goes through it.
 */
export class MessageAnalysis {
  private readonly tracker = new PairingTracker();
  /** Messages numbered so far: the next one's ordinal. */
  private ordinal = 0;
  /** Stream notes waiting for the next message of their direction (bytes skipped before it, say). */
  private readonly waitingNotes = new Map<
    string,
    { conversation: Conversation; direction: Direction; note: Note; at: StreamPosition }[]
  >();

  /**
   * `indexOf` maps the n-th message this analysis sees to its index: identity for a whole capture; a replay of one
   * conversation gives back the global indexes its messages had in the whole capture.
   */
  constructor(
    private readonly sink: AnalysisSink,
    private readonly registry: ProtocolRegistry,
    private readonly keys: KeyStore,
    private readonly indexOf: (ordinal: number) => number = (ordinal) => ordinal,
  ) {}

  get messageCount(): number {
    return this.ordinal;
  }

  /** The host a protocol's connection (or flow) dissector talks to. */
  host(conversation: Conversation, protocol: Protocol): ConnectionHost {
    return {
      keys: this.keys,
      emit: (direction, decoded, at) => this.emit(conversation, direction, decoded, at),
      pendingRequest: (responseDirection, requestId, carried) => {
        const name = carried ?? protocol.declaration.name;
        const request = this.tracker.pendingRequest(conversation.stream, name, responseDirection, requestId);
        // Only what the contract names: the tracker's own bookkeeping stays its own.
        return request && { index: request.index, message: request.message };
      },
      cancelRequests: (requestDirection, requestIds, carried) => {
        const byIndex = this.indexOf(this.ordinal - 1);
        for (const id of requestIds) {
          const index = this.tracker.cancel(
            conversation.stream,
            carried ?? protocol.declaration.name,
            requestDirection,
            id,
          );
          if (index !== undefined)
            this.sink.pairUpdate(index, { status: 'cancelled', index: byIndex, latencyMs: null });
        }
      },
      streamNote: (direction, note, at) => {
        const key = `${conversation.stream}/${direction}`;
        const list = this.waitingNotes.get(key) ?? [];
        list.push({ conversation, direction, note, at });
        this.waitingNotes.set(key, list);
      },
    };
  }

  /** End of input: stream notes no message carried go to the sink. */
  finish(): void {
    for (const list of this.waitingNotes.values()) {
      for (const w of list) this.sink.streamNote(w.conversation, w.direction, w.note, w.at);
    }
    this.waitingNotes.clear();
  }

  /** Requests never answered, in index order (final once the capture has ended). */
  unanswered(): { index: number; message: string }[] {
    return [...this.tracker.unanswered()].sort((a, b) => a.index - b.index);
  }

  /**
   * Pairing follows the declaration of the message's own protocol: a carrier (RLPx, discv5) emits messages of
   * the protocols it carries (LES, Portal), each paired by its own rules.
   */
  private emit(conversation: Conversation, direction: Direction, decoded: DecodedMessage, at: StreamPosition): void {
    const index = this.indexOf(this.ordinal++);
    const key = `${conversation.stream}/${direction}`;
    const waiting = this.waitingNotes.get(key);
    if (waiting) {
      for (const w of waiting) (decoded.tree.notes ??= []).push({ ...w.note, field: null });
      this.waitingNotes.delete(key);
    }
    const declaration = this.registry.declaration(decoded.protocol);
    const result = declaration
      ? this.tracker.observe({
          index,
          conversation: conversation.stream,
          direction,
          time: at.time,
          protocol: declaration,
          message: decoded.message,
          requestId: decoded.requestId,
          ...(decoded.responseParts !== undefined && { responseParts: decoded.responseParts }),
        })
      : { pair: null };
    if (result.problem) {
      addNote(
        decoded.tree,
        PROBLEM_SEVERITY[result.problem.kind] ?? 'warning',
        result.problem.kind,
        result.problem.text,
      );
    }
    this.sink.message({ index, frame: at.frame, time: at.time, conversation, direction, decoded, pair: result.pair });
    if (result.requestUpdate) this.sink.pairUpdate(result.requestUpdate.index, result.requestUpdate.pair);
  }
}

/** The `inspect --json` line of a message, with its final pairing. */
export function messageRecord(m: AnalyzedMessage, pair: PairInfo | null = m.pair): MessageRecord {
  const notes = collectNotes(m.decoded.tree);
  if (pair?.status === 'unanswered') {
    notes.push({ severity: 'warning', kind: 'pair.unanswered', text: 'request never answered', field: null });
  }
  return {
    index: m.index,
    frame: m.frame,
    time: m.time,
    stream: m.conversation.stream,
    src: m.conversation.endpoints[m.direction],
    dst: m.conversation.endpoints[m.direction === 0 ? 1 : 0],
    protocol: m.decoded.protocol,
    message: m.decoded.message,
    code: m.decoded.code,
    requestId: m.decoded.requestId,
    pair,
    fields: fieldsJson(m.decoded.tree),
    notes,
  };
}
