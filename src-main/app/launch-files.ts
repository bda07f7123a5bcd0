import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';

const CAPTURE_EXTENSIONS = new Set(['.pcap', '.pcapng', '.cap']);

/**
 * The capture files among the app's command-line arguments (a double-clicked .pcap, `peerscope-app x.pcapng`):
 * existing files with a capture extension; flags and the app's own path are skipped.
 */
export function capturesIn(argv: readonly string[]): string[] {
  return argv
    .filter((arg) => !arg.startsWith('-') && CAPTURE_EXTENSIONS.has(extname(arg).toLowerCase()))
    .map((arg) => resolve(arg))
    .filter((path) => existsSync(path) && statSync(path).isFile());
}
