import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageRow } from '../api/peerscope-api';
import type { CaptureSession } from './capture-session';
import type { ExportJob, WorkerToService } from './load-protocol';
import type { CaptureWorkers } from './worker-launcher';

/** Exports travel as one string; V8 strings stop at about 512 MiB (of one-byte characters). */
const MAX_TEXT_EXPORT = 400 * 1024 * 1024;

const CSV_COLUMNS = [
  'index',
  'frame',
  'time',
  'stream',
  'src',
  'dst',
  'protocol',
  'message',
  'code',
  'requestId',
  'pair',
  'partner',
  'latencyMs',
  'length',
  'severity',
  'notes',
  'info',
] as const;

/** The view's rows as CSV (RFC 4180: quoted where needed, CRLF line ends), the columns of the message list. */
export function viewCsv(session: CaptureSession): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const i of session.viewIndexes()) lines.push(csvLine(session.row(i)));
  return `${lines.join('\r\n')}\r\n`;
}

function csvLine(row: MessageRow): string {
  const cells: (string | number | null)[] = [
    row.index,
    row.frame,
    row.time.toFixed(6),
    row.stream,
    row.src,
    row.dst,
    row.protocol,
    row.message,
    row.code,
    row.requestId,
    row.pair?.status ?? null,
    row.pair?.index ?? null,
    row.pair?.latencyMs ?? null,
    row.length,
    row.severity,
    row.noteCount,
    row.info,
  ];
  return cells.map(csvCell).join(',');
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The view as JSON Lines, exactly `inspect --json`'s lines: a worker reads the capture again (as `inspect`'s
 * second pass) and writes the lines of the view's messages in index order; a sorted view reorders them here.
 */
export async function viewJsonLines(
  session: CaptureSession,
  workers: CaptureWorkers,
  tempDir: string,
): Promise<string> {
  const order = session.viewIndexes();
  const t = session.table;
  const wanted = new Uint8Array(t.count);
  for (const i of order) wanted[i] = 1;
  const outputPath = join(tempDir, `export-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const job: ExportJob = {
    kind: 'export-jsonl',
    path: session.info.path!,
    decodeAs: session.decodeAs,
    keys: session.keys,
    wanted,
    pairs: {
      status: t.pairStatus.slice(0, t.count),
      partner: t.pairPartner.slice(0, t.count),
      latency: t.pairLatency.slice(0, t.count),
    },
    outputPath,
  };
  try {
    await runWorkerJob(workers, job);
    const size = statSync(outputPath).size;
    if (size > MAX_TEXT_EXPORT) {
      throw new Error(
        `the view's JSON Lines take ${(size / 1e6).toFixed(0)} MB: too large to hand over as text; filter the view first, or use peerscope inspect --json`,
      );
    }
    const text = readFileSync(outputPath, 'utf8');
    return ascending(order) ? text : reorder(text, order);
  } finally {
    rmSync(outputPath, { force: true });
  }
}

function runWorkerJob(workers: CaptureWorkers, job: ExportJob): Promise<void> {
  const worker = workers.take();
  return new Promise<void>((resolve, reject) => {
    worker.on('message', (message: WorkerToService) => {
      if (message.type === 'exported') resolve();
      else if (message.type === 'failed') reject(new Error(message.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the export worker exited (${code})`)));
    worker.postMessage({ type: 'start', job });
  }).finally(() => void worker.terminate());
}

function ascending(order: Int32Array): boolean {
  for (let k = 1; k < order.length; k++) if (order[k]! < order[k - 1]!) return false;
  return true;
}

/** Lines came in index order; put them in view order. */
function reorder(text: string, order: Int32Array): string {
  const lines = text.split('\n');
  const byIndex = new Map<number, string>();
  const sorted = Int32Array.from(order).sort();
  sorted.forEach((index, k) => byIndex.set(index, lines[k]!));
  return Array.from(order, (i) => `${byIndex.get(i)}\n`).join('');
}
