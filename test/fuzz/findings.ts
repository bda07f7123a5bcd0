import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashText } from './random';

/** What went wrong with one input. */
export type FindingKind = 'crash' | 'oracle' | 'hang' | 'memory';

export interface Finding {
  kind: FindingKind;
  target: string;
  /** Input number within the target: with the campaign seed, enough to rebuild the input. */
  index: number;
  /** Groups findings with one cause: kind, the message with numbers blanked, the throwing frame of the code under test. */
  signature: string;
  message: string;
  stack?: string;
  /** The saved input, relative to the repository. */
  file?: string;
  /** How long the input ran (hangs). */
  ms?: number;
}

/** The first frame outside node internals and the fuzzer: where the code under test threw. */
function throwingFrame(stack: string | undefined): string {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m =
      /\((?:file:\/\/)?([^()]+):(\d+):\d+\)$/.exec(line.trim()) ??
      /at (?:file:\/\/)?([^ ]+):(\d+):\d+$/.exec(line.trim());
    if (m && !m[1]!.includes('/test/fuzz/') && !m[1]!.startsWith('node:')) {
      return `${m[1]!.replace(/^.*?\/(decoders|src-main|test|node_modules)\//, '$1/')}:${m[2]}`;
    }
  }
  return '';
}

export function findingOf(kind: FindingKind, target: string, index: number, error: unknown): Finding {
  const e = error instanceof Error ? error : new Error(String(error));
  const text = `${e.name}: ${e.message}`;
  const detail = (e as { detail?: unknown }).detail;
  const shape = text
    .replace(/0x[0-9a-fA-F]+/g, '0x…')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
  const frame = kind === 'crash' ? ` @ ${throwingFrame(e.stack)}` : '';
  const finding: Finding = {
    kind,
    target,
    index,
    signature: `${kind}: ${shape}${frame}`,
    message: (typeof detail === 'string' ? `${text} (${detail})` : text).slice(0, 2000),
  };
  if (kind === 'crash' && e.stack) finding.stack = e.stack.split('\n').slice(0, 12).join('\n');
  return finding;
}

/** Uint8Array as {"$bytes": hex} so any input survives JSON. */
export function inputToJson(input: unknown): unknown {
  return JSON.parse(
    JSON.stringify(input, (_key, value: unknown) =>
      value instanceof Uint8Array
        ? { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') }
        : value,
    ),
  );
}

export function inputFromJson(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json), (_key, value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string'
      ? new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'hex'))
      : value,
  );
}

/** A saved failing input: enough to replay it (`--replay FILE`) or turn it into a regression test. */
export interface SavedFinding {
  target: string;
  seed: number;
  index: number;
  kind: FindingKind;
  message: string;
  stack?: string;
  input: unknown;
}

/** Writes test/fuzz/crashes/<target>/<kind>-<signature hash>-<index>.json; returns its path from `root`. */
export function saveFinding(root: string, crashDir: string, seed: number, finding: Finding, input: unknown): string {
  const dir = join(crashDir, finding.target);
  mkdirSync(dir, { recursive: true });
  const name = `${finding.kind}-${hashText(finding.signature).toString(16).padStart(8, '0')}-${finding.index}.json`;
  const saved: SavedFinding = {
    target: finding.target,
    seed,
    index: finding.index,
    kind: finding.kind,
    message: finding.message,
    ...(finding.stack && { stack: finding.stack }),
    input: inputToJson(input),
  };
  writeFileSync(join(dir, name), `${JSON.stringify(saved, null, 1)}\n`);
  return join(dir, name).slice(root.length + 1);
}
