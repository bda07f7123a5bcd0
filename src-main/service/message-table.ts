import type { Note, Severity } from '../../decoders/core/notes';
import type { PairInfo } from '../../decoders/core/pairing';
import { FieldStore } from './field-store';
import { grown } from './growable-columns';
import {
  PAIR_STATUSES,
  SEVERITY_CODES,
  type Batch,
  type ConversationEntry,
  type MessageTypeEntry,
  type NoteEntry,
  type RowBatch,
} from './load-protocol';
import { StringTable } from './string-table';

export const UNANSWERED = PAIR_STATUSES.indexOf('unanswered');
const DUPLICATE = PAIR_STATUSES.indexOf('duplicate');
/** Row severity codes: 0 none, then a note severity code + 1 (info 1, warning 2, error 3). */
const WARNING_ROW = SEVERITY_CODES.indexOf('warning') + 1;

/** The note `inspect --json` adds to a request that was never answered. */
export const UNANSWERED_NOTE: Note = {
  severity: 'warning',
  kind: 'pair.unanswered',
  text: 'request never answered',
  field: null,
};

/**
 * Every message of a capture as compact columns: typed arrays indexed by message index, strings interned (stream,
 * endpoints and message types by id, request ids as numbers where they are decimal), notes in their own columns,
 * fields in the field store. About 64 bytes a message plus its field store; no field tree is kept.
 */
export class MessageTable {
  count = 0;
  frame = new Uint32Array(0);
  time = new Float64Array(0);
  conversation = new Uint32Array(0);
  direction = new Uint8Array(0);
  type = new Uint32Array(0);
  /** Decimal request ids as numbers; NaN: none, or the text is in `requestText`. */
  private requestNumber = new Float64Array(0);
  private readonly requestText = new Map<number, string>();
  pairStatus = new Uint8Array(0);
  pairPartner = new Int32Array(0);
  pairLatency = new Float64Array(0);
  /** Pair status as the CLI summary counts it (a duplicate stays a duplicate once answered). */
  countedStatus = new Uint8Array(0);
  private countedOpen = new Uint8Array(0);
  length = new Uint32Array(0);
  group = new Uint32Array(0);
  ordinal = new Uint32Array(0);
  /** Highest severity of the stored notes (row severity code). */
  severity = new Uint8Array(0);
  noteCount = new Uint16Array(0);
  noteStart = new Uint32Array(0);
  notes = 0;
  private noteSeverity = new Uint8Array(0);
  private noteKind = new Uint32Array(0);
  private noteText = new Uint32Array(0);
  /** -1: the note is about the whole message. */
  private noteField = new Int32Array(0);
  readonly noteStrings = new StringTable();
  readonly conversations: ConversationEntry[] = [];
  readonly types: MessageTypeEntry[] = [];
  readonly fields = new FieldStore();
  messageBytes = 0;

  /** Adds a batch's rows and notes and applies its pairing updates; returns the indexes whose pairing changed. */
  ingest(batch: Batch): number[] {
    this.fields.addKeys(batch.keys, batch.values);
    for (const c of batch.conversations) this.conversations[c.id] = c;
    for (const t of batch.types) this.types[t.id] = t;
    if (batch.rows) this.addRows(batch.rows, batch.notes);
    return batch.pairUpdates.map((u) => {
      this.updatePair(u.index, u.status, u.partner, u.latency);
      return u.index;
    });
  }

  clear(): void {
    this.count = 0;
    this.notes = 0;
    this.messageBytes = 0;
    this.requestText.clear();
    this.fields.clear();
    this.conversations.length = 0;
    this.types.length = 0;
  }

  stream(i: number): string {
    return this.conversations[this.conversation[i]!]!.stream;
  }

  src(i: number): string {
    return this.conversations[this.conversation[i]!]!.endpoints[this.direction[i]!]!;
  }

  dst(i: number): string {
    return this.conversations[this.conversation[i]!]!.endpoints[1 - this.direction[i]!]!;
  }

  typeOf(i: number): MessageTypeEntry {
    return this.types[this.type[i]!]!;
  }

  requestId(i: number): string | null {
    const n = this.requestNumber[i]!;
    return Number.isNaN(n) ? (this.requestText.get(i) ?? null) : String(n);
  }

  /** The request id as a number when it is a decimal one, else NaN (none, or text: see requestId). */
  requestIdNumber(i: number): number {
    return this.requestNumber[i]!;
  }

  /** Whether some request id is not a decimal number (sorting them then needs text). */
  get hasTextRequestIds(): boolean {
    return this.requestText.size > 0;
  }

  pair(i: number): PairInfo | null {
    const status = PAIR_STATUSES[this.pairStatus[i]!] ?? null;
    if (status === null) return null;
    const partner = this.pairPartner[i]!;
    const latency = this.pairLatency[i]!;
    return { status, index: partner < 0 ? null : partner, latencyMs: Number.isNaN(latency) ? null : latency };
  }

  /** The notes `inspect --json` prints for the message (a request never answered gets one more). */
  notesOf(i: number): Note[] {
    const out: Note[] = [];
    const start = this.noteStart[i]!;
    for (let n = start; n < start + this.noteCount[i]!; n++) {
      const field = this.noteField[n]!;
      out.push({
        severity: SEVERITY_CODES[this.noteSeverity[n]!]!,
        kind: this.noteStrings.text(this.noteKind[n]!),
        text: this.noteStrings.text(this.noteText[n]!),
        field: field < 0 ? null : this.noteStrings.text(field),
      });
    }
    if (this.pairStatus[i] === UNANSWERED) out.push({ ...UNANSWERED_NOTE });
    return out;
  }

  finalNoteCount(i: number): number {
    return this.noteCount[i]! + (this.pairStatus[i] === UNANSWERED ? 1 : 0);
  }

  /** Row severity code with the unanswered note counted. */
  rowSeverity(i: number): number {
    const stored = this.severity[i]!;
    return this.pairStatus[i] === UNANSWERED ? Math.max(stored, WARNING_ROW) : stored;
  }

  rowSeverityName(i: number): Severity | null {
    const code = this.rowSeverity(i);
    return code === 0 ? null : SEVERITY_CODES[code - 1]!;
  }

  private addRows(rows: RowBatch, notes: readonly NoteEntry[]): void {
    const first = rows.first;
    const end = first + rows.count;
    this.reserve(end);
    this.frame.set(rows.frame, first);
    this.time.set(rows.time, first);
    this.conversation.set(rows.conversation, first);
    this.direction.set(rows.direction, first);
    this.type.set(rows.type, first);
    this.pairStatus.set(rows.pairStatus, first);
    this.countedStatus.set(rows.pairStatus, first);
    this.pairPartner.set(rows.pairPartner, first);
    this.pairLatency.set(rows.pairLatency, first);
    this.length.set(rows.length, first);
    this.group.set(rows.group, first);
    this.ordinal.set(rows.ordinal, first);
    this.noteCount.set(rows.noteCount, first);
    let noteAt = 0;
    for (let k = 0; k < rows.count; k++) {
      const i = first + k;
      this.setRequestId(i, rows.requestIds[k] ?? null);
      const status = rows.pairStatus[k]!;
      this.countedOpen[i] = status === UNANSWERED || status === DUPLICATE ? 1 : 0;
      this.messageBytes += rows.length[k]!;
      this.noteStart[i] = this.notes;
      let severity = 0;
      for (let n = 0; n < rows.noteCount[k]!; n++) {
        const note = notes[noteAt++]!;
        severity = Math.max(severity, note.severity + 1);
        this.addNote(note);
      }
      this.severity[i] = severity;
    }
    this.fields.append(first, rows.fieldBytes, rows.fieldLength);
    this.count = end;
  }

  private setRequestId(i: number, id: string | null): void {
    const n = id === null ? Number.NaN : Number(id);
    const canonical = id !== null && Number.isSafeInteger(n) && String(n) === id;
    this.requestNumber[i] = canonical ? n : Number.NaN;
    if (id !== null && !canonical) this.requestText.set(i, id);
    else this.requestText.delete(i);
  }

  private addNote(note: NoteEntry): void {
    const n = this.notes++;
    this.noteSeverity = grown(this.noteSeverity, n + 1);
    this.noteKind = grown(this.noteKind, n + 1);
    this.noteText = grown(this.noteText, n + 1);
    this.noteField = grown(this.noteField, n + 1);
    this.noteSeverity[n] = note.severity;
    this.noteKind[n] = this.noteStrings.intern(note.kind);
    this.noteText[n] = this.noteStrings.intern(note.text);
    this.noteField[n] = note.field === null ? -1 : this.noteStrings.intern(note.field);
  }

  private updatePair(index: number, status: number, partner: number, latency: number): void {
    this.pairStatus[index] = status;
    this.pairPartner[index] = partner;
    this.pairLatency[index] = latency;
    // The summary counts a request's first update only, and a duplicate as a duplicate whatever answers it.
    if (this.countedOpen[index]) {
      if (this.countedStatus[index] !== DUPLICATE) this.countedStatus[index] = status;
      this.countedOpen[index] = 0;
    }
  }

  private reserve(n: number): void {
    this.frame = grown(this.frame, n);
    this.time = grown(this.time, n);
    this.conversation = grown(this.conversation, n);
    this.direction = grown(this.direction, n);
    this.type = grown(this.type, n);
    this.requestNumber = grown(this.requestNumber, n);
    this.pairStatus = grown(this.pairStatus, n);
    this.pairPartner = grown(this.pairPartner, n);
    this.pairLatency = grown(this.pairLatency, n);
    this.countedStatus = grown(this.countedStatus, n);
    this.countedOpen = grown(this.countedOpen, n);
    this.length = grown(this.length, n);
    this.group = grown(this.group, n);
    this.ordinal = grown(this.ordinal, n);
    this.severity = grown(this.severity, n);
    this.noteCount = grown(this.noteCount, n);
    this.noteStart = grown(this.noteStart, n);
  }
}
