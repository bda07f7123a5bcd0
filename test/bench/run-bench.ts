/**
 * The project benchmark (`npm run bench`, which builds the CLI first): times `peerscope inspect FILE --summary
 * --json` against `tshark -r FILE -q -z conv,tcp` on a generated capture of at least 1 GiB of concurrent Hobbits and
 * eth2 RPC conversations, checks that Peerscope decoded exactly what the generator wrote, and with `--profile`
 * shows where Peerscope's CPU time goes.
 *
 *   npm run bench -- [--size-gb 1] [--runs 3] [--regenerate] [--profile] [--profile-size-gb 0.2]
 *                    [--profile-no-inline] [--concurrency 300] [--seed 2019]
 *
 * --size-gb is in GiB (2^30 bytes); MB and MB/s in the report are 10^6 bytes. --profile profiles one run on a
 * smaller capture from the same generator; --profile-no-inline keeps V8 from inlining small functions into their
 * callers, so their own time shows (absolute times then run slower).
 *
 * The capture is written to `.bench/` with a JSON sidecar (parameters, a hash of the generator and its messages,
 * what was written) and reused while they match. The report is printed and written to `.bench/report.json`; the exit
 * code is 1 when Peerscope's counts differ from the generator's (a benchmark that decodes nothing is worthless).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { generateCapture, type CaptureManifest, type CaptureParams } from './bench-capture';
import { median, timedRun, runStats, type RunStats, type TimedRun } from './bench-measure';
import { buildPools, poolSizes, poolTemplates, validatePools, type MessagePools } from './bench-messages';
import { summarizeCpuProfile, type ProfileSummary } from './bench-profile';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const BENCH_DIR = join(REPO, '.bench');
const CLI = join(REPO, 'out/cli/peerscope.mjs');
const GIB = 2 ** 30;
/** The sources that decide a capture's bytes, besides the message pools (hashed with them into the sidecar). */
const GENERATOR_SOURCES = [
  'bench-capture.ts',
  'bench-messages.ts',
  '../support/capture-file-stream.ts',
  '../support/capture-writer.ts',
];
const GOAL_RATIO = 1.0;
const GOAL_RSS_MB = 300;

// The capture -----------------------------------------------------------------------------------------------------

interface Capture {
  path: string;
  manifest: CaptureManifest;
  params: CaptureParams;
  reused: boolean;
  generatedSeconds: number;
}

interface Sidecar {
  params: CaptureParams;
  generatorHash: string;
  manifest: CaptureManifest;
  generatedSeconds: number;
  generatedAt: string;
}

/** A hash of the generator's code and of every pooled message: a capture is reused only while both are unchanged. */
function generatorHash(pools: MessagePools): string {
  const hash = createHash('sha256');
  for (const source of GENERATOR_SOURCES) hash.update(readFileSync(join(HERE, source)));
  for (const t of poolTemplates(pools)) hash.update(t.bytes);
  return hash.digest('hex');
}

function ensureCapture(
  sizeGiB: number,
  params: Omit<CaptureParams, 'targetBytes'>,
  pools: MessagePools,
  regenerate: boolean,
): Capture {
  const name = `capture-${sizeGiB}gib`;
  const path = join(BENCH_DIR, `${name}.pcap`);
  const sidecarPath = join(BENCH_DIR, `${name}.json`);
  const full: CaptureParams = { targetBytes: Math.round(sizeGiB * GIB), ...params };
  const hash = generatorHash(pools);
  if (!regenerate && existsSync(path) && existsSync(sidecarPath)) {
    const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar;
    const same =
      sidecar.generatorHash === hash &&
      JSON.stringify(sidecar.params) === JSON.stringify(full) &&
      statSync(path).size === sidecar.manifest.bytes;
    if (same) {
      return {
        path,
        manifest: sidecar.manifest,
        params: full,
        reused: true,
        generatedSeconds: sidecar.generatedSeconds,
      };
    }
    log(`${relative(REPO, path)}: parameters or generator changed, generating it again`);
  }
  log(`generating ${relative(REPO, path)} (${sizeGiB} GiB)…`);
  const started = performance.now();
  const manifest = generateCapture(path, pools, full, (bytes) =>
    log(`  ${(bytes / 1e6).toFixed(0)} MB written (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  );
  const generatedSeconds = (performance.now() - started) / 1000;
  const sidecar: Sidecar = {
    params: full,
    generatorHash: hash,
    manifest,
    generatedSeconds,
    generatedAt: new Date().toISOString(),
  };
  writeFileSync(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  log(
    `  done: ${(manifest.bytes / 1e6).toFixed(1)} MB, ${manifest.packets} packets in ${generatedSeconds.toFixed(1)} s`,
  );
  return { path, manifest, params: full, reused: false, generatedSeconds };
}

/** Reads the file once so the first measured command does not pay for the disk and the others do not gain from it. */
async function warmPageCache(path: string): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) void chunk;
}

// Measuring ------------------------------------------------------------------------------------------------------

/** The parts of `peerscope inspect --summary --json` the checks read. */
interface PeerscopeSummary {
  frames: number;
  bytes: number;
  damage: unknown[];
  streams: { tcp: number; udp: number; undecoded: number; payloadBytes: number; gaps: number };
  messages: {
    total: number;
    bytes: number;
    byProtocol: Record<string, { total: number; byMessage: Record<string, number> }>;
  };
  pairs: Record<string, number>;
  notes: { bySeverity: Record<string, number>; byKind: Record<string, { severity: string; count: number }> };
  elapsedMs: number;
}

interface ToolRuns {
  command: string[];
  runs: TimedRun[];
  stats: RunStats;
}

interface Measurements {
  peerscope: ToolRuns & { summaries: PeerscopeSummary[] };
  tshark: ToolRuns & { conversations: number[] };
}

function peerscopeCommand(file: string): string[] {
  return [process.execPath, CLI, 'inspect', file, '--summary', '--json'];
}

function tsharkCommand(file: string): string[] {
  return ['tshark', '-r', file, '-q', '-z', 'conv,tcp'];
}

function failed(run: TimedRun, command: readonly string[]): never {
  throw new Error(`${command.join(' ')} exited with ${run.exitCode}:\n${run.stderrTail}`);
}

/** Runs both tools `count` times, alternating, so that drift on the shared machine hits both alike. */
function measure(file: string, count: number): Measurements {
  const peerscope = peerscopeCommand(file);
  const tshark = tsharkCommand(file);
  const peerscopeOut = join(BENCH_DIR, 'peerscope-summary.json');
  const tsharkOut = join(BENCH_DIR, 'tshark-conv-tcp.txt');
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

// Checks ---------------------------------------------------------------------------------------------------------

interface Check {
  what: string;
  expected: number | string;
  actual: number | string;
  ok: boolean;
}

function check(what: string, expected: number | string, actual: number | string | undefined): Check {
  const got = actual ?? 'missing';
  return { what, expected, actual: got, ok: expected === got };
}

/** Peerscope's summary against what the generator wrote: every count, pairing, notes, streams and frames. */
function checkSummary(
  capture: Capture,
  m: Measurements,
  poolProblems: string[],
  profile: ProfileRun | null,
): { counts: Check[]; others: Check[] } {
  const manifest = capture.manifest;
  const summary = m.peerscope.summaries[0]!;
  const counts: Check[] = [];
  const protocols = new Set([...Object.keys(manifest.messages), ...Object.keys(summary.messages.byProtocol)]);
  let expectedTotal = 0;
  for (const protocol of [...protocols].sort()) {
    const written = manifest.messages[protocol as keyof CaptureManifest['messages']] ?? {};
    const decoded = summary.messages.byProtocol[protocol]?.byMessage ?? {};
    for (const message of [...new Set([...Object.keys(written), ...Object.keys(decoded)])].sort()) {
      counts.push(check(`${protocol} ${message}`, written[message] ?? 0, decoded[message] ?? 0));
      expectedTotal += written[message] ?? 0;
    }
  }
  const conversations = manifest.conversations.hobbits + manifest.conversations.eth2rpc;
  const messageBytes = manifest.messageBytes.hobbits + manifest.messageBytes.eth2rpc;
  const severities = summary.notes.bySeverity;
  const others = [
    check('messages in total', expectedTotal, summary.messages.total),
    check('message bytes', messageBytes, summary.messages.bytes),
    check('frames', manifest.packets, summary.frames),
    check('file bytes', manifest.bytes, summary.bytes),
    check('damage reports', 0, summary.damage.length),
    check('TCP streams', conversations, summary.streams.tcp),
    check('TCP streams not decoded', 0, summary.streams.undecoded),
    check('TCP payload bytes', messageBytes, summary.streams.payloadBytes),
    check('TCP gaps', 0, summary.streams.gaps),
    check('pairs matched (request + response)', 2 * manifest.answeredRequests, summary.pairs.matched),
    ...['unanswered', 'orphan', 'duplicate', 'mismatch'].map((s) => check(`pairs ${s}`, 0, summary.pairs[s])),
    check('error notes', 0, severities.error),
    check('warning notes', 0, severities.warning),
    check(
      'identical summaries in every run',
      'yes',
      m.peerscope.summaries.every((s) => sameCounts(s, summary)) ? 'yes' : 'no',
    ),
    ...m.tshark.conversations.map((n, i) => check(`tshark conversations (run ${i + 1})`, conversations, n)),
    check('pooled messages decode cleanly', 'yes', poolProblems.length === 0 ? 'yes' : poolProblems.join('; ')),
  ];
  if (profile) {
    const written = Object.values(profile.capture.manifest.messages).flatMap((byName) => Object.values(byName));
    others.push(
      check(
        'messages in the profiled run',
        written.reduce((a, b) => a + b, 0),
        profile.peerscopeSummary.messages.total,
      ),
    );
  }
  return { counts, others };
}

function sameCounts(a: PeerscopeSummary, b: PeerscopeSummary): boolean {
  const counts = (s: PeerscopeSummary) => JSON.stringify([s.messages, s.pairs, s.notes, s.streams, s.frames]);
  return counts(a) === counts(b);
}

// Profile --------------------------------------------------------------------------------------------------------

interface ProfileRun {
  capture: Capture;
  command: string[];
  run: TimedRun;
  /** What peerscope printed in the profiled run: it must have decoded its capture as fully as the measured ones. */
  peerscopeSummary: PeerscopeSummary;
  summary: ProfileSummary;
}

/**
 * `noInline`: V8 inlines small functions (the SSZ leaf readers, toHex) into their callers, whose self time then holds
 * theirs; --no-turbo-inlining keeps them apart, at the price of slower, less representative absolute times.
 */
function profilePeerscope(capture: Capture, noInline: boolean): ProfileRun {
  const dir = join(BENCH_DIR, 'profile');
  const name = 'peerscope.cpuprofile';
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
    ...peerscopeCommand(capture.path).slice(1),
  ];
  const output = join(dir, 'peerscope-summary.json');
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

// Report ---------------------------------------------------------------------------------------------------------

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** A text table; `align` has one letter per column, `l` or `r` (numbers). */
function table(header: string[], rows: (string | number)[][], align: string): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/** A command as one would type it at the repository root. */
function quote(command: readonly string[]): string {
  return command
    .map((part) => (part === process.execPath ? 'node' : part.startsWith(`${REPO}/`) ? relative(REPO, part) : part))
    .join(' ');
}

interface Results {
  capture: Capture;
  measurements: Measurements;
  /** Best over best and median over median, and the median of each run's own ratio (its two runs are adjacent). */
  ratio: { best: number; median: number; pairedMedian: number };
  /** 1-minute load averages when measuring started and ended: how busy the shared machine was. */
  load: { before: number; after: number };
  tree: ReturnType<typeof treeState>;
  messagesPerSecond: { best: number; median: number };
  checks: { counts: Check[]; others: Check[] };
  profile: ProfileRun | null;
}

function printReport(r: Results, runs: number): void {
  const { capture, measurements: m } = r;
  const man = capture.manifest;
  const fileMb = man.bytes / 1e6;
  const conversations = man.conversations.hobbits + man.conversations.eth2rpc;
  const messages = r.checks.counts.reduce((n, c) => n + Number(c.expected), 0);
  const out: string[] = [];
  out.push('', '=== Peerscope benchmark ===', '');
  out.push(
    `machine   ${cpus().length} CPU cores (shared with other work: best and median of ${runs} runs each, alternating), ` +
      `node ${process.version}, ${tsharkVersion()}; load average ${fixed(r.load.before)} before, ` +
      `${fixed(r.load.after)} after`,
  );
  out.push(
    `code      commit ${r.tree.commit}` +
      (r.tree.changedSourceFiles > 0
        ? ` plus ${r.tree.changedSourceFiles} uncommitted file(s) under decoders/, src-main/ or package*.json`
        : ', clean tree'),
  );
  out.push(
    `capture   ${relative(REPO, capture.path)}: ${fixed(fileMb, 1)} MB (${fixed(man.bytes / GIB, 3)} GiB), ` +
      `${thousands(man.packets)} packets, ${thousands(conversations)} TCP conversations ` +
      `(${thousands(man.conversations.hobbits)} Hobbits, ${thousands(man.conversations.eth2rpc)} eth2 RPC; ` +
      `${capture.params.concurrency} open at once), ${thousands(messages)} messages, MSS ${capture.params.mss}`,
  );
  out.push(
    `          ${capture.reused ? 'reused' : 'generated'} (generation took ${fixed(capture.generatedSeconds, 1)} s); ` +
      `message bytes: Hobbits ${mb(man.messageBytes.hobbits)} MB, eth2 RPC ${mb(man.messageBytes.eth2rpc)} MB`,
  );
  out.push('', 'commands');
  out.push(`  peerscope: ${quote(m.peerscope.command)}`);
  out.push(`  tshark:    ${quote(m.tshark.command)}`);
  out.push('');
  const row = (name: string, t: ToolRuns, perSecond: { best: number; median: number } | null) => [
    name,
    fixed(t.stats.bestSeconds),
    fixed(t.stats.medianSeconds),
    fixed(fileMb / t.stats.bestSeconds, 1),
    fixed(fileMb / t.stats.medianSeconds, 1),
    mb(t.stats.maxRssBytes),
    mb(t.stats.medianRssBytes),
    perSecond ? thousands(perSecond.best) : '-',
    perSecond ? thousands(perSecond.median) : '-',
  ];
  out.push(
    table(
      [
        '',
        'best s',
        'median s',
        'best MB/s',
        'median MB/s',
        'max RSS MB',
        'median RSS MB',
        'best msg/s',
        'median msg/s',
      ],
      [row('peerscope', m.peerscope, r.messagesPerSecond), row('tshark', m.tshark, null)],
      'lrrrrrrrr',
    ),
  );
  const each = (t: ToolRuns) => t.runs.map((x) => `${fixed(x.wallSeconds)} s/${mb(x.peakRssBytes)} MB`).join(', ');
  out.push(`  runs: peerscope ${each(m.peerscope)}; tshark ${each(m.tshark)}`);
  const internal = m.peerscope.summaries.map((s) => fixed(s.elapsedMs / 1000)).join(', ');
  out.push(`  peerscope's own elapsed time (file open to summary, without start-up): ${internal} s`);
  out.push('');
  const ratioOk = r.ratio.best <= GOAL_RATIO;
  const rssOk = m.peerscope.stats.maxRssBytes / 1e6 < GOAL_RSS_MB;
  out.push(
    `ratio peerscope/tshark  best ${fixed(r.ratio.best)}  median ${fixed(r.ratio.median)}  ` +
      `median of per-run ratios ${fixed(r.ratio.pairedMedian)}   ` +
      `goal <= ${fixed(GOAL_RATIO, 1)}: ${ratioOk ? 'MET' : 'NOT MET'}`,
  );
  out.push(
    `peerscope peak RSS      max ${mb(m.peerscope.stats.maxRssBytes)} MB (MB = 10^6 bytes)   ` +
      `goal < ${GOAL_RSS_MB} MB: ${rssOk ? 'MET' : 'NOT MET'}`,
  );
  out.push('', 'messages: written by the generator vs counted by peerscope');
  out.push(
    table(
      ['message', 'generator', 'peerscope', ''],
      r.checks.counts.map((c) => [
        c.what,
        thousands(Number(c.expected)),
        thousands(Number(c.actual)),
        c.ok ? 'ok' : 'MISMATCH',
      ]),
      'lrrl',
    ),
  );
  out.push('', 'other checks');
  out.push(
    table(
      ['check', 'expected', 'peerscope', ''],
      r.checks.others.map((c) => [c.what, String(c.expected), String(c.actual), c.ok ? 'ok' : 'MISMATCH']),
      'lrrl',
    ),
  );
  const info = Object.entries(m.peerscope.summaries[0]!.notes.byKind);
  if (info.length > 0)
    out.push(`  notes by kind: ${info.map(([k, n]) => `${k} ${n.count} (${n.severity})`).join(', ')}`);
  const failures = [...r.checks.counts, ...r.checks.others].filter((c) => !c.ok);
  if (failures.length > 0) {
    out.push('', '!'.repeat(100));
    out.push(`!!! ${failures.length} CHECK(S) FAILED: peerscope did not decode what the generator wrote:`);
    for (const c of failures) out.push(`!!!   ${c.what}: expected ${c.expected}, got ${c.actual}`);
    out.push('!'.repeat(100));
  }
  if (r.profile) out.push(...profileReport(r.profile));
  console.log(out.join('\n'));
}

function profileReport(p: ProfileRun): string[] {
  const s = p.summary;
  const out = ['', `=== CPU profile: ${quote(p.command)} ===`];
  out.push(
    `${fixed(p.capture.manifest.bytes / 1e6, 1)} MB in ${fixed(p.run.wallSeconds)} s under the profiler; ${thousands(s.samples)} samples, ` +
      `${fixed(s.busyMs / 1000)} s busy (the base of the percentages), ${fixed(s.idleMs / 1000)} s idle`,
  );
  out.push('', 'top 25 functions by self time');
  out.push(
    table(
      ['#', 'self ms', 'self %', 'total %', 'function', 'where'],
      s.bySelf
        .slice(0, 25)
        .map((f, i) => [
          i + 1,
          fixed(f.selfMs, 0),
          fixed(f.selfPercent, 1),
          fixed(f.totalPercent, 1),
          f.name,
          f.location,
        ]),
      'rrrrll',
    ),
  );
  out.push('', 'top 20 functions by total (inclusive) time, without the read → reassembly → routing pass-through');
  out.push(
    table(
      ['#', 'total ms', 'total %', 'self %', 'function', 'where'],
      s.byTotal
        .slice(0, 20)
        .map((f, i) => [
          i + 1,
          fixed(f.totalMs, 0),
          fixed(f.totalPercent, 1),
          fixed(f.selfPercent, 1),
          f.name,
          f.location,
        ]),
      'rrrrll',
    ),
  );
  out.push('', 'self time by source file or package (top 20)');
  out.push(
    table(
      ['self ms', 'self %', 'file or package'],
      s.byModule.slice(0, 20).map((m) => [fixed(m.selfMs, 0), fixed(m.selfPercent, 1), m.module]),
      'rrl',
    ),
  );
  return out;
}

/**
 * The code that was measured: the commit, and how many files the working tree changes or adds under the source
 * folders (other work in progress is measured with it). Read-only git commands.
 */
function treeState(): { commit: string; changedSourceFiles: number } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout ?? '';
  const changed = git('status', '--porcelain', '--', 'decoders', 'src-main', 'package.json', 'package-lock.json');
  return {
    commit: git('rev-parse', '--short', 'HEAD').trim() || 'unknown',
    changedSourceFiles: changed.split('\n').filter((l) => l.trim() !== '').length,
  };
}

function tsharkVersion(): string {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  return (r.stdout.split('\n')[0] ?? 'tshark').replace(/\s*\(Git.*$/, '');
}

// Main -----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'size-gb': { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      regenerate: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-size-gb': { type: 'string', default: '0.2' },
      'profile-no-inline': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '300' },
      seed: { type: 'string', default: '2019' },
    },
  });
  const sizeGiB = Number(values['size-gb']);
  const runs = Number(values.runs);
  const profileGiB = Number(values['profile-size-gb']);
  const params = { seed: Number(values.seed), concurrency: Number(values.concurrency), mss: 1448 };
  const positiveIntegers = [runs, params.seed, params.concurrency].every((n) => Number.isInteger(n) && n > 0);
  if (!(sizeGiB > 0) || !(profileGiB > 0) || !positiveIntegers) {
    throw new Error(
      '--size-gb and --profile-size-gb take a positive number of GiB; --runs, --seed, --concurrency a positive integer',
    );
  }
  if (!existsSync(CLI))
    throw new Error(`${relative(REPO, CLI)} is missing: run npm run build:cli (npm run bench does)`);
  mkdirSync(BENCH_DIR, { recursive: true });

  const pools = buildPools(params.seed);
  const poolProblems = validatePools(pools);
  for (const p of poolProblems) log(`!!! pooled message does not decode cleanly: ${p}`);
  const capture = ensureCapture(sizeGiB, params, pools, values.regenerate);
  log(`measuring on ${relative(REPO, capture.path)} (${runs} runs each, alternating)…`);
  await warmPageCache(capture.path);
  const loadBefore = loadavg()[0]!;
  const measurements = measure(capture.path, runs);
  const load = { before: loadBefore, after: loadavg()[0]! };
  const messages = Object.values(capture.manifest.messages).reduce(
    (n, byName) => n + Object.values(byName).reduce((a, b) => a + b, 0),
    0,
  );
  const p = measurements.peerscope.stats;
  const t = measurements.tshark.stats;
  let profile: ProfileRun | null = null;
  if (values.profile) {
    const small = ensureCapture(profileGiB, params, pools, values.regenerate);
    log(`profiling peerscope on ${relative(REPO, small.path)}…`);
    await warmPageCache(small.path);
    profile = profilePeerscope(small, values['profile-no-inline']);
  }
  const results: Results = {
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
    messagesPerSecond: { best: messages / p.bestSeconds, median: messages / p.medianSeconds },
    checks: checkSummary(capture, measurements, poolProblems, profile),
    profile,
  };
  printReport(results, runs);
  writeReportJson(results, pools);
  const failures = [...results.checks.counts, ...results.checks.others].filter((c) => !c.ok).length;
  if (failures > 0) process.exitCode = 1;
}

function writeReportJson(r: Results, pools: MessagePools): void {
  const m = r.measurements;
  const fileMb = r.capture.manifest.bytes / 1e6;
  const tool = (t: ToolRuns) => ({
    command: quote(t.command),
    runs: t.runs.map((x) => ({
      wallSeconds: x.wallSeconds,
      peakRssBytes: x.peakRssBytes,
      mbPerSecond: fileMb / x.wallSeconds,
    })),
    bestSeconds: t.stats.bestSeconds,
    medianSeconds: t.stats.medianSeconds,
    bestMbPerSecond: fileMb / t.stats.bestSeconds,
    medianMbPerSecond: fileMb / t.stats.medianSeconds,
    maxRssBytes: t.stats.maxRssBytes,
    medianRssBytes: t.stats.medianRssBytes,
  });
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, tshark: tsharkVersion(), loadAverage: r.load },
    code: r.tree,
    capture: {
      file: relative(REPO, r.capture.path),
      reused: r.capture.reused,
      generatedSeconds: r.capture.generatedSeconds,
      params: r.capture.params,
      ...r.capture.manifest,
      pooledMessageSizes: poolSizes(pools),
    },
    peerscope: { ...tool(m.peerscope), messagesPerSecond: r.messagesPerSecond, summary: m.peerscope.summaries[0] },
    tshark: { ...tool(m.tshark), conversations: m.tshark.conversations },
    ratio: r.ratio,
    goals: {
      ratio: { goal: GOAL_RATIO, best: r.ratio.best, met: r.ratio.best <= GOAL_RATIO },
      peakRssMb: {
        goal: GOAL_RSS_MB,
        max: m.peerscope.stats.maxRssBytes / 1e6,
        met: m.peerscope.stats.maxRssBytes / 1e6 < GOAL_RSS_MB,
      },
    },
    checks: r.checks,
    checksPassed: [...r.checks.counts, ...r.checks.others].every((c) => c.ok),
    profile: r.profile && {
      file: relative(REPO, r.profile.capture.path),
      command: quote(r.profile.command),
      wallSeconds: r.profile.run.wallSeconds,
      busyMs: r.profile.summary.busyMs,
      samples: r.profile.summary.samples,
      bySelf: r.profile.summary.bySelf.slice(0, 50),
      byTotal: r.profile.summary.byTotal.slice(0, 50),
      byModule: r.profile.summary.byModule.slice(0, 30),
    },
  };
  const path = join(BENCH_DIR, 'report.json');
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  log(`report written to ${relative(REPO, path)}`);
}

await main();
