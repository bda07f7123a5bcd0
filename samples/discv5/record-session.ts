import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  runDiscv5Exchange,
  type ExchangeOptions,
  type ExchangeResult,
  type SentMessage,
  type TalkStep,
} from './chainsafe-exchange';

/**
 * Records a discv5 sample: two @chainsafe/discv5 nodes on loopback (first contact with WHOAREYOU and handshake,
 * PING/PONG, FINDNODE answered by two NODES, then the given TALKREQs), captured by tcpdump, with both node keys
 * (`node-a.key`, `node-b.key`, the same for every sample) and a manifest of what each node sent.
 *
 *   npx tsx samples/discv5/record-session.ts            writes samples/discv5/session.{pcap,sent.json}
 *   peerscope inspect samples/discv5/session.pcap --node-key samples/discv5/node-a.key --node-key samples/discv5/node-b.key
 *
 * Other carried protocols record their own samples with `recordDiscv5Sample(name, talkSteps)` (record-portal.ts).
 */

const HERE = dirname(fileURLToPath(import.meta.url));

/** Fixed node keys, so samples can be re-recorded without new key files. */
export const SAMPLE_KEYS = {
  a: sha256(new TextEncoder().encode('peerscope discv5 sample node a')),
  b: sha256(new TextEncoder().encode('peerscope discv5 sample node b')),
};

export const NODE_KEY_FILES = { a: join(HERE, 'node-a.key'), b: join(HERE, 'node-b.key') };

/** What `<name>.sent.json` holds: the capture, the nodes, and every message and packet in the order sent. */
export interface Discv5SampleManifest extends Omit<ExchangeResult, 'capturePath' | 'dropped'> {
  capture: string;
  recorder: 'tcpdump';
  keyFiles: { a: string; b: string };
}

const text = (s: string) => new TextEncoder().encode(s);

/** The TALKREQs of the base sample: a protocol no decoder knows, so its payloads stay raw. */
export const BASE_TALK: TalkStep[] = [
  { protocol: 'peerscope-echo', request: text('hello'), response: text('hello back') },
];

export interface Discv5SampleOptions {
  dir?: string;
  /** How the exchange runs besides its TALKREQs (default: PING and FINDNODE first, 4 further records at B). */
  exchange?: Pick<ExchangeOptions, 'discoveryFirst' | 'enrEntries' | 'extraNodes' | 'findNodeDistances'>;
  /** Adds to the logged messages what they carry (a carried protocol's own view), before the manifest is written. */
  annotate?: (messages: readonly SentMessage[]) => SentMessage[];
}

export async function recordDiscv5Sample(
  name: string,
  talk: readonly TalkStep[],
  options: Discv5SampleOptions = {},
): Promise<Discv5SampleManifest> {
  const dir = options.dir ?? HERE;
  const capture = `${name}.pcap`;
  const result = await runDiscv5Exchange({
    capturePath: join(dir, capture),
    keys: SAMPLE_KEYS,
    extraNodes: 4,
    ...options.exchange,
    talk,
  });
  if (result.dropped !== 0) throw new Error(`tcpdump dropped ${result.dropped} packets: record again`);
  for (const side of ['a', 'b'] as const)
    writeFileSync(join(dir, `node-${side}.key`), `${result.nodes[side].privateKey}\n`);
  const manifest: Discv5SampleManifest = {
    capture,
    recorder: 'tcpdump',
    keyFiles: { a: 'node-a.key', b: 'node-b.key' },
    nodes: result.nodes,
    messages: options.annotate ? options.annotate(result.messages) : result.messages,
    packets: result.packets,
  };
  writeFileSync(join(dir, `${name}.sent.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const manifest = await recordDiscv5Sample('session', BASE_TALK);
  process.stdout.write(
    `${manifest.capture}: ${manifest.packets.length} packets, ${manifest.messages.length} messages\n`,
  );
}
