/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time and total (inclusive) time
 * per function, and self time per source file or package. Functions of the bundled CLI are placed in their
 * TypeScript sources through the bundle's source map (node:module's SourceMap), so a line reads
 * `decoders/codecs/ssz.ts:203` rather than `out/cli/peerscope.mjs:4711`.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  /** `decoders/codecs/ssz.ts:203`, `@chainsafe/ssz/lib/…:12`, or `(V8)` for built-ins. */
  location: string;
  /** Source file or package the function belongs to. */
  module: string;
  selfMs: number;
  selfPercent: number;
  totalMs: number;
  totalPercent: number;
}

export interface ProfileSummary {
  /** Sampled time without `(idle)`: the base of every percentage. */
  busyMs: number;
  idleMs: number;
  samples: number;
  bySelf: FunctionTime[];
  /** By total time, without the pass-through functions of the pipeline (total > 50 %, self < 1 %). */
  byTotal: FunctionTime[];
  byModule: { module: string; selfMs: number; selfPercent: number }[];
}

/** Total time (%) above which a function with next to no self time counts as the pipeline every sample is under. */
const PASS_THROUGH_TOTAL = 50;

/** V8's pseudo-functions: time that belongs to no JavaScript function. */
const PSEUDO = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Maps positions in bundled files to their sources; one SourceMap per bundle, read when first needed. */
class SourceLocator {
  private readonly maps = new Map<string, SourceMap | null>();
  private readonly sources = new Map<string, string[]>();

  constructor(private readonly repoRoot: string) {}

  locate(frame: CallFrame): { name: string; location: string; module: string } {
    const name = frame.functionName || '(anonymous)';
    if (PSEUDO.has(frame.functionName) && frame.url === '') return { name, location: '', module: name };
    if (frame.url === '') return { name, location: '(V8)', module: '(V8 built-ins)' };
    if (frame.url.startsWith('node:')) return { name, location: frame.url, module: 'node: internals' };
    const file = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url;
    const entry = this.mapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const source = resolve(dirname(file), entry.originalSource.replace(/^file:\/\//, ''));
      const path = this.repoPath(source);
      return {
        name: this.originalName(name, source, entry.originalLine),
        location: `${path}:${entry.originalLine + 1}`,
        module: path.includes('node_modules/') ? packageOf(path) : path,
      };
    }
    const path = this.repoPath(file);
    return { name, location: `${path}:${frame.lineNumber + 1}`, module: packageOf(path) };
  }

  /**
   * esbuild renames functions whose names clash in the bundle (`walk` becomes `walk3`); the name without the digits
   * is the original when it stands on the function's source line.
   */
  private originalName(name: string, source: string, line: number): string {
    const stripped = name.replace(/\d+$/, '');
    if (stripped === name || stripped === '') return name;
    const text = this.linesOf(source)[line] ?? '';
    const pattern = stripped.replace(/[$.]/g, '\\$&');
    return new RegExp(`(^|[^\\w$])${pattern}([^\\w$]|$)`).test(text) ? stripped : name;
  }

  private linesOf(source: string): string[] {
    let lines = this.sources.get(source);
    if (!lines) {
      try {
        lines = readFileSync(source, 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.sources.set(source, lines);
    }
    return lines;
  }

  private mapOf(file: string): SourceMap | null {
    if (!this.maps.has(file)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        // No map beside the file: positions stay as they are.
      }
      this.maps.set(file, map);
    }
    return this.maps.get(file)!;
  }

  private repoPath(path: string): string {
    const inRepo = relative(this.repoRoot, path);
    return inRepo.startsWith('..') ? path : inRepo;
  }
}

/** `node_modules/@chainsafe/ssz/lib/x.js` → `@chainsafe/ssz`; a nested package is named, not its parent. */
function packageOf(path: string): string {
  const matches = [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return matches.at(-1)?.[1] ?? path;
}

export function summarizeCpuProfile(profilePath: string, repoRoot: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const locator = new SourceLocator(repoRoot);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // One key per function (its name and where it is defined), shared by every node that runs it.
  const keyOf = new Map<number, string>();
  const functions = new Map<string, { name: string; location: string; module: string; self: number; total: number }>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
    keyOf.set(n.id, key);
    if (!functions.has(key)) {
      functions.set(key, { ...locator.locate(f), self: 0, total: 0 });
    }
  }

  // A sample lasts until the next one (the last until the profile's end), in microseconds.
  let idle = 0;
  let busy = 0;
  let when = profile.startTime;
  const stamps = profile.timeDeltas.map((d) => (when += d));
  profile.samples.forEach((nodeId, i) => {
    const duration = (stamps[i + 1] ?? profile.endTime) - stamps[i]!;
    const key = keyOf.get(nodeId)!;
    const fn = functions.get(key)!;
    if (fn.name === '(idle)') {
      idle += duration;
      return;
    }
    busy += duration;
    fn.self += duration;
    // Total time: the sample counts once for every distinct function on its stack (recursion counted once).
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const k = keyOf.get(id)!;
      if (seen.has(k)) continue;
      seen.add(k);
      functions.get(k)!.total += duration;
    }
  });

  const percent = (us: number) => (busy > 0 ? (100 * us) / busy : 0);
  const rows: FunctionTime[] = [...functions.values()]
    .filter((f) => f.name !== '(root)' && f.name !== '(idle)')
    .map((f) => ({
      name: f.name,
      location: f.location,
      module: f.module,
      selfMs: f.self / 1000,
      selfPercent: percent(f.self),
      totalMs: f.total / 1000,
      totalPercent: percent(f.total),
    }));
  const modules = new Map<string, number>();
  for (const f of functions.values()) {
    if (f.name !== '(idle)') modules.set(f.module, (modules.get(f.module) ?? 0) + f.self);
  }
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    samples: profile.samples.length,
    bySelf: [...rows].sort((a, b) => b.selfMs - a.selfMs),
    // Leaves out the functions every packet passes through (reading, reassembly, routing): they hold almost all of
    // the time and next to none themselves, and would fill the list.
    byTotal: [...rows]
      .filter((r) => !PSEUDO.has(r.name) && !(r.totalPercent > PASS_THROUGH_TOTAL && r.selfPercent < 1))
      .sort((a, b) => b.totalMs - a.totalMs),
    byModule: [...modules]
      .map(([module, self]) => ({ module, selfMs: self / 1000, selfPercent: percent(self) }))
      .filter((m) => m.selfMs > 0)
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}
