import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron executable the `electron` package downloaded, or null when it is not there. Read from the
 * package's path.txt rather than by requiring the package: on a missing binary its index.js starts a download,
 * which an offline machine (or ELECTRON_SKIP_BINARY_DOWNLOAD=1) must not attempt.
 */
export function electronBinary(from: string = import.meta.url): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(from).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : join(packageDir, 'dist', relative);
  return relative && existsSync(binary) ? binary : null;
}
