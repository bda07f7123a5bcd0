import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebMode } from '../web/web-command';
import { electronBinary } from './electron-binary';

/** The repository (or installed package) root: the CLI bundle is out/cli/peerscope.mjs, the sources src-main/cli. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What `electron-vite build` writes; each missing one is built. */
const BUILT = ['out/main/index.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];

export const NO_ELECTRON = 'Electron is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?); starting the web mode instead';

/**
 * `npm start` / `peerscope start`: builds what is missing (main, preload, renderer through electron-vite; the CLI
 * is built by `prepare`), then launches Electron on the app; without an Electron binary, serves the web mode
 * (the welcome screen lists the samples) and prints its URL.
 */
export async function startCommand(
  print: (line: string) => void,
  root = ROOT,
  untilStopped: () => Promise<void> = interrupted,
): Promise<number> {
  const missing = BUILT.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) build(root, missing, print);
  const electron = electronBinary(join(root, 'package.json'));
  if (electron) return launchElectron(electron, root);
  print(NO_ELECTRON);
  const mode = await startWebMode({
    rendererDir: join(root, 'out', 'renderer'),
    samplesDir: join(root, 'samples'),
    print,
  });
  mode.service.onEvent((event) => {
    if (event.type === 'log' && event.level !== 'info') print(`${event.level}: ${event.text}`);
  });
  await untilStopped();
  await mode.stop();
  return 0;
}

/** Resolves on Ctrl-C or SIGTERM. */
export function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function build(root: string, missing: readonly string[], print: (line: string) => void): void {
  print(`building ${missing.join(', ')} (electron-vite build)…`);
  let cli: string;
  try {
    cli = join(
      dirname(createRequire(join(root, 'package.json')).resolve('electron-vite/package.json')),
      'bin',
      'electron-vite.js',
    );
  } catch {
    print('warning: electron-vite is not installed (npm ci installs it); continuing with what is built');
    return;
  }
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    print(`warning: electron-vite build failed (exit ${result.status}); continuing with what is built`);
}

function launchElectron(binary: string, root: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 0)));
  });
}
