import type { ColumnKey, FilterProblem, PeerscopeApi, ViewSpec, ViewState } from '../../src-main/api/peerscope-api';
import { isPlainView, type CaptureState } from './capture-store';
import type { RowCache } from './row-cache';
import type { SelectionActions } from './selection-actions';
import type { Store } from './store';

/** The message list's view: filter, sort, and jumps to a message. */
export class ViewActions {
  constructor(
    private readonly api: PeerscopeApi,
    private readonly capture: Store<CaptureState>,
    private readonly rows: RowCache,
    private readonly selection: SelectionActions,
  ) {}

  /** Applies a display filter; the problem (and the old view kept) when it does not compile. */
  async applyFilter(filter: string): Promise<ViewState | FilterProblem> {
    const spec: ViewSpec = { ...this.capture.get().spec, filter: filter.trim() };
    const view = await this.apply(spec);
    return view?.error ?? view ?? { message: 'no capture is open', position: 0, length: 0 };
  }

  /** Sorts by a column: ascending, then descending, then capture order again. */
  async sortBy(column: ColumnKey): Promise<void> {
    const { spec } = this.capture.get();
    const sort: ViewSpec['sort'] =
      spec.sort?.column !== column
        ? { column, descending: false }
        : !spec.sort.descending
          ? { column, descending: true }
          : undefined;
    const { sort: _old, ...rest } = spec;
    await this.apply(sort ? { ...rest, sort } : rest);
  }

  /** Applies the current view again (new rows arrived, pairing is final, keys were loaded). */
  async refresh(): Promise<void> {
    await this.apply(this.capture.get().spec, true);
  }

  /**
   * Selects message `index` and brings it into view, clearing the filter when the filter hides it. False when the
   * capture has no such message.
   */
  async goTo(index: number): Promise<boolean> {
    const state = this.capture.get();
    const id = state.capture?.id;
    if (id === undefined || !Number.isInteger(index) || index < 0 || index >= state.total) return false;
    let row = await this.api.rowOf(id, index);
    if (row === null && state.spec.filter !== '') {
      await this.applyFilter('');
      row = await this.api.rowOf(id, index);
    }
    await this.selection.selectMessage(index, row, 'center');
    return true;
  }

  private async apply(spec: ViewSpec, keepRows = false): Promise<ViewState | null> {
    const id = this.capture.get().capture?.id;
    if (id === undefined) return null;
    const view = await this.api.setView(id, spec);
    if (this.capture.get().capture?.id !== id) return null;
    if (view.error) return view;
    this.capture.update((s) => ({
      view,
      spec,
      count: view.count,
      total: Math.max(s.total, view.total),
      rowsRevision: s.rowsRevision + 1,
    }));
    if (keepRows) this.rows.markStale();
    else this.rows.reset();
    if (!keepRows || !isPlainView(spec)) await this.selection.locateSelectedRow();
    return view;
  }
}
