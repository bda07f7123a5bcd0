/**
 * Regenerates the sample captures, their manifests and the golden `inspect --json` baselines:
 *
 *   npm run samples                  record samples/hobbits.pcap and samples/eth2rpc.pcapng on loopback (as root),
 *                                    write samples/<name>.sent.json, then test/samples/golden/<name>.jsonl
 *   npx tsx samples/make-samples.ts --goldens-only
 *                                    only rewrite the goldens from the captures there are (after a decoder change)
 *
 * The content is seeded (SAMPLE_SEED); timestamps and ephemeral ports change with every recording.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { buildCli, cliBuildDir } from '../test/setup/build-cli';
import { recordEth2Rpc } from './recording/eth2rpc/record-eth2rpc';
import { recordHobbits } from './recording/hobbits/record-hobbits';
import type { SentManifest } from './recording/manifest';
import { REPOSITORY_ROOT as ROOT, SAMPLES, SAMPLES_DIRECTORY as SAMPLES_DIR } from './recording/sample-list';

const SAMPLE_SEED = 2019;

async function main(args: readonly string[]): Promise<void> {
  if (!args.includes('--goldens-only')) {
    // One after the other: each recording filters on its own server port, but two at once would only compete
    // for the two CPU cores and make the pacing less even.
    describe(await withRetries('hobbits', () => recordHobbits(SAMPLES_DIR, SAMPLE_SEED)));
    describe(await withRetries('eth2rpc', () => recordEth2Rpc(SAMPLES_DIR, SAMPLE_SEED)));
  }
  await writeGoldens();
}

/** A recording can fail for reasons outside it (a loaded machine); the content is seeded, so a retry is the same. */
async function withRetries<T>(what: string, record: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await record();
    } catch (e) {
      if (attempt >= attempts) throw e;
      console.warn(`${what}: attempt ${attempt} failed, recording again: ${(e as Error).message}`);
    }
  }
}

function describe(manifest: SentManifest): void {
  const path = join(SAMPLES_DIR, manifest.capture);
  const messages = manifest.connections.reduce((n, c) => n + c.messages.length, 0);
  console.log(
    `${relative(ROOT, path)}: ${statSync(path).size} bytes, ${manifest.connections.length} connections, ${messages} messages`,
  );
}

/** `inspect --json` of every sample through a freshly built CLI, as the golden test runs it. */
async function writeGoldens(): Promise<void> {
  const dir = cliBuildDir();
  try {
    const cli = await buildCli(join(dir, 'peerscope.mjs'));
    for (const sample of SAMPLES) {
      // The path as the golden test passes it (relative to the repository), since the output does not name it.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cli, 'inspect', relative(ROOT, sample.capture), '--json'],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      );
      mkdirSync(dirname(sample.golden), { recursive: true });
      writeFileSync(sample.golden, stdout);
      console.log(`${relative(ROOT, sample.golden)}: ${stdout.split('\n').length - 1} messages`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`make-samples: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
