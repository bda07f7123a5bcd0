import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Value imports (not `import type`) of the renderer's files that leave src-renderer. */
function outsideValueImports(): string[] {
  const found = new Set<string>();
  for (const file of filesUnder('src-renderer').filter((f) => /\.tsx?$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import (?!type )[^;]*?from '((?:\.\.\/)+[^']+)';/gms)) {
      const target = join(file, '..', m[1]!);
      if (!target.startsWith('src-renderer')) found.add(target);
    }
  }
  return [...found].sort();
}

describe('the renderer`s imports', () => {
  it('take code from outside only from the API, note severities, filter names and the upload client', () => {
    // The end-to-end build cache (test/e2e/support/build-renderer.ts) hashes exactly these besides src-renderer.
    expect(outsideValueImports()).toEqual([
      'decoders/core/notes',
      'src-main/analysis/filter/protocol-field',
      'src-main/api/peerscope-api',
      'src-main/web/upload-client',
    ]);
  });
});
