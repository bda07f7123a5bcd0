import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { RecentFile } from '../api/peerscope-api';

/** Files listed under Open Recent. */
const RECENT_LIMIT = 12;

/** The user's config directory when the shell gives none (Electron gives its userData): ~/.config/peerscope. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'peerscope');
}

/** Recently opened capture files, most recent first, kept as JSON in the config directory. */
export class RecentFiles {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = join(configDir, 'recent-files.json');
  }

  list(): RecentFile[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? parsed.filter(isRecentFile).slice(0, RECENT_LIMIT) : [];
    } catch {
      return []; // none yet, or unreadable: start afresh rather than fail the welcome screen
    }
  }

  add(path: string, now = Date.now()): RecentFile[] {
    const list = [{ path, name: basename(path), openedAt: now }, ...this.list().filter((f) => f.path !== path)];
    const kept = list.slice(0, RECENT_LIMIT);
    mkdirSync(dirname(this.file), { recursive: true });
    // Written aside, then renamed: a crash never leaves half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(kept, null, 2));
    renameSync(temporary, this.file);
    return kept;
  }
}

function isRecentFile(value: unknown): value is RecentFile {
  const v = value as RecentFile;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.path === 'string' &&
    typeof v.name === 'string' &&
    typeof v.openedAt === 'number'
  );
}
