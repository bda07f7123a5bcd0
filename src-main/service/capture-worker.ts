import { parentPort, type MessagePort } from 'node:worker_threads';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { useFastestHasher } from '../engine/fast-hashing';
import { defaultRegistry } from '../engine/protocols';
import { runLoadPass } from './capture-pass';
import { runExportPass } from './export-pass';
import type { Batch, ServiceToWorker, WorkerJob, WorkerToService } from './load-protocol';

/** Marks a worker started to run capture jobs (the CLI bundle doubles as the worker's script). */
export const CAPTURE_WORKER_MARK = 'peerscope-capture-worker';

/**
 * The capture worker: runs one job (a load pass or a JSON Lines export) off the service's thread and reports
 * through its port. `cancel` stops a load between two chunks of the file; the rows read so far stay valid.
 */
export function runCaptureWorker(port: MessagePort | null = parentPort): void {
  if (!port) throw new Error('the capture worker runs in a worker thread');
  const controller = new AbortController();
  // Made ready before any job arrives: a warm worker starts reading at once.
  const registry = useFastestHasher().then(() => defaultRegistry());
  void registry.then(() => port.postMessage({ type: 'ready' } satisfies WorkerToService));
  port.on('message', (message: ServiceToWorker) => {
    if (message.type === 'cancel') controller.abort();
    else void run(message.job, port, registry, controller.signal);
  });
}

async function run(
  job: WorkerJob,
  port: MessagePort,
  ready: Promise<ProtocolRegistry>,
  signal: AbortSignal,
): Promise<void> {
  const post = (message: WorkerToService, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const registry = await ready;
    if (job.kind === 'load')
      post(await runLoadPass(job, registry, (batch) => post(batch, transferables(batch)), signal));
    else post(await runExportPass(job, registry, signal));
  } catch (error) {
    post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
}

/** The batch's typed arrays move to the service instead of being copied. */
function transferables(batch: Batch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [batch.runs.buffer as ArrayBuffer];
  const rows = batch.rows;
  if (rows) {
    for (const column of [
      rows.frame,
      rows.time,
      rows.conversation,
      rows.direction,
      rows.type,
      rows.pairStatus,
      rows.pairPartner,
      rows.pairLatency,
      rows.length,
      rows.group,
      rows.ordinal,
      rows.noteCount,
      rows.fieldBytes,
      rows.fieldLength,
    ])
      out.push(column.buffer as ArrayBuffer);
  }
  return out;
}
