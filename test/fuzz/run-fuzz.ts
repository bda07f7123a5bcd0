/**
 * The fuzzing campaign: `npm run fuzz -- [--inputs N] [--seed N] [--target NAME[,NAME]] [--group NAME[,NAME]]
 * [--seconds S] [--workers N] [--timeout-ms MS] [--max-rss-mb MB]`, or `--replay FILE` to run one saved input again.
 *
 * Inputs are split across the targets by weight and run in batches by worker threads. Input i of a target is
 * generated from (seed, target, i) alone, so any input can be rebuilt. An input over the time bound is run again
 * (the machine is shared) and is a hang when slow both times. A supervisor watches each worker's running input
 * through shared memory: one still running 3 s past the bound is stopped with its worker and run once more alone;
 * stopped again, it is a hang. Every finding's input goes to test/fuzz/crashes/<target>/.
 * Exit code 0: no finding; 1: findings; 2: the fuzzer itself failed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { findingOf, inputFromJson, saveFinding, type Finding, type SavedFinding } from './findings';
import type { BatchReport, BatchRequest, WorkerSetup } from './fuzz-worker';
import { Random } from './random';
import { REPO_ROOT } from './seeds/public-vectors';
import { createTargets, targetGroups } from './targets';
import type { FuzzTarget } from './target';

interface Options {
  inputs: number;
  seed: number;
  targets: string[] | null;
  groups: string[] | null;
  seconds: number;
  workers: number;
  timeoutMs: number;
  maxRssMb: number;
  replay: string | null;
}

const USAGE =
  'usage: tsx test/fuzz/run-fuzz.ts [--inputs N] [--seed N] [--target NAME[,NAME]] [--group NAME[,NAME]] ' +
  '[--seconds S] [--workers N] [--timeout-ms MS] [--max-rss-mb MB] | --replay FILE';

function parseOptions(args: readonly string[]): Options {
  const options: Options = {
    inputs: 1_000_000,
    seed: 1,
    targets: null,
    groups: null,
    seconds: Infinity,
    workers: Math.max(1, Math.min(2, availableParallelism())),
    timeoutMs: 2000,
    maxRssMb: 3072,
    replay: null,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    const number = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number\n${USAGE}`);
      i++;
      return n;
    };
    if (flag === '--inputs') options.inputs = Math.floor(number());
    else if (flag === '--seed') options.seed = Math.floor(number()) >>> 0;
    else if (flag === '--seconds') options.seconds = number();
    else if (flag === '--workers') options.workers = Math.max(1, Math.floor(number()));
    else if (flag === '--timeout-ms') options.timeoutMs = number();
    else if (flag === '--max-rss-mb') options.maxRssMb = number();
    else if (flag === '--target' && value !== undefined) {
      options.targets = value.split(',');
      i++;
    } else if (flag === '--group' && value !== undefined) {
      options.groups = value.split(',');
      i++;
    } else if (flag === '--replay' && value !== undefined) {
      options.replay = value;
      i++;
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  return options;
}

/** Per-target totals as the report prints them. */
interface TargetTally {
  target: FuzzTarget;
  planned: number;
  dispatched: number;
  inputs: number;
  busyMs: number;
  slowestMs: number;
  slowestIndex: number;
  /** Inputs over the bound once but not on a second run: the CPU was busy elsewhere. */
  stalls: number;
  findings: Finding[];
}

/** Splits `total` inputs across the targets by weight (largest remainders get the leftovers). */
function planInputs(targets: readonly FuzzTarget[], total: number): number[] {
  const weight = targets.reduce((sum, t) => sum + t.weight, 0);
  const exact = targets.map((t) => (total * t.weight) / weight);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

/** The next batch: from the target least far along, so a time budget cuts every target evenly. */
function nextBatch(tallies: readonly TargetTally[]): BatchRequest | null {
  let best: TargetTally | null = null;
  for (const t of tallies) {
    if (t.dispatched >= t.planned) continue;
    if (!best || t.dispatched / t.planned < best.dispatched / best.planned) best = t;
  }
  if (!best) return null;
  const count = Math.min(best.target.batchSize, best.planned - best.dispatched);
  const request: BatchRequest = { type: 'batch', target: tallies.indexOf(best), start: best.dispatched, count };
  best.dispatched += count;
  return request;
}

type WorkerMessage = BatchReport | { type: 'ready' } | { type: 'harness-error'; message: string };

function addReport(tally: TargetTally, report: BatchReport): void {
  tally.inputs += report.inputs;
  tally.busyMs += report.busyMs;
  if (report.slowestMs > tally.slowestMs) {
    tally.slowestMs = report.slowestMs;
    tally.slowestIndex = report.slowestIndex;
  }
  tally.stalls += report.stalls;
  tally.findings.push(...report.findings);
}

/** Starts a worker thread that runs TypeScript through tsx's loader, as this process does. */
function startWorker(setup: WorkerSetup): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./fuzz-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
}

/** The targets `--target` and `--group` name together (all of them when neither is given). */
function chooseTargets(all: readonly FuzzTarget[], options: Options): FuzzTarget[] {
  if (!options.targets && !options.groups) return [...all];
  const groups = targetGroups();
  const unknownGroups = (options.groups ?? []).filter((name) => !groups[name]);
  if (unknownGroups.length > 0)
    throw new Error(`unknown group ${unknownGroups.join(', ')}; known: ${Object.keys(groups).join(', ')}`);
  const names = new Set([...(options.targets ?? []), ...(options.groups ?? []).flatMap((g) => groups[g]!)]);
  const unknown = [...names].filter((name) => !all.some((t) => t.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown target ${unknown.join(', ')}; known: ${all.map((t) => t.name).join(', ')}`);
  return all.filter((t) => names.has(t.name));
}

async function campaign(options: Options): Promise<number> {
  const all = createTargets();
  const chosen = chooseTargets(all, options);
  const planned = planInputs(chosen, options.inputs);
  const tallies: TargetTally[] = all.map((target) => ({
    target,
    planned: chosen.includes(target) ? planned[chosen.indexOf(target)]! : 0,
    dispatched: 0,
    inputs: 0,
    busyMs: 0,
    slowestMs: 0,
    slowestIndex: -1,
    stalls: 0,
    findings: [],
  }));
  const crashDir = join(REPO_ROOT, 'test/fuzz/crashes');
  const scratchDir = mkdtempSync(join(tmpdir(), 'peerscope-fuzz-'));
  const progress = new SharedArrayBuffer(8 * options.workers);
  const started = new SharedArrayBuffer(8 * options.workers);
  const runningInput = new Int32Array(progress);
  const startedAt = new Float64Array(started);
  const hardLimitMs = Math.max(options.timeoutMs + 3000, 2 * options.timeoutMs);
  const wallStart = performance.now();
  const deadline = wallStart + options.seconds * 1000;
  let peakRss = process.memoryUsage.rss();
  let harnessError: string | null = null;
  console.log(
    `peerscope fuzz: seed ${options.seed}, ${options.inputs} inputs over ${chosen.length} targets, ` +
      `${options.workers} workers, ${options.timeoutMs} ms per input`,
  );

  /** Targets prepared in this thread, and hung inputs saved per kind: as the workers, the first three. */
  const preparedHere = new Set<FuzzTarget>();
  const savedHangs = new Map<string, number>();

  /** Regenerates a hung input in this thread (its worker is gone) and saves it. */
  const hangFinding = (targetIndex: number, index: number, ms: number): Finding => {
    const target = tallies[targetIndex]!.target;
    const stopped = new Error(`still running after ${Math.round(ms)} ms; the worker was stopped`);
    const finding = findingOf('hang', target.name, index, stopped);
    finding.ms = ms;
    const saved = savedHangs.get(finding.signature) ?? 0;
    savedHangs.set(finding.signature, saved + 1);
    if (saved >= 3) return finding;
    try {
      if (!preparedHere.has(target)) target.prepare(options.seed, scratchDir);
      preparedHere.add(target);
      const input = target.generate(Random.forInput(options.seed, target.name, index));
      finding.file = saveFinding(REPO_ROOT, crashDir, options.seed, finding, input);
    } catch (e) {
      finding.message += ` (input not saved: ${(e as Error).message})`;
    }
    return finding;
  };

  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let live = 0;
  const slots: (Worker | null)[] = new Array<Worker | null>(options.workers).fill(null);
  const current: (BatchRequest | null)[] = new Array<BatchRequest | null>(options.workers).fill(null);
  /** Remainders of batches whose worker was replaced: run before new batches. */
  const leftovers: BatchRequest[] = [];

  const dispatch = (slot: number): void => {
    const worker = slots[slot]!;
    const request = harnessError
      ? null
      : (leftovers.shift() ?? (performance.now() < deadline ? nextBatch(tallies) : null));
    current[slot] = request;
    if (request) return worker.postMessage(request);
    slots[slot] = null;
    worker.postMessage({ type: 'stop' });
    if (--live === 0) finish();
  };

  /**
   * A stopped input runs again alone on the next worker before it counts as a hang: the machine is shared, and a
   * thread that waited for a CPU looks hung. These are those second runs.
   */
  const confirmations = new Set<BatchRequest>();

  /** A worker died or hung in the middle of a batch: the rest of the batch is queued again, a new worker starts. */
  const replace = (slot: number, finding: Finding | null): void => {
    const request = current[slot];
    const worker = slots[slot];
    slots[slot] = null;
    startedAt[slot] = 0;
    void worker?.terminate();
    live--;
    if (request) {
      const stoppedAt = runningInput[2 * slot + 1]!;
      const tally = tallies[request.target]!;
      if (finding) tally.findings.push(finding);
      if (!confirmations.delete(request)) tally.inputs += stoppedAt - request.start + 1;
      const rest = request.start + request.count - (stoppedAt + 1);
      if (rest > 0) leftovers.push({ type: 'batch', target: request.target, start: stoppedAt + 1, count: rest });
    }
    spawn(slot);
  };

  /** The running input is past the hard limit: a hang if it was already a second run, else it runs again. */
  const stopHungInput = (slot: number, ms: number): void => {
    const request = current[slot];
    const target = runningInput[2 * slot]!;
    const index = runningInput[2 * slot + 1]!;
    if (request && confirmations.has(request)) return replace(slot, hangFinding(target, index, ms));
    const again: BatchRequest = { type: 'batch', target, start: index, count: 1 };
    confirmations.add(again);
    leftovers.unshift(again);
    replace(slot, null);
  };

  const spawn = (slot: number): void => {
    const worker = startWorker({
      seed: options.seed,
      timeoutMs: options.timeoutMs,
      slot,
      progress,
      started,
      repoRoot: REPO_ROOT,
      crashDir,
      examplesPerSignature: 3,
      scratchDir,
    });
    slots[slot] = worker;
    current[slot] = null;
    live++;
    worker.on('message', (message: WorkerMessage) => {
      if (slots[slot] !== worker) return;
      if (message.type === 'harness-error') harnessError = message.message;
      else if (message.type === 'done') {
        const request = current[slot]!;
        const tally = tallies[message.target]!;
        if (!confirmations.delete(request)) addReport(tally, message);
        else if (message.findings.length > 0) tally.findings.push(...message.findings);
        else tally.stalls++;
      }
      dispatch(slot);
    });
    const failed = (error: Error): void => {
      if (slots[slot] !== worker) return;
      const request = current[slot];
      if (!request) {
        harnessError = `a worker failed outside a batch: ${error.stack ?? error.message}`;
        slots[slot] = null;
        if (--live === 0) finish();
        return;
      }
      const kind = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
      replace(slot, findingOf(kind, tallies[request.target]!.target.name, runningInput[2 * slot + 1]!, error));
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`worker exited with code ${code}`)));
  };

  let lastProgress = performance.now();
  const watchdog = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    for (let slot = 0; slot < options.workers; slot++) {
      const since = startedAt[slot]!;
      if (!slots[slot] || since === 0) continue;
      const ms = Date.now() - since;
      if (ms >= hardLimitMs) stopHungInput(slot, ms);
    }
    if (performance.now() - lastProgress >= 30_000) {
      lastProgress = performance.now();
      const done = tallies.reduce((n, t) => n + t.inputs, 0);
      const found = tallies.reduce((n, t) => n + t.findings.length, 0);
      const seconds = ((lastProgress - wallStart) / 1000).toFixed(0);
      console.log(`[${seconds} s] ${done} of ${options.inputs} inputs, ${found} findings`);
    }
  }, 250);
  for (let slot = 0; slot < options.workers; slot++) spawn(slot);
  await finished;
  clearInterval(watchdog);

  pruneSavedInputs(tallies.flatMap((t) => t.findings));
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  rmSync(scratchDir, { recursive: true, force: true });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  printReport(
    tallies.filter((t) => t.planned > 0),
    wallSeconds,
    peakRss,
  );
  if (harnessError) {
    console.error(`\nthe fuzzer itself failed:\n${harnessError}`);
    return 2;
  }
  const findings = tallies.reduce((n, t) => n + t.findings.length, 0);
  const rssMb = peakRss / 2 ** 20;
  if (rssMb > options.maxRssMb)
    console.log(`\npeak RSS ${rssMb.toFixed(0)} MiB is over the ${options.maxRssMb} MiB bound`);
  return findings > 0 || rssMb > options.maxRssMb ? 1 : 0;
}

/**
 * Each worker saves the first inputs of every kind of finding it meets, and workers replaced after a hang start
 * counting again: keep the three lowest-numbered inputs of each kind, remove the other files.
 */
function pruneSavedInputs(findings: readonly Finding[]): void {
  const byKind = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.file) continue;
    const key = `${f.target} ${f.signature}`;
    byKind.set(key, [...(byKind.get(key) ?? []), f]);
  }
  for (const saved of byKind.values()) {
    for (const f of saved.sort((a, b) => a.index - b.index).slice(3)) {
      rmSync(join(REPO_ROOT, f.file!), { force: true });
      delete f.file;
    }
  }
}

function printReport(tallies: readonly TargetTally[], wallSeconds: number, peakRss: number): void {
  const rows = tallies.map((t) => {
    const count = (kind: Finding['kind']) => t.findings.filter((f) => f.kind === kind).length;
    return [
      t.target.name,
      String(t.inputs),
      String(count('crash') + count('memory')),
      String(count('oracle')),
      String(count('hang')),
      t.slowestMs.toFixed(1),
      t.busyMs > 0 ? ((t.inputs / t.busyMs) * 1000).toFixed(0) : '-',
    ];
  });
  const all = tallies.flatMap((t) => t.findings);
  const total = tallies.reduce((n, t) => n + t.inputs, 0);
  rows.push([
    'total',
    String(total),
    String(all.filter((f) => f.kind === 'crash' || f.kind === 'memory').length),
    String(all.filter((f) => f.kind === 'oracle').length),
    String(all.filter((f) => f.kind === 'hang').length),
    Math.max(0, ...tallies.map((t) => t.slowestMs)).toFixed(1),
    (total / wallSeconds).toFixed(0),
  ]);
  const header = ['target', 'inputs', 'crashes', 'oracle', 'hangs', 'slowest ms', 'inputs/s'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  rows.forEach((r, i) => {
    if (i === rows.length - 1) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    console.log(line(r));
  });
  console.log(
    `\nwall time ${wallSeconds.toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB ` +
      '(inputs/s per target: one thread; total: all workers over wall time)',
  );
  for (const t of tallies) {
    if (t.slowestIndex >= 0)
      console.log(`slowest ${t.target.name} input: #${t.slowestIndex} (${t.slowestMs.toFixed(1)} ms)`);
  }
  const stalls = tallies.reduce((n, t) => n + t.stalls, 0);
  if (stalls > 0)
    console.log(`${stalls} inputs were over the bound once but not when run again (not counted as hangs)`);
  const bySignature = new Map<string, Finding[]>();
  for (const f of all) {
    const key = `${f.target} ${f.signature}`;
    bySignature.set(key, [...(bySignature.get(key) ?? []), f]);
  }
  if (bySignature.size === 0) return;
  console.log(`\n${bySignature.size} distinct findings:`);
  for (const [, found] of bySignature) {
    const signature = found[0]!.signature;
    const example = found.find((f) => f.file) ?? found[0]!;
    console.log(
      `- [${found[0]!.target}] ${found.length}x ${signature}\n    e.g. #${example.index}: ${example.message.slice(0, 300)}`,
    );
    if (example.file) console.log(`    saved: ${example.file}`);
  }
}

/** Runs one saved input in this thread and says whether it still fails. */
async function replay(path: string): Promise<number> {
  const saved = JSON.parse(readFileSync(resolve(path), 'utf8')) as SavedFinding;
  const target = createTargets().find((t) => t.name === saved.target);
  if (!target) throw new Error(`no target ${saved.target}`);
  const scratchDir = mkdtempSync(join(tmpdir(), 'peerscope-fuzz-'));
  target.prepare(saved.seed, scratchDir);
  const started = performance.now();
  try {
    await target.execute(inputFromJson(saved.input));
    console.log(`${saved.target} #${saved.index}: passes now (${(performance.now() - started).toFixed(1)} ms)`);
    return 0;
  } catch (e) {
    console.log(`${saved.target} #${saved.index}: still fails after ${(performance.now() - started).toFixed(1)} ms`);
    console.log((e as Error).stack ?? String(e));
    const detail = (e as { detail?: unknown }).detail;
    if (typeof detail === 'string') console.log(detail);
    return 1;
  } finally {
    target.dispose?.();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

async function run(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.replay) {
    if (!existsSync(options.replay)) throw new Error(`no such file ${options.replay}`);
    return replay(options.replay);
  }
  return campaign(options);
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
