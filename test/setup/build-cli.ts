/**
 * Vitest global setup: builds the `peerscope` CLI once for the whole run, with esbuild's JS API and the options of
 * the package.json `build:cli` script, into a fresh directory under out/ (inside the repository, so the bundle's
 * bare imports of node_modules resolve), and hands its path to the tests as `inject('peerscopeCli')`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the built CLI bundle, or null when it did not build. */
    peerscopeCli: string | null;
    /** Why the CLI did not build (tests that need it fail with this; the others run). */
    peerscopeCliBuildError: string | null;
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The esbuild options of `npm run build:cli`, read from package.json, so the tests run what users run. Flags this
 * does not know fail the setup instead of being dropped silently.
 */
export function cliBuildOptions(): BuildOptions & { entryPoints: string[]; outfile: string } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts['build:cli']!.split(/\s+/);
  if (command !== 'esbuild') throw new Error(`build:cli runs ${command}, not esbuild`);
  const options: BuildOptions & { entryPoints: string[]; outfile: string } = { entryPoints: [], outfile: '' };
  for (const arg of args) {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    switch (flag) {
      case '--bundle':
        options.bundle = true;
        break;
      case '--sourcemap':
        options.sourcemap = true;
        break;
      case '--platform':
        options.platform = value as BuildOptions['platform'];
        break;
      case '--target':
        options.target = value;
        break;
      case '--format':
        options.format = value as BuildOptions['format'];
        break;
      case '--packages':
        options.packages = value as BuildOptions['packages'];
        break;
      case '--outfile':
        options.outfile = join(ROOT, value!);
        break;
      default:
        if (flag.startsWith('--')) throw new Error(`build:cli flag ${arg} is not known to test/setup/build-cli.ts`);
        options.entryPoints.push(join(ROOT, flag));
    }
  }
  return options;
}

/** Builds the CLI to `outfile` (the bundle keeps build:cli's name when `outfile` is a directory's file). */
export async function buildCli(outfile: string): Promise<string> {
  await build({ ...cliBuildOptions(), outfile, logLevel: 'error' });
  return outfile;
}

/** A fresh directory for a built CLI, under out/ so that node_modules resolves from it. */
export function cliBuildDir(): string {
  const parent = join(ROOT, 'out', 'test-cli');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'run-'));
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = cliBuildDir();
  try {
    project.provide('peerscopeCli', await buildCli(join(dir, 'peerscope.mjs')));
    project.provide('peerscopeCliBuildError', null);
  } catch (e) {
    // A tree that does not bundle fails the CLI tests with the reason, not every test of the run.
    project.provide('peerscopeCli', null);
    project.provide('peerscopeCliBuildError', e instanceof Error ? e.message : String(e));
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
