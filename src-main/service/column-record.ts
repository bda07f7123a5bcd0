import type { JsonObject } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import type { Note } from '../../decoders/core/notes';
import type { PairInfo } from '../../decoders/core/pairing';
import type { FieldPaths } from './field-paths';
import { PAIR_STATUSES } from './load-protocol';
import type { MessageTable } from './message-table';

const NO_FIELDS: JsonObject = Object.freeze({}) as JsonObject;
const NO_NOTES: Note[] = Object.freeze([]) as unknown as Note[];

/**
 * A MessageRecord read from the columns, one row at a time: the compiled filter runs on it as on a record of
 * `inspect --json`, and only what the filter reads is looked up. `fields` holds just the paths the filter names
 * (from the field store); when one of them was not stored whole, `inexact` is set and the row must be decided on
 * the fully decoded message.
 */
export class ColumnRecord implements MessageRecord {
  private i = 0;
  inexact = false;
  private fieldsOfRow: JsonObject | null = null;
  private readonly pairOfRow: PairInfo = { status: 'matched', index: null, latencyMs: null };
  private readonly outcome = { inexact: false };

  constructor(
    private readonly table: MessageTable,
    private readonly paths: FieldPaths | null,
  ) {}

  at(row: number): this {
    this.i = row;
    this.inexact = false;
    this.fieldsOfRow = null;
    return this;
  }

  get index(): number {
    return this.i;
  }
  get frame(): number {
    return this.table.frame[this.i]!;
  }
  get time(): number {
    return this.table.time[this.i]!;
  }
  get stream(): string {
    return this.table.stream(this.i);
  }
  get src(): string {
    return this.table.src(this.i);
  }
  get dst(): string {
    return this.table.dst(this.i);
  }
  get protocol(): string {
    return this.table.typeOf(this.i).protocol;
  }
  get message(): string {
    return this.table.typeOf(this.i).message;
  }
  get code(): number | null {
    return this.table.typeOf(this.i).code;
  }
  get requestId(): string | null {
    return this.table.requestId(this.i);
  }

  /** One object reused for every row: filters read it and let go. */
  get pair(): PairInfo | null {
    const t = this.table;
    const status = PAIR_STATUSES[t.pairStatus[this.i]!] ?? null;
    if (status === null) return null;
    const partner = t.pairPartner[this.i]!;
    const latency = t.pairLatency[this.i]!;
    const pair = this.pairOfRow;
    pair.status = status;
    pair.index = partner < 0 ? null : partner;
    pair.latencyMs = Number.isNaN(latency) ? null : latency;
    return pair;
  }

  get notes(): Note[] {
    return this.table.finalNoteCount(this.i) === 0 ? NO_NOTES : this.table.notesOf(this.i);
  }

  get fields(): JsonObject {
    if (this.fieldsOfRow) return this.fieldsOfRow;
    const state = this.paths?.rootFor(this.protocol) ?? null;
    if (state === null) return (this.fieldsOfRow = NO_FIELDS);
    this.outcome.inexact = false;
    const fields = this.table.fields.readPruned(this.i, state, this.outcome) as JsonObject;
    if (this.outcome.inexact) this.inexact = true;
    return (this.fieldsOfRow = fields);
  }
}
