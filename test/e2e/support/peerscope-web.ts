/**
 * `peerscope web` for the end-to-end tests: the CLI the global setup built, started on a random loopback port; the
 * URL (with its token) is read from what it prints. Recent files go to a temporary config directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cliPath } from '../../cli/run-cli';

const STARTUP_MS = 30_000;
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/;

export interface RunningServer {
  /** The page's address, token included. */
  url: string;
  close(): Promise<void>;
}

/**
 * The web mode serves the renderer from `renderer/` beside the CLI bundle's directory: that name is made a link to
 * the build under test (replaced atomically, as test files start servers in parallel).
 */
function linkRenderer(cli: string, rendererDir: string): void {
  const link = join(dirname(dirname(cli)), 'renderer');
  if (existsSync(link) && lstatSync(link).isSymbolicLink() && resolve(readlinkSync(link)) === resolve(rendererDir)) {
    return;
  }
  const staging = `${link}.${process.pid}`;
  symlinkSync(rendererDir, staging, 'dir');
  renameSync(staging, link);
}

/** Starts `peerscope web [FILE]`; resolves once it prints its URL. */
export async function startPeerscopeWeb(rendererDir: string, configDir: string, open?: string): Promise<RunningServer> {
  const cli = cliPath();
  linkRenderer(cli, rendererDir);
  const child = spawn(process.execPath, [cli, 'web', '--port', '0', ...(open ? [open] : [])], {
    cwd: resolve('.'),
    env: { ...process.env, XDG_CONFIG_HOME: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test worker that exits without closing the server (a crash, a timeout) takes the server down with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const url = await printedUrl(child);
  return { url, close: () => stop(child) };
}

function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`peerscope web printed no URL in ${STARTUP_MS} ms:\n${output}`)),
      STARTUP_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = URL_PATTERN.exec(output)?.[0];
      if (!url) return;
      clearTimeout(timer);
      resolveUrl(url);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`peerscope web exited (${code}) before printing its URL:\n${output}`)));
  });
}

/** Interrupts the server as Ctrl+C would, and kills it if it does not stop soon. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGINT');
  });
}
