import type { Random } from './random';

/**
 * One fuzzing target: builds its seeds once per thread, generates input number i from its own Random (so an input
 * can be rebuilt alone), and runs an input through the code under test, throwing when an oracle fails. Errors the
 * code under test documents (FilterSyntaxError, ...) are caught inside `execute`: whatever escapes is a finding.
 */
export interface FuzzTarget<Input = unknown> {
  readonly name: string;
  /** Share of a full campaign's inputs (relative to the other targets' weights). */
  readonly weight: number;
  /** Inputs per batch handed to a worker: fewer for slow targets, so a time budget is met closely. */
  readonly batchSize: number;
  /**
   * Builds the seed corpus; the same campaign seed gives the same corpus in every thread. `scratchDir` is the
   * campaign's own directory for files, removed when it ends.
   */
  prepare(seed: number, scratchDir: string): void;
  generate(rng: Random): Input;
  execute(input: Input): void | Promise<void>;
  /** Releases what `prepare` made (a scratch directory). */
  dispose?(): void;
}

/** An oracle saw something the code under test promises never to do. */
export class OracleFailure extends Error {
  constructor(
    message: string,
    /** Particulars of this input (paths, offsets): shown, but not part of what groups findings. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'OracleFailure';
  }
}

type Text = string | (() => string);

export function check(condition: boolean, message: Text, detail?: Text): asserts condition {
  if (condition) return;
  const text = (t: Text) => (typeof t === 'string' ? t : t());
  throw new OracleFailure(text(message), detail === undefined ? undefined : text(detail));
}

/**
 * Whether `value` survives JSON unchanged: no undefined, bigint, NaN, Infinity, functions or class instances.
 * Field values and records are promised to be JSON-safe; returns the path of the first offender.
 */
export function jsonProblem(value: unknown, path = '$'): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${path} is a ${value.constructor.name}`;
    for (const [key, v] of Object.entries(value)) {
      const problem = jsonProblem(v, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  }
  return `${path} is a ${typeof value}`;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
