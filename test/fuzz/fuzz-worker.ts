import { parentPort, workerData } from 'node:worker_threads';
import { findingOf, saveFinding, type Finding } from './findings';
import { Random } from './random';
import { OracleFailure } from './target';
import { createTargets } from './targets';

/** What the supervisor tells a worker when starting it. */
export interface WorkerSetup {
  seed: number;
  /** An input running longer than this is run again; slow both times, it is a hang even though it returned. */
  timeoutMs: number;
  /** This worker's slot in the shared progress arrays. */
  slot: number;
  /** Per slot: target index and input index of the input running (or run last). */
  progress: SharedArrayBuffer;
  /** Per slot: when the running input started (ms since the epoch; 0: none). */
  started: SharedArrayBuffer;
  repoRoot: string;
  crashDir: string;
  /** Examples of one finding saved per worker. */
  examplesPerSignature: number;
  /** A directory of the campaign's own, removed when it ends (capture files for whole-capture analysis). */
  scratchDir: string;
}

export interface BatchRequest {
  type: 'batch';
  target: number;
  start: number;
  count: number;
}

/** The campaign is over: release what the targets hold. */
export interface StopRequest {
  type: 'stop';
}

export interface BatchReport {
  type: 'done';
  target: number;
  inputs: number;
  /** Time spent generating and running the inputs. */
  busyMs: number;
  slowestMs: number;
  slowestIndex: number;
  /** Inputs over the time bound once but not when run again (the CPU was busy elsewhere). */
  stalls: number;
  findings: Finding[];
}

/** Runs batches of one target's inputs and reports what each batch found; the supervisor watches for hangs. */
async function main(): Promise<void> {
  const setup = workerData as WorkerSetup;
  const targets = createTargets();
  const prepared = new Set<number>();
  const progress = new Int32Array(setup.progress);
  const started = new Float64Array(setup.started);
  const saved = new Map<string, number>();
  const port = parentPort!;

  /** Runs input `index` of a target, timed, with the supervisor told which input runs since when. */
  const runOne = async (
    targetIndex: number,
    index: number,
  ): Promise<{ ms: number; failure: Finding | null; input: unknown }> => {
    const target = targets[targetIndex]!;
    const input = target.generate(Random.forInput(setup.seed, target.name, index));
    Atomics.store(progress, 2 * setup.slot, targetIndex);
    Atomics.store(progress, 2 * setup.slot + 1, index);
    started[setup.slot] = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    let failure: Finding | null = null;
    try {
      const pending = target.execute(input);
      if (pending) await pending;
    } catch (e) {
      failure = findingOf(e instanceof OracleFailure ? 'oracle' : 'crash', target.name, index, e);
    }
    const ms = performance.now() - t0;
    started[setup.slot] = 0;
    return { ms, failure, input };
  };

  const runBatch = async (request: BatchRequest): Promise<BatchReport> => {
    const target = targets[request.target]!;
    if (!prepared.has(request.target)) {
      target.prepare(setup.seed, setup.scratchDir);
      prepared.add(request.target);
    }
    const report: BatchReport = {
      type: 'done',
      target: request.target,
      inputs: 0,
      busyMs: 0,
      slowestMs: 0,
      slowestIndex: -1,
      stalls: 0,
      findings: [],
    };
    const batchStart = performance.now();
    for (let index = request.start; index < request.start + request.count; index++) {
      let { ms, failure, input } = await runOne(request.target, index);
      if (!failure && ms > setup.timeoutMs) {
        // The machine is shared: an input slow once may have waited for a CPU. Slow twice is slow.
        const again = await runOne(request.target, index);
        ms = Math.min(ms, again.ms);
        failure = again.failure;
        input = again.input;
        if (!failure && ms <= setup.timeoutMs) report.stalls++;
      }
      if (ms > report.slowestMs) {
        report.slowestMs = ms;
        report.slowestIndex = index;
      }
      if (!failure && ms > setup.timeoutMs) {
        const slow = new Error(
          `ran ${Math.round(ms)} ms (the faster of two runs), over the ${setup.timeoutMs} ms bound`,
        );
        failure = findingOf('hang', target.name, index, slow);
        failure.ms = ms;
      }
      if (failure) report.findings.push(keep(failure, input));
      report.inputs++;
    }
    report.busyMs = performance.now() - batchStart;
    return report;
  };

  /** Saves the first few inputs of each kind of finding. */
  const keep = (finding: Finding, input: unknown): Finding => {
    const count = saved.get(finding.signature) ?? 0;
    saved.set(finding.signature, count + 1);
    if (count < setup.examplesPerSignature)
      finding.file = saveFinding(setup.repoRoot, setup.crashDir, setup.seed, finding, input);
    return finding;
  };

  port.on('message', (request: BatchRequest | StopRequest) => {
    if (request.type === 'stop') {
      for (const index of prepared) targets[index]!.dispose?.();
      port.close();
      return;
    }
    runBatch(request).then(
      (report) => port.postMessage(report),
      (error: unknown) =>
        port.postMessage({ type: 'harness-error', message: String((error as Error)?.stack ?? error) }),
    );
  });
  port.postMessage({ type: 'ready' });
}

void main();
