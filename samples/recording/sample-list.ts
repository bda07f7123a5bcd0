import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sample captures, where their manifests are, and where their golden `inspect --json` baselines live. */

const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(SAMPLES_DIR, '..');

export interface SampleFiles {
  name: 'hobbits' | 'eth2rpc';
  capture: string;
  manifest: string;
  golden: string;
}

function sample(name: SampleFiles['name'], capture: string): SampleFiles {
  return {
    name,
    capture: join(SAMPLES_DIR, capture),
    manifest: join(SAMPLES_DIR, `${name}.sent.json`),
    golden: join(ROOT, 'test', 'samples', 'golden', `${name}.jsonl`),
  };
}

export const SAMPLES: readonly SampleFiles[] = [sample('hobbits', 'hobbits.pcap'), sample('eth2rpc', 'eth2rpc.pcapng')];

export const REPOSITORY_ROOT = ROOT;
export const SAMPLES_DIRECTORY = SAMPLES_DIR;
