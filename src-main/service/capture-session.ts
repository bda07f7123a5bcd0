import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type {
  CaptureInfo,
  LoadProgress,
  MessageDetail,
  MessageRow,
  PeerscopeEvent,
  ViewSpec,
  ViewState,
} from '../api/peerscope-api';
import { CaptureView } from './capture-view';
import type { Batch, FlowFigures, KeyInput, LoadFinished, LooseNote, WorkerToService } from './load-protocol';
import { MessageDecoder } from './message-decoder';
import { MessageTable } from './message-table';
import type { CaptureWorkers } from './worker-launcher';

/** What every session of a service shares. */
export interface SessionContext {
  registry: ProtocolRegistry;
  knownFields: ReadonlySet<string>;
  workers: CaptureWorkers;
  emit(event: PeerscopeEvent): void;
  log(level: 'info' | 'warn' | 'error', text: string): void;
  /** Where sessions keep their replay logs. */
  tempDir: string;
}

export interface SessionOptions {
  decodeAs: string[];
  keys: KeyInput;
  /** A file the session owns (an upload) and deletes when closed. */
  ownedFile?: string;
}

/**
 * One open capture: its load pass (in a worker), the message columns the pass fills, the current view, and the
 * decoder that decodes single messages again from the replay log. Loading keys starts the pass over.
 */
export class CaptureSession {
  readonly table = new MessageTable();
  private readonly decoder: MessageDecoder;
  private readonly view: CaptureView;
  private worker: Worker | null = null;
  private generation = 0;
  private readonly dir: string;
  private state: LoadProgress;
  looseNotes: LooseNote[] = [];
  figures: FlowFigures[] = [];
  /** Requests left unanswered when the pass ended (null while it runs). */
  unanswered: number[] | null = null;
  private secrets: Batch['secrets'] = [];
  private finished: Promise<void> = Promise.resolve();
  private finish: () => void = () => {};

  constructor(
    readonly info: CaptureInfo,
    private readonly ctx: SessionContext,
    private options: SessionOptions,
  ) {
    this.dir = mkdtempSync(join(ctx.tempDir, 'capture-'));
    this.decoder = new MessageDecoder(this.table, this.logPath(), () => ({
      registry: ctx.registry,
      keys: this.options.keys,
      secrets: this.secrets,
    }));
    this.view = new CaptureView(info.id, this.table, this.decoder, ctx.knownFields, (text) => ctx.log('info', text));
    this.state = this.freshProgress();
  }

  get keys(): KeyInput {
    return this.options.keys;
  }

  get decodeAs(): string[] {
    return this.options.decodeAs;
  }

  /** Resolves when the current pass has ended (done, cancelled or failed). */
  whenLoaded(): Promise<void> {
    return this.finished;
  }

  /** Starts (or restarts) the pass; rows and progress arrive as events. */
  load(): void {
    this.stopWorker();
    const generation = ++this.generation;
    this.table.clear();
    this.decoder.clear();
    this.decoder.useLog(this.logPath());
    this.looseNotes = [];
    this.figures = [];
    this.unanswered = null;
    this.secrets = [];
    this.state = this.freshProgress();
    this.view.restart();
    this.finished = new Promise((resolve) => (this.finish = resolve));
    const worker = this.ctx.workers.take();
    this.worker = worker;
    worker.on('message', (message: WorkerToService) => {
      if (generation === this.generation) this.received(message);
    });
    worker.on('error', (error) => {
      if (generation === this.generation) this.failed(error.message);
    });
    worker.on('exit', (code) => {
      if (generation === this.generation && this.state.state === 'loading')
        this.failed(`the capture worker exited (${code})`);
    });
    worker.postMessage({
      type: 'start',
      job: {
        kind: 'load',
        path: this.info.path!,
        decodeAs: this.options.decodeAs,
        keys: this.options.keys,
        replayLogPath: this.logPath(),
      },
    });
    this.ctx.log('info', `loading ${this.info.name} (${megabytes(this.info.size)})`);
    if (generation > 1) this.ctx.emit({ type: 'rows', id: this.info.id, total: 0, viewCount: 0, reset: true });
  }

  /** Stops the pass; the rows read so far stay. */
  cancel(): void {
    if (this.state.state === 'loading') this.worker?.postMessage({ type: 'cancel' });
  }

  /** Adds keys and reads the capture again with them. */
  reload(keys: KeyInput): void {
    this.options = { ...this.options, keys };
    this.load();
  }

  close(): void {
    this.generation++;
    this.stopWorker();
    this.decoder.close();
    rmSync(this.dir, { recursive: true, force: true });
    if (this.options.ownedFile) rmSync(this.options.ownedFile, { force: true });
    this.finish();
  }

  progress(): LoadProgress {
    return { ...this.state, damage: [...this.state.damage] };
  }

  setView(spec: ViewSpec): ViewState {
    return this.view.set(spec);
  }

  rows(start: number, count: number): MessageRow[] {
    return this.view.rows(start, count);
  }

  rowOf(index: number): number | null {
    return this.view.rowOf(index);
  }

  /** Message indexes of the view, in view order. */
  viewIndexes(): Int32Array {
    return this.view.indexes();
  }

  row(i: number): MessageRow {
    return this.view.row(i);
  }

  message(index: number): MessageDetail {
    if (index >= this.table.count) throw new RangeError(`message ${index} is not loaded (${this.table.count} so far)`);
    return this.decoder.detail(index, this.ctx.registry);
  }

  private received(message: WorkerToService): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'batch':
        return this.batch(message);
      case 'done':
        this.state.state = message.state;
        this.state.frames = message.frames;
        this.state.bytesRead = message.bytes;
        this.info.format = message.format;
        this.unanswered = message.unanswered;
        this.view.loaded();
        this.view.update([]);
        this.emitRows();
        this.ctx.emit({ type: 'progress', progress: this.progress() });
        this.logFinished(message);
        this.stopWorker();
        this.finish();
        return;
      case 'failed':
        return this.failed(message.error);
      case 'exported':
        return;
    }
  }

  private logFinished(done: LoadFinished): void {
    const seconds = done.elapsedMs / 1000;
    const rate = done.bytes / 1e6 / Math.max(seconds, 1e-9);
    const undecoded = done.undecoded > 0 ? `; ${done.undecoded} connection(s) matched no protocol (try decode-as)` : '';
    this.ctx.log(
      'info',
      `${done.state === 'done' ? 'loaded' : 'cancelled'} ${this.info.name}: ${done.frames} frames, ${this.table.count} messages in ${seconds.toFixed(2)} s (${rate.toFixed(1)} MB/s); field store ${megabytes(this.table.fields.bytesUsed)}${undecoded}`,
    );
  }

  private batch(batch: Batch): void {
    const from = this.table.count;
    const repaired = this.table.ingest(batch);
    this.decoder.addGroups(batch.groups, batch.bindings, batch.runs);
    this.decoder.addRows(from);
    this.secrets.push(...batch.secrets);
    this.looseNotes.push(...batch.looseNotes);
    if (batch.flowFigures) this.figures = batch.flowFigures;
    for (const d of batch.damage) {
      this.state.damage.push(d);
      this.ctx.log('warn', `${this.info.name}: damaged at file offset ${d.offset}: ${d.reason}`);
    }
    for (const p of batch.keyProblems) this.ctx.log('warn', `key log ${p.source}: ${p.text}`);
    for (const s of batch.secrets)
      this.ctx.log('info', `${this.info.name}: keys from ${s.source.replace(`${this.info.path}: `, '')}`);
    Object.assign(this.state, batch.progress);
    this.view.update(repaired);
    this.emitRows();
    this.ctx.emit({ type: 'progress', progress: this.progress() });
  }

  private emitRows(): void {
    this.ctx.emit({ type: 'rows', id: this.info.id, total: this.table.count, viewCount: this.view.count });
  }

  private failed(error: string): void {
    this.state.state = 'failed';
    this.state.error = error;
    this.ctx.emit({ type: 'progress', progress: this.progress() });
    this.ctx.log('error', `${this.info.name}: ${error}`);
    this.stopWorker();
    this.finish();
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }

  private logPath(): string {
    return join(this.dir, `replay-${this.generation}.log`);
  }

  private freshProgress(): LoadProgress {
    return {
      id: this.info.id,
      bytesRead: 0,
      totalBytes: this.info.size,
      frames: 0,
      messages: 0,
      state: 'loading',
      damage: [],
    };
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}
