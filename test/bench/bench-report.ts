/**
 * The benchmark report: the text printed at the end of a run (machine, capture, timings, checks, CPU profile) and
 * the JSON written beside it in .bench/.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import type { FunctionTime } from './bench-profile';
import {
  BENCH_DIR,
  log,
  REPO,
  type Check,
  type Measurements,
  type ProfileRun,
  type Suite,
  type SuiteCapture,
  type ToolRuns,
} from './bench-suite';

export interface Results<C extends SuiteCapture> {
  capture: C;
  measurements: Measurements;
  /** Best over best and median over median, and the median of each run's own ratio (its two runs are adjacent). */
  ratio: { best: number; median: number; pairedMedian: number };
  /** 1-minute load averages when measuring started and ended: how busy the shared machine was. */
  load: { before: number; after: number };
  tree: { commit: string; changedSourceFiles: number };
  messagesPerSecond: { best: number; median: number };
  checks: { counts: Check[]; others: Check[] };
  profile: ProfileRun<C> | null;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** A text table; `align` has one letter per column, `l` or `r` (numbers). */
export function table(header: string[], rows: (string | number)[][], align: string): string {
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
export function quote(command: readonly string[]): string {
  return command
    .map((part) => (part === process.execPath ? 'node' : part.startsWith(`${REPO}/`) ? relative(REPO, part) : part))
    .join(' ');
}

/** A Peerscope command as printed: the suite's key arguments in their short form. */
function printedCommand<C extends SuiteCapture>(suite: Suite<C>, capture: C, command: readonly string[]): string {
  const full = suite.peerscopeArgs(capture);
  const at = full.length === 0 ? -1 : command.findIndex((_, i) => full.every((arg, j) => command[i + j] === arg));
  if (at < 0) return quote(command);
  return quote([...command.slice(0, at), ...suite.displayArgs(capture), ...command.slice(at + full.length)]);
}

export function printReport<C extends SuiteCapture>(suite: Suite<C>, r: Results<C>, runs: number): void {
  const { capture, measurements: m } = r;
  const fileMb = capture.bytes / 1e6;
  const out: string[] = [];
  out.push('', `=== ${suite.title} ===`, '');
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
  out.push(...suite.describe(capture));
  out.push('', 'commands');
  out.push(`  peerscope: ${printedCommand(suite, capture, m.peerscope.command)}`);
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
  const rssMb = m.peerscope.stats.maxRssBytes / 1e6;
  const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
  out.push(
    `ratio peerscope/tshark  best ${fixed(r.ratio.best)}  median ${fixed(r.ratio.median)}  ` +
      `median of per-run ratios ${fixed(r.ratio.pairedMedian)}` +
      (suite.goals
        ? `   goal <= ${fixed(suite.goals.ratio, 1)}: ${verdict(r.ratio.best <= suite.goals.ratio)}`
        : ' (no goal set)'),
  );
  out.push(
    `peerscope peak RSS      max ${mb(m.peerscope.stats.maxRssBytes)} MB (MB = 10^6 bytes)` +
      (suite.goals ? `   goal < ${suite.goals.rssMb} MB: ${verdict(rssMb < suite.goals.rssMb)}` : ''),
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
  if (r.profile) out.push(...profileReport(suite, r.profile));
  console.log(out.join('\n'));
}

/** Ranked functions: their `lead` time in ms and %, the other time's %, name and location. */
function functionTable(functions: readonly FunctionTime[], lead: 'self' | 'total'): string {
  const other = lead === 'self' ? 'total' : 'self';
  return table(
    ['#', `${lead} ms`, `${lead} %`, `${other} %`, 'function', 'where'],
    functions.map((f, i) => {
      const [ms, percent, otherPercent] =
        lead === 'self' ? [f.selfMs, f.selfPercent, f.totalPercent] : [f.totalMs, f.totalPercent, f.selfPercent];
      return [i + 1, fixed(ms, 0), fixed(percent, 1), fixed(otherPercent, 1), f.name, f.location];
    }),
    'rrrrll',
  );
}

function profileReport<C extends SuiteCapture>(suite: Suite<C>, p: ProfileRun<C>): string[] {
  const s = p.summary;
  const command = printedCommand(suite, p.capture, p.command);
  const out = ['', `=== CPU profile: ${command} ===`];
  out.push(
    `${fixed(p.capture.bytes / 1e6, 1)} MB in ${fixed(p.run.wallSeconds)} s under the profiler; ${thousands(s.samples)} samples, ` +
      `${fixed(s.busyMs / 1000)} s busy (the base of the percentages), ${fixed(s.idleMs / 1000)} s idle`,
  );
  out.push('', 'top 25 functions by self time', functionTable(s.bySelf.slice(0, 25), 'self'));
  out.push(
    '',
    'top 20 functions by total (inclusive) time, without the read → reassembly → routing pass-through',
    functionTable(s.byTotal.slice(0, 20), 'total'),
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
export function treeState(): { commit: string; changedSourceFiles: number } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout ?? '';
  const changed = git('status', '--porcelain', '--', 'decoders', 'src-main', 'package.json', 'package-lock.json');
  return {
    commit: git('rev-parse', '--short', 'HEAD').trim() || 'unknown',
    changedSourceFiles: changed.split('\n').filter((l) => l.trim() !== '').length,
  };
}

let tshark: string | null = null;

export function tsharkVersion(): string {
  if (tshark === null) {
    const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
    tshark = (r.stdout.split('\n')[0] ?? 'tshark').replace(/\s*\(Git.*$/, '');
  }
  return tshark;
}

export function writeReportJson<C extends SuiteCapture>(suite: Suite<C>, r: Results<C>): void {
  const m = r.measurements;
  const fileMb = r.capture.bytes / 1e6;
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
  const rssMb = m.peerscope.stats.maxRssBytes / 1e6;
  const report = {
    date: new Date().toISOString(),
    ...(suite.name === 'eth2' ? {} : { suite: suite.name }),
    machine: { cpus: cpus().length, node: process.version, tshark: tsharkVersion(), loadAverage: r.load },
    code: r.tree,
    capture: suite.captureJson(r.capture),
    peerscope: { ...tool(m.peerscope), messagesPerSecond: r.messagesPerSecond, summary: m.peerscope.summaries[0] },
    tshark: { ...tool(m.tshark), conversations: m.tshark.conversations },
    ratio: r.ratio,
    goals: suite.goals && {
      ratio: { goal: suite.goals.ratio, best: r.ratio.best, met: r.ratio.best <= suite.goals.ratio },
      peakRssMb: { goal: suite.goals.rssMb, max: rssMb, met: rssMb < suite.goals.rssMb },
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
  const path = join(BENCH_DIR, suite.files.report);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  log(`report written to ${relative(REPO, path)}`);
}
