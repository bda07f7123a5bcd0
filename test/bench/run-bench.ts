/**
 * The project benchmark (`npm run bench`, which builds the CLI first): times `peerscope inspect FILE --summary
 * --json` against tshark's conversation statistics on a generated capture, checks that Peerscope decoded exactly
 * what the generator wrote, and with `--profile` shows where Peerscope's CPU time goes. Three suites:
 *
 *   eth2    (default) ≥ 1 GiB of concurrent Hobbits and eth2 RPC conversations, against `tshark -z conv,tcp`
 *   rlpx    ≥ 1 GiB of encrypted RLPx sessions (LES, ress, eth) read with their key log (`--keylog`), `conv,tcp`
 *   portal  discv5 node pairs carrying Portal and uTP, read with the nodes' keys (`--node-key`), `conv,udp`
 *
 *   npm run bench -- [--suite eth2|rlpx|portal] [--size-gb 1] [--runs 3] [--regenerate] [--profile]
 *                    [--profile-size-gb 0.2] [--profile-no-inline] [--concurrency N] [--nodes N] [--seed 2019]
 *
 * --size-gb is in GiB (2^30 bytes); MB and MB/s in the report are 10^6 bytes. --profile profiles one run on a
 * smaller capture from the same generator; --profile-no-inline keeps V8 from inlining small functions into their
 * callers, so their own time shows (absolute times then run slower). --concurrency: conversations open at once
 * (default 300 eth2, 64 rlpx, 200 portal); --nodes: discv5 nodes of the portal suite (default 256).
 *
 * Each capture is written to `.bench/` with a JSON sidecar (parameters, a hash of its generator, what was
 * written) and reused while they match. The report is printed and written to `.bench/report.json` (eth2) or
 * `.bench/report-<suite>.json`; the exit code is 1 when Peerscope's counts differ from the generator's (a benchmark
 * that decodes nothing is worthless).
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { median, runStats, timedRun, type TimedRun } from './bench-measure';
import { summarizeCpuProfile } from './bench-profile';
import { printReport, treeState, writeReportJson, type Results } from './bench-report';
import {
  BENCH_DIR,
  check,
  log,
  REPO,
  type Measurements,
  type PeerscopeSummary,
  type ProfileRun,
  type Suite,
  type SuiteCapture,
  type SuiteName,
  type SuiteOptions,
} from './bench-suite';
import { eth2Suite } from './eth2-suite';
import { portalSuite } from './portal-suite';
import { rlpxSuite } from './rlpx-suite';

const CLI = join(REPO, 'out/cli/peerscope.mjs');

const SUITES: Record<SuiteName, (options: SuiteOptions) => Suite<SuiteCapture>> = {
  eth2: eth2Suite,
  rlpx: rlpxSuite,
  portal: portalSuite,
};

/** Reads the file once so the first measured command does not pay for the disk and the others do not gain from it. */
async function warmPageCache(path: string): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) void chunk;
}

function peerscopeCommand<C extends SuiteCapture>(suite: Suite<C>, capture: C): string[] {
  return [process.execPath, CLI, 'inspect', capture.path, ...suite.peerscopeArgs(capture), '--summary', '--json'];
}

function failed(run: TimedRun, command: readonly string[]): never {
  throw new Error(`${command.slice(0, 8).join(' ')}… exited with ${run.exitCode}:\n${run.stderrTail}`);
}

/** Runs both tools `count` times, alternating, so that drift on the shared machine hits both alike. */
function measure<C extends SuiteCapture>(suite: Suite<C>, capture: C, count: number): Measurements {
  const peerscope = peerscopeCommand(suite, capture);
  const tshark = ['tshark', '-r', capture.path, '-q', '-z', `conv,${suite.transport}`];
  const peerscopeOut = join(BENCH_DIR, suite.files.summary);
  const tsharkOut = join(BENCH_DIR, suite.files.tshark);
  const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
  const peerscopeRuns: TimedRun[] = [];
  const tsharkRuns: TimedRun[] = [];
  const summaries: PeerscopeSummary[] = [];
  const conversations: number[] = [];
  for (let i = 1; i <= count; i++) {
    const p = timedRun(peerscope, peerscopeOut);
    if (p.exitCode !== 0) failed(p, peerscope);
    peerscopeRuns.push(p);
    summaries.push(JSON.parse(readFileSync(peerscopeOut, 'utf8')) as PeerscopeSummary);
    log(`  run ${i}/${count}: peerscope ${p.wallSeconds.toFixed(2)} s, ${mb(p.peakRssBytes)} MB peak RSS`);
    const t = timedRun(tshark, tsharkOut);
    if (t.exitCode !== 0) failed(t, tshark);
    tsharkRuns.push(t);
    const lines = readFileSync(tsharkOut, 'utf8').split('\n');
    conversations.push(lines.filter((l) => l.includes('<->')).length);
    log(`  run ${i}/${count}: tshark    ${t.wallSeconds.toFixed(2)} s, ${mb(t.peakRssBytes)} MB peak RSS`);
  }
  return {
    peerscope: { command: peerscope, runs: peerscopeRuns, stats: runStats(peerscopeRuns), summaries },
    tshark: { command: tshark, runs: tsharkRuns, stats: runStats(tsharkRuns), conversations },
  };
}

/**
 * `noInline`: V8 inlines small functions (the SSZ leaf readers, toHex) into their callers, whose self time then holds
 * theirs; --no-turbo-inlining keeps them apart, at the price of slower, less representative absolute times.
 */
function profilePeerscope<C extends SuiteCapture>(suite: Suite<C>, capture: C, noInline: boolean): ProfileRun<C> {
  const dir = join(BENCH_DIR, 'profile');
  const name = suite.name === 'eth2' ? 'peerscope.cpuprofile' : `peerscope-${suite.name}.cpuprofile`;
  rmSync(join(dir, name), { force: true });
  mkdirSync(dir, { recursive: true });
  const command = [
    process.execPath,
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    '--cpu-prof-name',
    name,
    // Finer than the 1 ms default: short decoder functions still collect enough samples.
    '--cpu-prof-interval',
    '250',
    ...(noInline ? ['--no-turbo-inlining'] : []),
    ...peerscopeCommand(suite, capture).slice(1),
  ];
  const output = join(dir, suite.files.summary);
  const run = timedRun(command, output);
  if (run.exitCode !== 0) failed(run, command);
  return {
    capture,
    command,
    run,
    peerscopeSummary: JSON.parse(readFileSync(output, 'utf8')) as PeerscopeSummary,
    summary: summarizeCpuProfile(join(dir, name), REPO),
  };
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} takes a positive integer`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', default: 'eth2' },
      'size-gb': { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      regenerate: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-size-gb': { type: 'string', default: '0.2' },
      'profile-no-inline': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      nodes: { type: 'string' },
      seed: { type: 'string', default: '2019' },
    },
  });
  const suiteName = values.suite as SuiteName;
  if (!(suiteName in SUITES)) throw new Error(`--suite takes one of ${Object.keys(SUITES).join(', ')}`);
  const sizeGiB = Number(values['size-gb']);
  const profileGiB = Number(values['profile-size-gb']);
  if (!(sizeGiB > 0) || !(profileGiB > 0))
    throw new Error('--size-gb and --profile-size-gb take a positive number of GiB');
  const runs = positiveInteger(values.runs, 'runs')!;
  const options: SuiteOptions = {
    seed: positiveInteger(values.seed, 'seed')!,
    regenerate: values.regenerate,
    concurrency: positiveInteger(values.concurrency, 'concurrency'),
    nodes: positiveInteger(values.nodes, 'nodes'),
  };
  if (!existsSync(CLI))
    throw new Error(`${relative(REPO, CLI)} is missing: run npm run build:cli (npm run bench does)`);
  mkdirSync(BENCH_DIR, { recursive: true });

  const suite = SUITES[suiteName](options);
  const capture = suite.capture(sizeGiB);
  log(`measuring on ${relative(REPO, capture.path)} (${runs} runs each, alternating)…`);
  await warmPageCache(capture.path);
  const loadBefore = loadavg()[0]!;
  const measurements = measure(suite, capture, runs);
  const load = { before: loadBefore, after: loadavg()[0]! };
  const p = measurements.peerscope.stats;
  const t = measurements.tshark.stats;
  let profile: ProfileRun<SuiteCapture> | null = null;
  if (values.profile) {
    const small = suite.capture(profileGiB);
    log(`profiling peerscope on ${relative(REPO, small.path)}…`);
    await warmPageCache(small.path);
    profile = profilePeerscope(suite, small, values['profile-no-inline']);
  }
  const checks = suite.checks(capture, measurements, profile);
  if (profile) {
    checks.others.push(
      check('messages in the profiled run', profile.capture.messages, profile.peerscopeSummary.messages.total),
    );
  }
  const results: Results<SuiteCapture> = {
    capture,
    measurements,
    ratio: {
      best: p.bestSeconds / t.bestSeconds,
      median: p.medianSeconds / t.medianSeconds,
      pairedMedian: median(
        measurements.peerscope.runs.map((run, i) => run.wallSeconds / measurements.tshark.runs[i]!.wallSeconds),
      ),
    },
    load,
    tree: treeState(),
    messagesPerSecond: { best: capture.messages / p.bestSeconds, median: capture.messages / p.medianSeconds },
    checks,
    profile,
  };
  printReport(suite, results, runs);
  writeReportJson(suite, results);
  const failures = [...results.checks.counts, ...results.checks.others].filter((c) => !c.ok).length;
  if (failures > 0) process.exitCode = 1;
}

await main();
