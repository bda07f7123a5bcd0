/**
 * What every benchmark suite shares: the generated capture and its sidecar (reused while its parameters and its
 * generator are unchanged), the shape of `peerscope inspect --summary --json`, the measurements and the checks.
 * A suite (eth2-suite.ts, rlpx-suite.ts, portal-suite.ts) says how its capture is made, which keys Peerscope needs
 * to read it, and what the summary must say about it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TimedRun, RunStats } from './bench-measure';
import type { ProfileSummary } from './bench-profile';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../..');
export const BENCH_DIR = join(REPO, '.bench');
export const GIB = 2 ** 30;

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

// Captures -------------------------------------------------------------------------------------------------------

/** What every generator reports of its file. */
export interface ManifestBase {
  bytes: number;
  packets: number;
}

export interface Capture<P, M extends ManifestBase> {
  path: string;
  manifest: M;
  params: P;
  reused: boolean;
  generatedSeconds: number;
}

interface Sidecar<P, M> {
  params: P;
  generatorHash: string;
  manifest: M;
  generatedSeconds: number;
  generatedAt: string;
}

/** sha256 over files (paths relative to test/bench) and extra byte strings. */
export function hashOf(files: readonly string[], extra: Iterable<Uint8Array> = []): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(join(HERE, file)));
  for (const bytes of extra) hash.update(bytes);
  return hash.digest('hex');
}

export interface CaptureRequest<P, M> {
  /** File name without extension, in .bench/: `capture-1gib`. */
  name: string;
  params: P;
  /** Hash of what decides the capture's bytes (see hashOf). */
  generatorHash: string;
  regenerate: boolean;
  /** Written with the capture and needed to read it (a key log, a key folder): regenerated when one is missing. */
  companions?: readonly string[];
  /** Size in GiB, for the log. */
  sizeGiB: number;
  generate(path: string, progress: (bytes: number) => void): M;
}

/** The capture `request` names, reused when its sidecar matches, else generated (and its sidecar written). */
export function ensureCapture<P, M extends ManifestBase>(request: CaptureRequest<P, M>): Capture<P, M> {
  const path = join(BENCH_DIR, `${request.name}.pcap`);
  const sidecarPath = join(BENCH_DIR, `${request.name}.json`);
  const full = request.params;
  if (!request.regenerate && existsSync(path) && existsSync(sidecarPath)) {
    const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar<P, M>;
    const same =
      sidecar.generatorHash === request.generatorHash &&
      JSON.stringify(sidecar.params) === JSON.stringify(full) &&
      statSync(path).size === sidecar.manifest.bytes &&
      (request.companions ?? []).every((c) => existsSync(c));
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
  log(`generating ${relative(REPO, path)} (${request.sizeGiB} GiB)…`);
  const started = performance.now();
  const manifest = request.generate(path, (bytes) =>
    log(`  ${(bytes / 1e6).toFixed(0)} MB written (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  );
  const generatedSeconds = (performance.now() - started) / 1000;
  const sidecar: Sidecar<P, M> = {
    params: full,
    generatorHash: request.generatorHash,
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

// Peerscope's summary and the measurements ---------------------------------------------------------------------

/** The parts of `peerscope inspect --summary --json` the checks read. */
export interface PeerscopeSummary {
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

export interface ToolRuns {
  command: string[];
  runs: TimedRun[];
  stats: RunStats;
}

export interface Measurements {
  peerscope: ToolRuns & { summaries: PeerscopeSummary[] };
  tshark: ToolRuns & { conversations: number[] };
}

export interface ProfileRun<C> {
  capture: C;
  command: string[];
  run: TimedRun;
  /** What peerscope printed in the profiled run: it must have decoded its capture as fully as the measured ones. */
  peerscopeSummary: PeerscopeSummary;
  summary: ProfileSummary;
}

// Checks ---------------------------------------------------------------------------------------------------------

export interface Check {
  what: string;
  expected: number | string;
  actual: number | string;
  ok: boolean;
}

export function check(what: string, expected: number | string, actual: number | string | undefined): Check {
  const got = actual ?? 'missing';
  return { what, expected, actual: got, ok: expected === got };
}

/** One check per message name of every protocol either side names: what the generator wrote against the summary. */
export function messageCountChecks(
  written: Readonly<Record<string, Readonly<Record<string, number>>>>,
  summary: PeerscopeSummary,
): Check[] {
  const counts: Check[] = [];
  const protocols = new Set([...Object.keys(written), ...Object.keys(summary.messages.byProtocol)]);
  for (const protocol of [...protocols].sort()) {
    const byName = written[protocol] ?? {};
    const decoded = summary.messages.byProtocol[protocol]?.byMessage ?? {};
    for (const message of [...new Set([...Object.keys(byName), ...Object.keys(decoded)])].sort()) {
      counts.push(check(`${protocol} ${message}`, byName[message] ?? 0, decoded[message] ?? 0));
    }
  }
  return counts;
}

/** Whether two runs' summaries counted the same (messages, pairs, notes, streams, frames). */
export function sameCounts(a: PeerscopeSummary, b: PeerscopeSummary): boolean {
  const counts = (s: PeerscopeSummary) => JSON.stringify([s.messages, s.pairs, s.notes, s.streams, s.frames]);
  return counts(a) === counts(b);
}

/** The checks every suite makes of its runs: the same counts every time, and tshark's conversation count. */
export function runChecks(m: Measurements, conversations: number): Check[] {
  const first = m.peerscope.summaries[0]!;
  return [
    check(
      'identical summaries in every run',
      'yes',
      m.peerscope.summaries.every((s) => sameCounts(s, first)) ? 'yes' : 'no',
    ),
    ...m.tshark.conversations.map((n, i) => check(`tshark conversations (run ${i + 1})`, conversations, n)),
  ];
}

/** Notes of the summary by kind, against the kinds and counts expected (every other kind must be absent). */
export function noteChecks(summary: PeerscopeSummary, expected: Readonly<Record<string, number>>): Check[] {
  const kinds = new Set([...Object.keys(expected), ...Object.keys(summary.notes.byKind)]);
  return [...kinds].sort().map((kind) => {
    const got = summary.notes.byKind[kind];
    return check(`notes ${kind}${got ? ` (${got.severity})` : ''}`, expected[kind] ?? 0, got?.count ?? 0);
  });
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Messages in a manifest's `protocol → message → count` table. */
export function totalMessages(messages: Readonly<Record<string, Readonly<Record<string, number>>>>): number {
  return sum(Object.values(messages).map((byName) => sum(Object.values(byName))));
}

// Suites ---------------------------------------------------------------------------------------------------------

export type SuiteName = 'eth2' | 'rlpx' | 'portal';

/** The options run-bench.ts passes a suite: the shared ones, and the suite's own (undefined: its default). */
export interface SuiteOptions {
  seed: number;
  regenerate: boolean;
  concurrency: number | undefined;
  nodes: number | undefined;
}

/** A capture ready to measure, as the runner sees it. */
export interface SuiteCapture {
  path: string;
  bytes: number;
  reused: boolean;
  generatedSeconds: number;
  /** Messages the generator wrote, for messages per second. */
  messages: number;
  /** Conversations tshark must list. */
  conversations: number;
}

export interface Suite<C extends SuiteCapture> {
  name: SuiteName;
  /** The report's first line. */
  title: string;
  /** tshark's `-z conv,<transport>`. */
  transport: 'tcp' | 'udp';
  /** Files in .bench/: Peerscope's summary, tshark's output, the report. */
  files: { summary: string; tshark: string; report: string };
  /** Goals the report judges (the foundation benchmark's); null prints the figures without a verdict. */
  goals: { ratio: number; rssMb: number } | null;
  /** Generates or reuses the capture of `sizeGiB`. */
  capture(sizeGiB: number): C;
  /** Key material Peerscope needs for the capture (`--keylog FILE`, `--node-key FILE`…). */
  peerscopeArgs(capture: C): string[];
  /** The same arguments as the report prints them (a long key list shortened). */
  displayArgs(capture: C): string[];
  /** Lines describing the capture in the report. */
  describe(capture: C): string[];
  checks(capture: C, m: Measurements, profile: ProfileRun<C> | null): { counts: Check[]; others: Check[] };
  /** The capture's entry of report JSON. */
  captureJson(capture: C): Record<string, unknown>;
}
