import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SampleInfo } from '../api/peerscope-api';

interface SampleEntry {
  name: string;
  title: string;
  description: string;
  /** Relative to the samples directory. */
  file: string;
  keyFiles: string[];
}

/** The captures shipped in samples/ (see samples/README.md), each with the key files that decode it. */
const SAMPLES: readonly SampleEntry[] = [
  {
    name: 'hobbits',
    title: 'Hobbits (EWP)',
    description:
      'Three 2019 dialects against one node: HELLO, status, headers and bodies, PING/PONG, gossip; one request unanswered, one malformed.',
    file: 'hobbits.pcap',
    keyFiles: [],
  },
  {
    name: 'eth2rpc',
    title: 'eth2 beacon RPC (2019, raw TCP)',
    description:
      'Sync, pipelined requests answered out of order, and faults: an unknown method, an unanswered request, a truncated response.',
    file: 'eth2rpc.pcapng',
    keyFiles: [],
  },
  {
    name: 'rlpx-les',
    title: 'RLPx with LES (Peerscope dials ethereumjs)',
    description: 'An encrypted RLPx session: Hello, LES Status, Ping/Pong, Disconnect; decrypted with its key log.',
    file: 'rlpx/peerscope-dials-ethereumjs.pcap',
    keyFiles: ['rlpx/peerscope-dials-ethereumjs.keylog'],
  },
  {
    name: 'rlpx-les-secrets',
    title: 'RLPx with its keys inside (pcapng secrets block)',
    description:
      'The same session as pcapng with the key log in a Decryption Secrets Block: decrypts with no key file.',
    file: 'rlpx/peerscope-dials-ethereumjs.dsb.pcapng',
    keyFiles: [],
  },
  {
    name: 'rlpx-ethereumjs-dials',
    title: 'RLPx with LES (ethereumjs dials Peerscope)',
    description:
      'ethereumjs initiates: Hello, LES Status both ways, Ping/Pong, a bare Disconnect; decrypted with its key log.',
    file: 'rlpx/ethereumjs-dials-peerscope.pcap',
    keyFiles: ['rlpx/ethereumjs-dials-peerscope.keylog'],
  },
  {
    name: 'les',
    title: 'LES session (Peerscope client, ethereumjs server)',
    description:
      'A whole les/4 exchange with mainnet data: Status with flow control, Announce, headers, bodies, receipts, proofs, codes, CHT proofs, transactions, StopMsg/ResumeMsg.',
    file: 'rlpx/les.pcap',
    keyFiles: ['rlpx/les.keylog'],
  },
  {
    name: 'ress',
    title: 'ress session (stateless and stateful peers)',
    description:
      'ress/1 beside eth/68 with mainnet data: NodeType, headers, bodies, bytecode, a witness; one response deliberately not the header asked for.',
    file: 'rlpx/ress.pcap',
    keyFiles: ['rlpx/ress.keylog'],
  },
  {
    name: 'discv5',
    title: 'discv5 session (ChainSafe peers)',
    description: 'A discv5 handshake and messages between two nodes, decrypted with their node keys.',
    file: 'discv5/session.pcap',
    keyFiles: ['discv5/node-a.key', 'discv5/node-b.key'],
  },
  {
    name: 'portal',
    title: 'Portal over discv5, with uTP (ChainSafe peers)',
    description:
      'Every Portal message on the history, state and beacon networks in TALKREQ/TALKRESP, multi-part Nodes, content over uTP; decrypted with both node keys.',
    file: 'discv5/portal.pcap',
    keyFiles: ['discv5/node-a.key', 'discv5/node-b.key'],
  },
];

/** samples/ next to the sources or the bundle (out/cli, out/main are two levels below the repository). */
export function defaultSamplesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'samples'), join(here, '..', 'samples'), join(process.cwd(), 'samples')];
  return candidates.find((dir) => existsSync(join(dir, 'hobbits.pcap'))) ?? candidates[0]!;
}

/** The bundled samples found in `dir`, with absolute paths and sizes. */
export function listSamples(dir: string): SampleInfo[] {
  return SAMPLES.filter((s) => existsSync(join(dir, s.file))).map((s) => ({
    name: s.name,
    title: s.title,
    description: s.description,
    file: join(dir, s.file),
    size: statSync(join(dir, s.file)).size,
    keyFiles: s.keyFiles.map((k) => join(dir, k)).filter((k) => existsSync(k)),
  }));
}
