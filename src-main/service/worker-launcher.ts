import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CAPTURE_WORKER_MARK } from './capture-worker';

/**
 * Where the capture worker's code is:
 * - `script`: a built file (the Electron build's `capture-worker.js`, or the CLI bundle itself, which starts the
 *   worker when it finds `workerData` marked);
 * - `source`: the TypeScript sources, through tsx (tests and `tsx` runs).
 */
export type WorkerScript = { kind: 'script'; path: string } | { kind: 'source' };

/** The worker script for code running from this module's own location: sources here, else the bundle it is in. */
export function defaultWorkerScript(): WorkerScript {
  const here = import.meta.url;
  return here.endsWith('.ts') ? { kind: 'source' } : { kind: 'script', path: fileURLToPath(here) };
}

export function startCaptureWorker(script: WorkerScript): Worker {
  if (script.kind === 'script') return new Worker(script.path, { workerData: { mark: CAPTURE_WORKER_MARK } });
  // Node 20 applies no --import to a worker's first module: a small module registers tsx, then loads the entry.
  const entry = new URL('./capture-worker-entry.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
}

/**
 * Hands out capture workers, one kept warm ahead: a worker's start (loading the code, the protocol registry, the
 * hasher) then happens before the user opens a file, not after, and the first rows come sooner.
 */
export class CaptureWorkers {
  private spare: Worker | null = null;
  private spareReady: Promise<void> = Promise.resolve();
  private spareDied = false;
  private closed = false;

  constructor(private readonly script: WorkerScript) {}

  /** A worker for one job (the caller terminates it); another starts warming up behind it. */
  take(): Worker {
    let worker = this.spare;
    if (!worker || this.spareDied) worker = startCaptureWorker(this.script);
    this.spare = null;
    worker.ref();
    setImmediate(() => this.warm());
    return worker;
  }

  warm(): void {
    if (this.spare || this.closed) return;
    const spare = startCaptureWorker(this.script);
    this.spareDied = false;
    // An idle spare keeps no process alive, and its failure surfaces when it is taken (a fresh one is started).
    spare.unref();
    spare.on('error', () => (this.spareDied = true));
    spare.on('exit', () => (this.spareDied = true));
    this.spareReady = new Promise((resolve) => {
      const ready = (message: { type?: string }) => {
        if (message.type !== 'ready') return;
        spare.off('message', ready);
        resolve();
      };
      spare.on('message', ready);
      spare.once('exit', () => resolve());
    });
    this.spare = spare;
  }

  /** Resolves when the spare worker is ready (or gone): what a user opening a file meets. */
  ready(): Promise<void> {
    return this.spareReady;
  }

  close(): void {
    this.closed = true;
    void this.spare?.terminate();
    this.spare = null;
  }
}

/** In a worker started with `script` pointing at a bundle: whether this thread is the capture worker. */
export function isCaptureWorkerData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { mark?: unknown }).mark === CAPTURE_WORKER_MARK;
}
