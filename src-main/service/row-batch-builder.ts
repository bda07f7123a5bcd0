import type { Direction, StreamPosition } from '../../decoders/core/dissector';
import { collectNotes } from '../../decoders/core/field';
import type { Note } from '../../decoders/core/notes';
import type { PairInfo } from '../../decoders/core/pairing';
import type { AnalysisSink, AnalyzedMessage, Conversation } from '../engine/message-analysis';
import type { DissectorTap } from './dissector-tap';
import { SHARED_VALUES_MAX } from './field-store-format';
import { FieldStoreWriter, KeyInterner } from './field-store-writer';
import { GrowableBytes } from './growable-bytes';
import {
  PAIR_STATUSES,
  SEVERITY_CODES,
  type ConversationEntry,
  type LooseNote,
  type MessageTypeEntry,
  type NoteEntry,
  type RowBatch,
} from './load-protocol';

export function pairStatusCode(pair: PairInfo | null): number {
  return pair === null ? 0 : PAIR_STATUSES.indexOf(pair.status);
}

export function noteEntry(note: Note): NoteEntry {
  return {
    severity: SEVERITY_CODES.indexOf(note.severity) as 0 | 1 | 2,
    kind: note.kind,
    text: note.text,
    field: note.field,
  };
}

/**
 * The capture worker's analysis sink: turns each analysed message into a row of columns (strings interned into
 * small tables sent once), its notes, and its field store bytes; hands the rows out in batches.
 */
export class RowBatchBuilder implements AnalysisSink {
  private readonly conversationIds = new Map<string, number>();
  private readonly typeIds = new Map<string, number>();
  private readonly ordinals = new Map<number, number>();
  private readonly keys = new KeyInterner();
  private readonly values = new KeyInterner(0, SHARED_VALUES_MAX);
  private readonly store = new GrowableBytes(256 * 1024);
  private readonly fields = new FieldStoreWriter(this.store, this.keys, this.values);
  private first = 0;
  private rows = emptyRows();
  private notes: NoteEntry[] = [];
  private newConversations: ConversationEntry[] = [];
  private newTypes: MessageTypeEntry[] = [];
  private pairUpdates: { index: number; status: number; partner: number; latency: number }[] = [];
  looseNotes: LooseNote[] = [];
  messages = 0;

  constructor(private readonly tap: Pick<DissectorTap, 'bindCurrent'>) {}

  get pendingRows(): number {
    return this.rows.frame.length;
  }

  message(m: AnalyzedMessage): void {
    const rows = this.rows;
    const { group } = this.tap.bindCurrent(m.conversation);
    const ordinal = this.ordinals.get(group) ?? 0;
    this.ordinals.set(group, ordinal + 1);
    rows.frame.push(m.frame);
    rows.time.push(m.time);
    rows.conversation.push(this.conversationId(m.conversation));
    rows.direction.push(m.direction);
    rows.type.push(this.typeId(m.decoded.protocol, m.decoded.message, m.decoded.code));
    rows.requestIds.push(m.decoded.requestId);
    rows.pairStatus.push(pairStatusCode(m.pair));
    rows.pairPartner.push(m.pair?.index ?? -1);
    rows.pairLatency.push(m.pair?.latencyMs ?? Number.NaN);
    rows.length.push(m.decoded.bytes.length);
    rows.group.push(group);
    rows.ordinal.push(ordinal);
    const notes = collectNotes(m.decoded.tree);
    rows.noteCount.push(notes.length);
    for (const n of notes) this.notes.push(noteEntry(n));
    rows.fieldLength.push(this.fields.writeMessage(m.decoded.tree));
    this.messages++;
  }

  pairUpdate(index: number, pair: PairInfo): void {
    this.pairUpdates.push({
      index,
      status: pairStatusCode(pair),
      partner: pair.index ?? -1,
      latency: pair.latencyMs ?? Number.NaN,
    });
  }

  streamNote(conversation: Conversation, _direction: Direction, note: Note, at: StreamPosition): void {
    this.looseNotes.push({ ...noteEntry(note), frame: at.frame, stream: conversation.stream });
  }

  frameNote(frame: number, note: Note): void {
    this.looseNotes.push({ ...noteEntry(note), frame, stream: null });
  }

  /** Everything gathered since the last call, as columns; the typed arrays are fresh, ready to transfer. */
  take() {
    const r = this.rows;
    const count = r.frame.length;
    const rows: RowBatch | null =
      count === 0
        ? null
        : {
            first: this.first,
            count,
            frame: Uint32Array.from(r.frame),
            time: Float64Array.from(r.time),
            conversation: Uint32Array.from(r.conversation),
            direction: Uint8Array.from(r.direction),
            type: Uint32Array.from(r.type),
            requestIds: r.requestIds,
            pairStatus: Uint8Array.from(r.pairStatus),
            pairPartner: Int32Array.from(r.pairPartner),
            pairLatency: Float64Array.from(r.pairLatency),
            length: Uint32Array.from(r.length),
            group: Uint32Array.from(r.group),
            ordinal: Uint32Array.from(r.ordinal),
            noteCount: Uint16Array.from(r.noteCount),
            fieldBytes: this.store.written().slice(),
            fieldLength: Uint32Array.from(r.fieldLength),
          };
    const out = {
      rows,
      notes: this.notes,
      conversations: this.newConversations,
      types: this.newTypes,
      keys: this.keys.takeNew(),
      values: this.values.takeNew(),
      pairUpdates: this.pairUpdates,
      looseNotes: this.looseNotes,
    };
    this.first += count;
    this.rows = emptyRows();
    this.store.reset();
    this.notes = [];
    this.newConversations = [];
    this.newTypes = [];
    this.pairUpdates = [];
    this.looseNotes = [];
    return out;
  }

  private conversationId(c: Conversation): number {
    let id = this.conversationIds.get(c.stream);
    if (id === undefined) {
      id = this.conversationIds.size;
      this.conversationIds.set(c.stream, id);
      this.newConversations.push({ id, stream: c.stream, endpoints: [c.endpoints[0], c.endpoints[1]] });
    }
    return id;
  }

  private typeId(protocol: string, message: string, code: number | null): number {
    const key = `${protocol}\u0000${message}\u0000${code}`;
    let id = this.typeIds.get(key);
    if (id === undefined) {
      id = this.typeIds.size;
      this.typeIds.set(key, id);
      this.newTypes.push({ id, protocol, message, code });
    }
    return id;
  }
}

function emptyRows() {
  return {
    frame: [] as number[],
    time: [] as number[],
    conversation: [] as number[],
    direction: [] as number[],
    type: [] as number[],
    requestIds: [] as (string | null)[],
    pairStatus: [] as number[],
    pairPartner: [] as number[],
    pairLatency: [] as number[],
    length: [] as number[],
    group: [] as number[],
    ordinal: [] as number[],
    noteCount: [] as number[],
    fieldLength: [] as number[],
  };
}
