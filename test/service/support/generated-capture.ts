import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCapture, type CaptureManifest } from '../../bench/bench-capture';
import { buildPools } from '../../bench/bench-messages';

/**
 * A capture large enough that its pass takes many batches (the benchmark's generator: Hobbits and eth2 RPC
 * conversations interleaved packet by packet), in a temporary directory; `remove` deletes it.
 */
export function generatedCapture(targetBytes = 40e6): { path: string; manifest: CaptureManifest; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-generated-'));
  const path = join(dir, 'generated.pcap');
  const manifest = generateCapture(path, buildPools(7), { targetBytes, seed: 7, concurrency: 40, mss: 1448 });
  return { path, manifest, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function manifestMessages(manifest: CaptureManifest): number {
  let n = 0;
  for (const byMessage of Object.values(manifest.messages)) for (const count of Object.values(byMessage)) n += count;
  return n;
}
