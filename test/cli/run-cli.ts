import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { REPOSITORY_ROOT } from '../../samples/recording/sample-list';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI bundle the global setup built (test/setup/build-cli.ts). */
export function cliPath(): string {
  const path = inject('peerscopeCli');
  if (path) return path;
  const buildError = inject('peerscopeCliBuildError');
  throw new Error(
    buildError
      ? `the CLI did not build: ${buildError}`
      : "the CLI is not built: vitest.config.ts needs globalSetup: ['test/setup/build-cli.ts']",
  );
}

/**
 * Runs `peerscope ARGS` as a child process from the repository root, with `stdin` piped in (or nothing), and
 * collects its output; killed after `timeoutMs` so a hung CLI fails the test instead of the run.
 */
export function runCli(
  args: readonly string[],
  options: { stdin?: Uint8Array; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], {
      cwd: REPOSITORY_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString();
      if (signal) reject(new Error(`peerscope ${args.join(' ')} was killed (${signal}): ${stderr}`));
      else resolve({ code, stdout: Buffer.concat(out).toString(), stderr });
    });
    // A CLI that exits before reading its input closes the pipe: that is its answer, not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin);
  });
}

/** Runs the CLI and insists on exit code 0 (showing stderr when not). */
export async function runCliOk(args: readonly string[], options?: { stdin?: Uint8Array }): Promise<CliResult> {
  const result = await runCli(args, options);
  if (result.code !== 0) throw new Error(`peerscope ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result;
}

/** The lines of JSON Lines output, parsed. */
export function jsonLines<T = Record<string, unknown>>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}
