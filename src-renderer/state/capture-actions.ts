import type {
  KeyMaterial,
  LoadProgress,
  OpenSource,
  PeerscopeApi,
  PeerscopeEvent,
} from '../../src-main/api/peerscope-api';
import { uploadCapture } from '../../src-main/web/upload-client';
import { errorText, type ApiTransport } from '../api/api-transport';
import { base64FromBytes } from '../model/byte-source';
import { isCaptureFile, keyMaterialFromText, mergeKeyMaterial } from '../model/dropped-files';
import { EMPTY_VIEW, type CaptureState } from './capture-store';
import { downloadBase64, downloadText } from './download-file';
import type { RowCache } from './row-cache';
import type { SelectionActions } from './selection-actions';
import type { Store } from './store';
import type { UiState } from './ui-store';
import type { ViewActions } from './view-actions';

type RowsEvent = Extract<PeerscopeEvent, { type: 'rows' }>;

/** The analysis panels ask again at most this often while rows stream in. */
const ANALYSIS_REFRESH_MS = 1000;

/** Opening, loading, keys and exports of the capture; engine events about it land here. */
export class CaptureActions {
  /** Events about a capture whose open request has not answered yet. */
  private early = new Map<string, { progress?: LoadProgress; total?: number; viewCount?: number }>();
  private lastAnalysisRefresh = 0;

  constructor(
    private readonly api: PeerscopeApi,
    private readonly transport: ApiTransport,
    private readonly capture: Store<CaptureState>,
    private readonly ui: Store<UiState>,
    private readonly rows: RowCache,
    private readonly view: ViewActions,
    private readonly selection: SelectionActions,
  ) {}

  /** Opens a capture (then loads keys that came with it); rows appear as it loads. */
  async open(source: OpenSource, name: string, keys?: KeyMaterial): Promise<void> {
    this.capture.update({ opening: name, error: null });
    try {
      const info = await this.api.openCapture(source);
      const previous = this.capture.get().capture;
      if (previous && previous.id !== info.id) void this.api.closeCapture(previous.id).catch(() => {});
      this.adopt(info.id, info);
      await this.view.refresh();
      if (keys && (keys.keylogText || keys.nodeKeys?.length)) await this.loadKeys(keys);
    } catch (e) {
      this.capture.update({ error: `${name}: ${errorText(e)}` });
      this.notify(`Could not open ${name}: ${errorText(e)}`, 'error');
    } finally {
      this.capture.update({ opening: null });
    }
  }

  /**
   * Takes up a capture the engine already has open (`peerscope web FILE`, or a page reloaded): the newest one, with
   * its progress so far. Does nothing when the engine has none or a capture is shown already.
   */
  async resume(): Promise<void> {
    if (this.capture.get().capture) return;
    const open = await this.api.openCaptures().catch(() => []);
    const info = open.at(-1);
    if (!info || this.capture.get().capture) return;
    this.adopt(info.id, info);
    const progress = await this.api.progress(info.id).catch(() => null);
    if (progress) this.capture.update({ progress });
    await this.view.refresh();
    if (progress && progress.state !== 'loading') this.bumpAnalysis();
    // A capture another window already loaded sends no more rows: ask for the zero of the Time column now.
    await this.ensureFirstTime(info.id);
  }

  /**
   * Files chosen or dropped: a capture among them is opened (by path in Electron, uploaded in the browser), key
   * files are loaded into it (or into the open capture when no capture came along).
   */
  async openFiles(files: readonly File[]): Promise<void> {
    const heads = await Promise.all(files.map(async (f) => new Uint8Array(await f.slice(0, 4).arrayBuffer())));
    const captureFile = files.find((f, i) => isCaptureFile(f.name, heads[i]));
    const keyFiles = files.filter((f) => f !== captureFile);
    const keys = mergeKeyMaterial(
      await Promise.all(keyFiles.map(async (f) => keyMaterialFromText(f.name, await f.text()))),
    );
    if (captureFile) {
      // A browser upload of a large file takes a while: it shows as opening.
      this.capture.update({ opening: captureFile.name, error: null });
      const source = await this.sourceOf(captureFile).catch((e: unknown) => {
        this.capture.update({ opening: null, error: `${captureFile.name}: ${errorText(e)}` });
        this.notify(`Could not upload ${captureFile.name}: ${errorText(e)}`, 'error');
        return null;
      });
      if (source) await this.open(source, captureFile.name, keys);
    } else if (keyFiles.length > 0) {
      if (this.capture.get().capture) await this.loadKeys(keys);
      else this.notify('Open a capture first, then load key files into it.', 'error');
    }
  }

  async cancelLoad(): Promise<void> {
    const id = this.capture.get().capture?.id;
    if (id !== undefined) await this.api.cancelLoad(id);
  }

  /** Closes the capture and goes back to the welcome screen. */
  async close(): Promise<void> {
    const id = this.capture.get().capture?.id;
    this.selection.clear();
    this.capture.update({ capture: null, progress: null, view: null, spec: EMPTY_VIEW, count: 0, total: 0 });
    this.rows.reset();
    if (id !== undefined) await this.api.closeCapture(id).catch(() => {});
  }

  /** Adds keys; the engine decodes the capture again with them. Returns the error text, or null. */
  async loadKeys(keys: KeyMaterial): Promise<string | null> {
    const id = this.capture.get().capture?.id;
    if (id === undefined) return 'no capture is open';
    try {
      const info = await this.api.loadKeys(id, keys);
      this.adopt(info.id, info);
      await this.view.refresh();
      this.notify(`Keys loaded: ${describeKeys(keys)}; ${info.name} decoded again.`, 'info');
      return null;
    } catch (e) {
      return errorText(e);
    }
  }

  async exportView(format: 'jsonl' | 'csv'): Promise<void> {
    const id = this.capture.get().capture?.id;
    if (id === undefined) return;
    const { name, text } = await this.api.exportView(id, format);
    downloadText(name, text, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  }

  async exportPcapng(): Promise<void> {
    const id = this.capture.get().capture?.id;
    if (id === undefined) return;
    const { name, base64 } = await this.api.exportPcapng(id);
    downloadBase64(name, base64, 'application/octet-stream');
  }

  onProgress(progress: LoadProgress): void {
    if (progress.id !== this.capture.get().capture?.id) {
      this.early.set(progress.id, { ...this.early.get(progress.id), progress });
      return;
    }
    const before = this.capture.get().progress?.state;
    this.capture.update({ progress });
    if (progress.state !== 'loading' && before !== progress.state) void this.loadFinished(progress);
  }

  /** New rows (or pairing updates) in the capture: the list fetches what it shows again. */
  onRows(event: RowsEvent): void {
    const { id, total, viewCount } = event;
    if (id !== this.capture.get().capture?.id) {
      this.early.set(id, { ...this.early.get(id), total, viewCount });
      return;
    }
    if (event.reset) {
      // Read again from the start (keys loaded): rows fetched before are gone, and so is the selection.
      this.selection.clear();
      this.rows.reset();
      this.capture.update({ firstTime: null });
    } else this.rows.markStale();
    this.capture.update((s) => ({ total, count: viewCount, rowsRevision: s.rowsRevision + 1 }));
    void this.ensureFirstTime(id);
    if (performance.now() - this.lastAnalysisRefresh > ANALYSIS_REFRESH_MS) this.bumpAnalysis();
  }

  /** Makes a capture the current one: a fresh list, no selection, events that came early applied. */
  private adopt(id: string, info: NonNullable<CaptureState['capture']>): void {
    const early = this.early.get(id);
    this.early.clear();
    this.selection.clear();
    this.rows.reset();
    this.capture.update((s) => ({
      capture: info,
      progress: early?.progress ?? null,
      view: null,
      spec: s.capture?.id === id ? s.spec : EMPTY_VIEW,
      count: early?.viewCount ?? 0,
      total: early?.total ?? 0,
      firstTime: null,
      analysisRevision: s.analysisRevision + 1,
    }));
    if ((early?.total ?? 0) > 0) void this.fetchFirstTime(id);
  }

  private async loadFinished(progress: LoadProgress): Promise<void> {
    if (progress.state === 'failed') this.notify(`Loading failed: ${progress.error ?? 'unknown error'}`, 'error');
    await this.view.refresh();
    this.bumpAnalysis();
    await this.selection.reloadDetail();
    await this.ensureFirstTime(progress.id);
  }

  /** Fetches the zero of the Time column when it is still unknown and there are rows to take it from. */
  private async ensureFirstTime(id: string): Promise<void> {
    const { firstTime, total } = this.capture.get();
    if (firstTime === null && total > 0) await this.fetchFirstTime(id);
  }

  private bumpAnalysis(): void {
    this.lastAnalysisRefresh = performance.now();
    this.capture.update((s) => ({ analysisRevision: s.analysisRevision + 1 }));
  }

  /** The capture's first message time, the zero of the relative Time column. */
  private async fetchFirstTime(id: string): Promise<void> {
    try {
      const first = await this.api.getRows(id, 0, 1);
      const detail = first.length > 0 && first[0]!.index === 0 ? first[0]! : (await this.api.getMessage(id, 0)).record;
      if (this.capture.get().capture?.id === id) this.capture.update({ firstTime: detail.time });
    } catch {
      // not there yet: the next batch of rows asks again
    }
  }

  /** Electron opens a file by its path; the browser streams it to the web mode's server first (any size). */
  private async sourceOf(file: File): Promise<OpenSource> {
    const path = this.transport.pathForFile(file);
    if (path) return { kind: 'path', path };
    if (this.transport.mode === 'web') return uploadCapture(file, file.name);
    return { kind: 'upload', name: file.name, base64: base64FromBytes(new Uint8Array(await file.arrayBuffer())) };
  }

  private notify(text: string, tone: 'info' | 'error'): void {
    this.ui.update((s) => ({ notice: { text, tone, seq: (s.notice?.seq ?? 0) + 1 } }));
  }
}

function describeKeys(keys: KeyMaterial): string {
  const parts: string[] = [];
  if (keys.keylogText) parts.push(`key log ${keys.keylogName ?? ''}`.trim());
  if (keys.nodeKeys?.length) parts.push(`${keys.nodeKeys.length} node key${keys.nodeKeys.length === 1 ? '' : 's'}`);
  return parts.join(' and ') || 'nothing';
}
