import type { ColumnKey } from '../api/peerscope-api';
import type { CompiledFilter } from '../analysis/filter';
import { ColumnRecord } from './column-record';
import type { FieldPaths } from './field-paths';
import { grown } from './growable-columns';
import type { MessageTable } from './message-table';
import { orderRows } from './view-order';

const UNSEEN = 0;
const IN = 1;
const OUT = 2;
/** The store did not hold a value the filter needs whole: decided on the decoded message. */
const UNDECIDED = 3;

export interface ViewSort {
  column: ColumnKey;
  descending: boolean;
}

/**
 * The rows a filter and a sort select, kept up to date while a capture loads: new rows are tested as they come,
 * rows whose pairing changed are tested again, and the row list is rebuilt (and re-sorted) only when it changed.
 */
export class MessageView {
  private verdict = new Uint8Array(0);
  private seen = 0;
  /** Message indexes in view order; null while the view is every message in index order. */
  private rows: Int32Array | null = null;
  private rowCount = 0;
  private changed = false;
  private position: Int32Array | null = null;
  private sortedAt = 0;
  /**
   * While a capture loads, a sorted view is re-sorted at most this often (a million rows take a while to sort);
   * in between, reads see the last order.
   */
  resortEveryMs = 0;
  private readonly record: ColumnRecord | null;
  /** Rows to decide on the decoded message. */
  readonly undecided = new Set<number>();

  constructor(
    private readonly table: MessageTable,
    readonly filter: CompiledFilter | null,
    paths: FieldPaths | null,
    readonly sort: ViewSort | null,
    private readonly infoOf: (index: number) => string,
  ) {
    this.record = filter ? new ColumnRecord(table, paths) : null;
  }

  /** Every message in index order: nothing to compute. */
  private get identity(): boolean {
    return this.filter === null && (this.sort === null || (this.sort.column === 'index' && !this.sort.descending));
  }

  get count(): number {
    return this.identity ? this.table.count : this.rowCount;
  }

  /**
   * Tests rows not seen yet and `repaired` ones (their pairing changed). Returns whether the view changed; the
   * row list itself is rebuilt when read (`settle`), so a sorted view is sorted once per read, not per batch.
   */
  update(repaired: Iterable<number> = []): boolean {
    const grew = this.seen !== this.table.count;
    if (this.identity) {
      this.seen = this.table.count;
      return grew;
    }
    this.verdict = grown(this.verdict, this.table.count);
    for (const i of repaired) if (i < this.seen) this.judge(i);
    for (let i = this.seen; i < this.table.count; i++) this.judge(i);
    if (grew) this.changed = true;
    this.seen = this.table.count;
    return this.changed;
  }

  /** Records the decision for a row that the field store could not decide. */
  decide(index: number, inView: boolean): void {
    if (!this.undecided.delete(index)) return;
    this.verdict[index] = inView ? IN : OUT;
    this.changed = true;
  }

  /** Message indexes of rows `start … start+count`. */
  slice(start: number, count: number): number[] {
    this.settle();
    const end = Math.min(this.count, start + count);
    const out: number[] = [];
    for (let r = Math.max(0, start); r < end; r++) out.push(this.rows ? this.rows[r]! : r);
    return out;
  }

  /** Every row's message index in view order. */
  all(): Int32Array {
    this.settle();
    if (this.rows) return this.rows.subarray(0, this.rowCount);
    const out = new Int32Array(this.table.count);
    for (let i = 0; i < out.length; i++) out[i] = i;
    return out;
  }

  rowOf(index: number): number | null {
    this.settle();
    if (index < 0 || index >= this.table.count) return null;
    if (!this.rows) return index;
    if (!this.position) {
      this.position = new Int32Array(this.table.count).fill(-1);
      for (let r = 0; r < this.rowCount; r++) this.position[this.rows[r]!] = r;
    }
    const row = this.position[index] ?? -1;
    return row < 0 ? null : row;
  }

  /** Whether message `index` is in the view (decided rows only). */
  includes(index: number): boolean {
    return this.filter === null ? index < this.table.count : this.verdict[index] === IN;
  }

  /** Rebuilds the row list if the view changed since it was last built. */
  settle(): void {
    if (this.identity || (!this.changed && (this.rows || this.table.count === 0))) return;
    const now = performance.now();
    if (this.sort && this.rows && now - this.sortedAt < this.resortEveryMs) return;
    this.sortedAt = now;
    this.changed = false;
    this.position = null;
    let members: Int32Array;
    if (this.filter === null) {
      members = new Int32Array(this.seen);
      for (let i = 0; i < members.length; i++) members[i] = i;
    } else {
      let n = 0;
      for (let i = 0; i < this.seen; i++) if (this.verdict[i] === IN) n++;
      members = new Int32Array(n);
      n = 0;
      for (let i = 0; i < this.seen; i++) if (this.verdict[i] === IN) members[n++] = i;
    }
    this.rows = this.sort
      ? orderRows(members, this.table, this.sort.column, this.sort.descending, this.infoOf)
      : members;
    this.rowCount = this.rows.length;
  }

  private judge(i: number): void {
    if (!this.filter) {
      this.verdict[i] = IN;
      return;
    }
    const record = this.record!.at(i);
    const pass = this.filter.test(record);
    const before = this.verdict[i];
    if (record.inexact) {
      this.verdict[i] = UNDECIDED;
      this.undecided.add(i);
    } else {
      this.verdict[i] = pass ? IN : OUT;
      if (before === UNDECIDED) this.undecided.delete(i);
    }
    if (before !== UNSEEN && before !== this.verdict[i]) this.changed = true;
  }
}
