import type { MessageRow, ViewSpec, ViewState } from '../api/peerscope-api';
import type { CompiledFilter } from '../analysis/filter';
import { FieldPaths, protocolFieldNames } from './field-paths';
import { infoText } from './info-text';
import type { MessageDecoder } from './message-decoder';
import type { MessageTable } from './message-table';
import { MessageView } from './message-view';
import { compileViewFilter } from './view-filter';

/** A sorted view is re-sorted at most this often while rows stream in. */
const RESORT_WHILE_LOADING_MS = 1000;

/**
 * The current view of one capture: its filter and sort over the message columns, kept up to date as rows come,
 * with the rows the field store cannot decide decided on their decoded messages; and the rows as the list shows
 * them.
 */
export class CaptureView {
  private view: MessageView;
  private spec: ViewSpec = { filter: '' };
  private loading = true;

  constructor(
    private readonly id: string,
    private readonly table: MessageTable,
    private readonly decoder: MessageDecoder,
    private readonly knownFields: ReadonlySet<string>,
    private readonly log: (text: string) => void,
  ) {
    this.view = this.newView(null, null);
  }

  /** Rows in the view now. */
  get count(): number {
    return this.view.count;
  }

  /** A new pass starts: the same filter and sort over the rows it will bring. */
  restart(): void {
    this.loading = true;
    this.view = this.newView(this.view.filter, this.view.sort);
  }

  /** The pass has ended: a sorted view is sorted fully from now on. */
  loaded(): void {
    this.loading = false;
    this.view.resortEveryMs = 0;
  }

  set(spec: ViewSpec): ViewState {
    const started = performance.now();
    const { filter, problem } = compileViewFilter(spec.filter, this.knownFields);
    if (problem) return { ...this.state(performance.now() - started), error: problem };
    const view = this.newView(filter, spec.sort ?? null);
    view.update();
    this.view = view;
    this.spec = { filter: spec.filter, ...(spec.sort && { sort: spec.sort }) };
    const exact = this.decideExactly();
    view.settle();
    const elapsed = performance.now() - started;
    if (filter || spec.sort) {
      const sorted = spec.sort ? ` sorted by ${spec.sort.column}` : '';
      const decoded = exact > 0 ? ` (${exact} decided on decoded messages)` : '';
      this.log(
        `view "${spec.filter}"${sorted}: ${view.count} of ${this.table.count} messages in ${elapsed.toFixed(1)} ms${decoded}`,
      );
    }
    return this.state(elapsed);
  }

  /** New rows came (and `repaired` ones changed pairing): the view takes them in. */
  update(repaired: readonly number[]): void {
    this.view.update(repaired);
    this.settle();
  }

  rows(start: number, count: number): MessageRow[] {
    this.settle();
    return this.view.slice(start, count).map((i) => this.row(i));
  }

  rowOf(index: number): number | null {
    this.settle();
    return this.view.rowOf(index);
  }

  /** Message indexes of the view, in view order. */
  indexes(): Int32Array {
    this.settle();
    return this.view.all();
  }

  row(i: number): MessageRow {
    const t = this.table;
    const type = t.typeOf(i);
    return {
      index: i,
      frame: t.frame[i]!,
      time: t.time[i]!,
      stream: t.stream(i),
      src: t.src(i),
      dst: t.dst(i),
      protocol: type.protocol,
      message: type.message,
      code: type.code,
      requestId: t.requestId(i),
      pair: t.pair(i),
      length: t.length[i]!,
      info: this.infoOf(i),
      severity: t.rowSeverityName(i),
      noteCount: t.finalNoteCount(i),
    };
  }

  private infoOf(i: number): string {
    return infoText(this.table.fields.read(i));
  }

  private newView(filter: CompiledFilter | null, sort: MessageView['sort']): MessageView {
    const paths = filter ? new FieldPaths(protocolFieldNames(filter.source)) : null;
    const view = new MessageView(this.table, filter, paths, sort, (i) => this.infoOf(i));
    view.resortEveryMs = this.loading ? RESORT_WHILE_LOADING_MS : 0;
    return view;
  }

  private state(elapsedMs: number): ViewState {
    return {
      id: this.id,
      filter: this.spec.filter,
      sort: this.spec.sort ?? null,
      count: this.view.count,
      total: this.table.count,
      elapsedMs,
      error: null,
    };
  }

  /** Decides what the field store could not on decoded records, then rebuilds the row list if it changed. */
  private settle(): void {
    this.decideExactly();
    this.view.settle();
  }

  private decideExactly(): number {
    const filter = this.view.filter;
    const undecided = [...this.view.undecided];
    if (!filter || undecided.length === 0) return 0;
    for (const [i, record] of this.decoder.records(undecided)) this.view.decide(i, filter.test(record));
    return undecided.length;
  }
}
