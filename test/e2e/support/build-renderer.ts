/**
 * Builds the renderer once for the end-to-end tests, with the same Vite configuration electron-vite takes
 * (src-renderer/renderer-vite-config.ts). The output is kept under out/e2e-renderer/<hash of the sources>, so test
 * files running in parallel (and later runs with unchanged sources) share one build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { rendererViteConfig } from '../../../src-renderer/renderer-vite-config';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT = join(ROOT, 'out', 'e2e-renderer');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** Files outside src-renderer that the renderer imports code (not only types) from. */
const SHARED_SOURCES = [
  'decoders/core/notes.ts',
  'src-main/api/peerscope-api.ts',
  'src-main/analysis/filter/protocol-field.ts',
  'src-main/web/upload-client.ts',
  'package-lock.json',
];

/** A hash of everything the bundle is made from that changes between runs: the renderer and what it imports. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(join(ROOT, 'src-renderer')), ...SHARED_SOURCES.map((f) => join(ROOT, f))];
  for (const file of inputs) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** Builds of earlier sources are of no more use (builds in progress, named `….building-PID`, are left alone). */
function removeOtherBuilds(keep: string): void {
  for (const name of readdirSync(OUT)) {
    const path = join(OUT, name);
    if (path !== keep && !name.includes('.building-')) rmSync(path, { recursive: true, force: true });
  }
}

/** The directory holding the built renderer (index.html and assets), built now if these sources never were. */
export async function builtRenderer(): Promise<string> {
  const dir = join(OUT, sourcesHash());
  if (existsSync(join(dir, 'index.html'))) return dir;
  mkdirSync(OUT, { recursive: true });
  const staging = `${dir}.building-${process.pid}`;
  await build({ ...rendererViteConfig(staging), configFile: false, logLevel: 'error' });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test file finished the same build first
  }
  removeOtherBuilds(dir);
  return dir;
}
