import type { PeerscopeApi } from '../../src-main/api/peerscope-api';
import { errorText } from '../api/api-transport';
import { byteSources } from '../model/byte-source';
import { deepestFieldAt, pathOfNames, sourceOf, type FieldPath } from '../model/field-path';
import { allExpansionKeys, ancestorKeys } from '../model/visible-fields';
import type { CaptureState } from './capture-store';
import type { RowCache } from './row-cache';
import type { SelectionState } from './selection-store';
import type { Store } from './store';

/** Selecting messages, fields and bytes; fetching the selected message's detail. */
export class SelectionActions {
  /** Numbers detail requests: an answer to an older one is dropped. */
  private requestSeq = 0;
  private scrollSeq = 0;

  constructor(
    private readonly api: PeerscopeApi,
    private readonly capture: Store<CaptureState>,
    private readonly selection: Store<SelectionState>,
    private readonly rows: RowCache,
  ) {}

  clear(): void {
    this.requestSeq++;
    this.selection.update({
      index: null,
      row: null,
      scroll: null,
      detail: null,
      sources: [],
      field: null,
      error: null,
    });
  }

  /** Selects the message on row `row` of the view (fetching the row when it is not cached). */
  async selectRow(row: number, align: 'auto' | 'center' = 'auto'): Promise<void> {
    const id = this.capture.get().capture?.id;
    const count = this.capture.get().count;
    if (id === undefined || count === 0) return;
    const target = Math.max(0, Math.min(count - 1, row));
    const cached = this.rows.row(target) ?? (await this.api.getRows(id, target, 1))[0];
    if (cached) await this.selectMessage(cached.index, target, align);
  }

  /** Selects message `index`, shown on row `row` (null when the view hides it), and fetches its detail. */
  async selectMessage(index: number, row: number | null, align: 'auto' | 'center' = 'auto'): Promise<void> {
    const scroll = row === null ? null : { row, align, seq: ++this.scrollSeq };
    const sameMessage = this.selection.get().index === index;
    this.selection.update({ index, row, scroll, ...(sameMessage ? {} : { field: null }) });
    if (!sameMessage || !this.selection.get().detail) await this.loadDetail(index, !sameMessage);
  }

  /** Fetches the selected message's detail again (its pairing may have been completed since). */
  async reloadDetail(): Promise<void> {
    const index = this.selection.get().index;
    if (index !== null) await this.loadDetail(index, false);
  }

  /** Finds the selected message's row in a new view (or learns that the view hides it). */
  async locateSelectedRow(): Promise<void> {
    const { index } = this.selection.get();
    const id = this.capture.get().capture?.id;
    if (index === null || id === undefined) return;
    const row = await this.api.rowOf(id, index);
    if (this.selection.get().index !== index) return;
    const scroll = row === null ? null : { row, align: 'center' as const, seq: ++this.scrollSeq };
    this.selection.update({ row, scroll });
  }

  selectField(path: FieldPath | null): void {
    const { detail, sources } = this.selection.get();
    if (!detail || path === null) {
      this.selection.update({ field: null });
      return;
    }
    const messageSource = sources[0]?.name ?? '';
    const expanded = new Set(this.selection.get().expanded);
    for (const key of ancestorKeys(detail.tree, path)) expanded.add(key);
    this.selection.update({ field: path, sourceTab: sourceOf(detail.tree, path, messageSource), expanded });
  }

  /** Selects the field a note names (a dotted spec path), or the message's root when it names none. */
  selectFieldByName(dotted: string | null): void {
    const tree = this.selection.get().detail?.tree;
    if (!tree) return;
    this.selectField(dotted ? (pathOfNames(tree, dotted) ?? []) : []);
  }

  /** A click on byte `offset` of source `source`: the deepest field covering it. */
  selectByte(source: string, offset: number): void {
    const { detail, sources } = this.selection.get();
    if (!detail) return;
    const path = deepestFieldAt(detail.tree, offset, source, sources[0]?.name ?? '');
    if (path) this.selectField(path);
    else this.selection.update({ field: null, sourceTab: source });
  }

  showSource(name: string): void {
    this.selection.update({ sourceTab: name });
  }

  toggleExpanded(key: string): void {
    const expanded = new Set(this.selection.get().expanded);
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    this.selection.update({ expanded });
  }

  setExpanded(key: string, open: boolean): void {
    if (this.selection.get().expanded.has(key) === open) return;
    this.toggleExpanded(key);
  }

  /** Opens every field below `under` (the whole tree by default). */
  expandAll(under: FieldPath = []): void {
    const tree = this.selection.get().detail?.tree;
    if (!tree) return;
    const expanded = new Set(this.selection.get().expanded);
    for (const key of allExpansionKeys(tree, under)) expanded.add(key);
    this.selection.update({ expanded });
  }

  /** Closes everything but the message's root. */
  collapseAll(): void {
    this.selection.update({ expanded: new Set(['']) });
  }

  private async loadDetail(index: number, fresh: boolean): Promise<void> {
    const id = this.capture.get().capture?.id;
    if (id === undefined) return;
    const seq = ++this.requestSeq;
    this.selection.update({ loading: true, error: null, ...(fresh ? { detail: null, sources: [] } : {}) });
    try {
      const detail = await this.api.getMessage(id, index);
      if (seq !== this.requestSeq) return;
      const sources = byteSources(detail.sources);
      const keepTab = sources.some((s) => s.name === this.selection.get().sourceTab) && !fresh;
      this.selection.update({
        detail,
        sources,
        loading: false,
        sourceTab: keepTab ? this.selection.get().sourceTab : (sources[0]?.name ?? null),
      });
    } catch (e) {
      if (seq === this.requestSeq) this.selection.update({ loading: false, error: errorText(e) });
    }
  }
}
