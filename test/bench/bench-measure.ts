/**
 * Runs a command and measures it from the outside: wall time and peak RSS, taken by a small Python parent that
 * waits for the command and asks the kernel for its children's maximum resident set (getrusage RUSAGE_CHILDREN).
 * Node's own spawn would add the Node parent's start-up and event loop to the wall time; Python's does not.
 */
import { spawnSync } from 'node:child_process';

export interface TimedRun {
  wallSeconds: number;
  peakRssBytes: number;
  exitCode: number;
  /** The last lines the command wrote to stderr. */
  stderrTail: string;
}

const MEASURING_PARENT = `
import json, resource, subprocess, sys, time
with open(sys.argv[1], 'wb') as out:
    start = time.perf_counter()
    done = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
print(json.dumps({
    'wallSeconds': wall,
    'peakRssKiB': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    'exitCode': done.returncode,
    'stderrTail': done.stderr.decode('utf-8', 'replace')[-2000:],
}))
`;

/** Runs `command` with its stdout written to `stdoutPath`. */
export function timedRun(command: readonly string[], stdoutPath: string): TimedRun {
  const parent = spawnSync('python3', ['-c', MEASURING_PARENT, stdoutPath, ...command], { encoding: 'utf8' });
  if (parent.status !== 0) throw new Error(`measuring ${command.join(' ')} failed: ${parent.stderr}`);
  const r = JSON.parse(parent.stdout) as {
    wallSeconds: number;
    peakRssKiB: number;
    exitCode: number;
    stderrTail: string;
  };
  // Linux reports ru_maxrss in KiB.
  return {
    wallSeconds: r.wallSeconds,
    peakRssBytes: r.peakRssKiB * 1024,
    exitCode: r.exitCode,
    stderrTail: r.stderrTail,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RunStats {
  bestSeconds: number;
  medianSeconds: number;
  /** Peak RSS: the largest of the runs (what the goal is judged on) and the median. */
  maxRssBytes: number;
  medianRssBytes: number;
}

export function runStats(runs: readonly TimedRun[]): RunStats {
  const seconds = runs.map((r) => r.wallSeconds);
  const rss = runs.map((r) => r.peakRssBytes);
  return {
    bestSeconds: Math.min(...seconds),
    medianSeconds: median(seconds),
    maxRssBytes: Math.max(...rss),
    medianRssBytes: median(rss),
  };
}
