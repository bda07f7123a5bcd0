import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Seeds from the public test vectors in test/vectors (copied from ../shared/vectors; absent vectors just mean fewer seeds). */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const VECTORS_DIR = resolve(REPO_ROOT, 'test/vectors');
const SAMPLES_DIR = join(REPO_ROOT, 'samples');

const HEX = /^(0x)?((?:[0-9a-fA-F]{2})+)$/;

function readVectorFile(name: string): unknown {
  const path = join(VECTORS_DIR, name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : null;
}

/** Every hex string of at least 2 and at most `maxBytes` bytes anywhere in a vector file. */
export function hexBlobsOf(file: string, maxBytes = 4096): Uint8Array[] {
  const out: Uint8Array[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const m = HEX.exec(value);
      if (m && m[2]!.length >= 4 && m[2]!.length <= 2 * maxBytes) out.push(Buffer.from(m[2]!, 'hex'));
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(readVectorFile(file));
  return out;
}

/** Hex blobs of every vector file: splice material for any byte target. */
export function allVectorBlobs(maxBytes = 2048): Uint8Array[] {
  if (!existsSync(VECTORS_DIR)) return [];
  return readdirSync(VECTORS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => hexBlobsOf(f, maxBytes));
}

/** RLP items (strings and lists with a header): the Ethereum RLP tests, valid and invalid, LES and ress bodies, ENRs. */
export function rlpVectorItems(): Uint8Array[] {
  return ['rlptest.json', 'invalidRLPTest.json', 'rlp-random-example.json', 'les.json', 'ress.json', 'portal-wire.json']
    .flatMap((f) => hexBlobsOf(f))
    .filter((b) => b[0]! >= 0x80);
}

/** Hobbits wire messages: go-hobbits binary v3 and text examples, deltap2p's EWP 0.2 conformance lines. */
export function hobbitsVectorMessages(): Uint8Array[] {
  const vectors = readVectorFile('hobbits.json') as HobbitsVectors | null;
  if (!vectors) return [];
  const text = (s: string) => new TextEncoder().encode(s);
  return [
    ...(vectors.binary_v3 ?? []).map((v) => Buffer.from(v.hex, 'hex')),
    ...(vectors.text_era ?? []).map((v) => text(v.message)),
    ...(vectors.deltap2p_conformance_text_0_2?.requests ?? []).map((r) => text(unescapeYaml(r.marshalled))),
  ];
}

interface HobbitsVectors {
  binary_v3?: { hex: string }[];
  text_era?: { message: string }[];
  deltap2p_conformance_text_0_2?: { requests?: { marshalled: string }[] };
}

const YAML_ESCAPES: Record<string, string> = {
  n: '\n',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** The deltap2p lines keep YAML's double-quoted escapes as written. */
function unescapeYaml(s: string): string {
  return s.replace(/\\(.)/g, (whole, c: string) => YAML_ESCAPES[c] ?? whole);
}

/** The repository's sample captures (samples/*.pcap, *.pcapng), when there are any. */
export function sampleCaptures(maxBytes = 1 << 20): Uint8Array[] {
  if (!existsSync(SAMPLES_DIR)) return [];
  return readdirSync(SAMPLES_DIR)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .sort()
    .map((f) => readFileSync(join(SAMPLES_DIR, f)))
    .filter((b) => b.length <= maxBytes)
    .map((b) => new Uint8Array(b));
}
