/**
 * Records the RLPx samples on loopback (as root: tcpdump captures on `lo`), and their golden baselines:
 *
 *   npx tsx samples/rlpx/make-samples.ts [NAME...]     record the named sessions (default: all), then the goldens
 *   npx tsx samples/rlpx/make-samples.ts --goldens-only
 *                                                      only rewrite test/devp2p/golden/ from the captures there are
 *
 * Each session runs Peerscope's RLPx endpoint (src-main/rlpx) against @ethereumjs/devp2p 6.1.3, an independent
 * implementation, or (ress, which has no JavaScript peer) against a second Peerscope endpoint, while tcpdump
 * records; Peerscope's endpoint writes the session's RLPX key log. A recording is kept only if tcpdump dropped
 * nothing and Peerscope decodes every frame with the key log, to the number of messages the peers sent; it is
 * retried (up to three times) otherwise. Keys and nonces are fresh every time.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { toHex } from '../../decoders/core/bytes';
import { manifestMessage, type ExchangeManifest } from '../../test/devp2p/support/exchange-manifest';
import {
  analyzeRecording,
  keysFromFile,
  recordInteropSession,
  type InteropRole,
  type RecordedSession,
} from '../../test/devp2p/support/interop-session';
import { recordLesSession } from '../../test/devp2p/support/les-session';
import { RESS_EXCHANGE } from '../../test/devp2p/support/ress-exchange';
import { recordRessSession } from '../../test/devp2p/support/ress-session';
import { withSecretsBlock } from '../../test/devp2p/support/secrets-block';
import { buildCli, cliBuildDir } from '../../test/setup/build-cli';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const GOLDEN_DIR = join(ROOT, 'test', 'devp2p', 'golden');

/** One recording as the sessions hand it over: files in the work directory and what was sent. */
interface SampleRecording {
  capture: string;
  keyLog: string;
  tcpdumpStatistics: string;
  /** How many messages the peers sent (handshake packets included): the decoding must show as many. */
  messagesSent: number;
  manifest: object;
}

interface SampleSession {
  name: string;
  story: string;
  record(work: string): Promise<SampleRecording>;
  /** Also write `<name>.dsb.pcapng`, the capture with its key log in a Decryption Secrets Block. */
  secretsBlock?: boolean;
  /** A golden `inspect --keylog --json` baseline in test/devp2p/golden/<name>.jsonl. */
  golden?: boolean;
}

/** The sessions recorded. A further one is one more entry: a name, a story and how to record it. */
const SESSIONS: readonly SampleSession[] = [
  handshakeSession(
    'peerscope-dials-ethereumjs',
    'we-initiate',
    'Peerscope initiates (EIP-8), both send LES Status, Ping/Pong both ways, Peerscope disconnects (client quitting)',
  ),
  handshakeSession(
    'ethereumjs-dials-peerscope',
    'they-initiate',
    'ethereumjs initiates (EIP-8), both send LES Status, Peerscope pings, ethereumjs disconnects (too many peers)',
  ),
  {
    name: 'les',
    story:
      'Peerscope (LES client) dials ethereumjs (LES server, answering with mainnet data): both Statuses (the ' +
      'server with flow control), Announce, GetBlockHeaders ×3, GetBlockBodies, GetReceipts, GetProofsV2, ' +
      'GetContractCodes, GetHelperTrieProofs, SendTxV2, GetTxStatus and their replies, StopMsg, ResumeMsg, ' +
      'then Peerscope disconnects (client quitting)',
    record: recordLesSample,
    golden: true,
  },
  {
    name: 'ress',
    story:
      'A stateless Peerscope endpoint dials a stateful one (both announce eth/68 and ress/1): NodeType both ways, ' +
      'GetHeaders ×3, GetBlockBodies, GetBytecode, GetWitness and their responses with mainnet data, the last ' +
      'Headers deliberately the parent of the block asked for; the stateless side disconnects',
    record: recordRessSample,
    golden: true,
  },
];

async function main(args: readonly string[]): Promise<void> {
  const goldensOnly = args.includes('--goldens-only');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !SESSIONS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`no session ${unknown.join(', ')}; known: ${SESSIONS.map((s) => s.name)}`);
  const chosen = SESSIONS.filter((s) => names.length === 0 || names.includes(s.name));
  if (!goldensOnly) await recordSamples(chosen);
  await writeGoldens(chosen.filter((s) => s.golden));
}

async function recordSamples(sessions: readonly SampleSession[]): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'peerscope-rlpx-samples-'));
  try {
    for (const sample of sessions) {
      const recording = await withRetries(sample.name, () => recordChecked(sample, work));
      const capture = join(HERE, `${sample.name}.pcap`);
      const keyLog = join(HERE, `${sample.name}.keylog`);
      copyFileSync(recording.capture, capture);
      copyFileSync(recording.keyLog, keyLog);
      writeFileSync(join(HERE, `${sample.name}.sent.json`), `${JSON.stringify(recording.manifest, null, 2)}\n`);
      report(capture);
      if (sample.secretsBlock) {
        const pcapng = join(HERE, `${sample.name}.dsb.pcapng`);
        await withSecretsBlock(capture, readFileSync(keyLog, 'utf8'), pcapng);
        report(pcapng);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Records one session and checks it: nothing dropped, every frame decrypted with the key log. */
async function recordChecked(sample: SampleSession, work: string): Promise<SampleRecording> {
  const recording = await sample.record(work);
  if (!/^0 packets dropped by kernel$/m.test(recording.tcpdumpStatistics)) {
    throw new Error(`tcpdump dropped packets: ${recording.tcpdumpStatistics}`);
  }
  const { records } = await analyzeRecording(recording.capture, keysFromFile(recording.keyLog));
  const undecrypted = records.filter((r) => r.message === 'Encrypted').length;
  if (undecrypted > 0) throw new Error(`${undecrypted} messages not decrypted`);
  if (records.length !== recording.messagesSent) {
    throw new Error(`${records.length} messages decoded, ${recording.messagesSent} sent`);
  }
  return recording;
}

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

/** The Hello/Status/Ping sessions of the handshake samples. */
function handshakeSession(name: string, role: InteropRole, story: string): SampleSession {
  return {
    name,
    story,
    secretsBlock: role === 'we-initiate',
    async record(work) {
      const session = await recordInteropSession(role, work);
      const messagesSent = session.sentByUs.length + session.sentByThem.length;
      return { ...session, messagesSent, manifest: handshakeManifest(name, story, session) };
    },
  };
}

/** What each side sent, per direction in wire order, to hold the decoding against. */
function handshakeManifest(name: string, story: string, s: RecordedSession) {
  return {
    capture: `${name}.pcap`,
    keyLog: `${name}.keylog`,
    recorder: 'tcpdump',
    story,
    peerscope: { address: s.ours, nodeId: toHex(s.ourId), sent: s.sentByUs, lesStatus: toHex(s.ourStatus) },
    ethereumjs: {
      address: s.theirs,
      nodeId: toHex(s.theirId),
      sent: s.sentByThem,
      hello: { ...s.theirHello, nodeId: toHex(s.theirHello.nodeId) },
      lesStatus: toHex(s.theirStatus),
    },
    disconnectReason: s.disconnectReason,
  };
}

async function recordLesSample(work: string): Promise<SampleRecording> {
  const session = await recordLesSession('we-initiate', work, 'les');
  const manifest: ExchangeManifest = {
    capture: 'les.pcap',
    keyLog: 'les.keylog',
    recorder: 'tcpdump',
    story: SESSIONS.find((s) => s.name === 'les')!.story,
    sides: {
      peerscope: {
        address: session.addresses.peerscope,
        nodeId: toHex(session.nodeIds.peerscope),
        implementation: 'Peerscope RlpxPeer (src-main/rlpx)',
        role: 'initiator, LES client',
      },
      ethereumjs: {
        address: session.addresses.ethereumjs,
        nodeId: toHex(session.nodeIds.ethereumjs),
        implementation: '@ethereumjs/devp2p 6.1.3',
        role: 'recipient, LES server',
      },
    },
    messages: session.sent.map(manifestMessage),
    deliberateNotes: [],
    disconnect: session.disconnect,
  };
  return { ...session, messagesSent: session.sent.length, manifest };
}

async function recordRessSample(work: string): Promise<SampleRecording> {
  const session = await recordRessSession(work, 'ress');
  const side = (name: 'stateless' | 'stateful', role: string) => ({
    address: session.addresses[name],
    nodeId: toHex(session.nodeIds[name]),
    implementation: 'Peerscope RlpxPeer (src-main/rlpx)',
    role,
  });
  const manifest: ExchangeManifest = {
    capture: 'ress.pcap',
    keyLog: 'ress.keylog',
    recorder: 'tcpdump',
    story: SESSIONS.find((s) => s.name === 'ress')!.story,
    sides: {
      stateless: side('stateless', 'initiator, stateless node (asks)'),
      stateful: side('stateful', 'recipient, stateful node (answers)'),
    },
    messages: session.sent.map(manifestMessage),
    deliberateNotes: RESS_EXCHANGE.flatMap((s) => (s.notes ?? []).map((kind) => `${String(s.json.message)}:${kind}`)),
    disconnect: session.disconnect,
  };
  return { ...session, messagesSent: session.sent.length, manifest };
}

/** `inspect --keylog --json` of each sample through a freshly built CLI, with the paths the golden test passes. */
async function writeGoldens(sessions: readonly SampleSession[]): Promise<void> {
  if (sessions.length === 0) return;
  const dir = cliBuildDir();
  try {
    const cli = await buildCli(join(dir, 'peerscope.mjs'));
    mkdirSync(GOLDEN_DIR, { recursive: true });
    for (const sample of sessions) {
      const args = goldenInspectArguments(sample.name);
      const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      const golden = join(GOLDEN_DIR, `${sample.name}.jsonl`);
      writeFileSync(golden, stdout);
      console.log(`${relative(ROOT, golden)}: ${stdout.split('\n').length - 1} messages`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Relative to the repository: the Auth message names its key-log file, so the path is part of the output. */
function goldenInspectArguments(name: string): string[] {
  const sample = relative(ROOT, join(HERE, name));
  return ['inspect', `${sample}.pcap`, '--keylog', `${sample}.keylog`, '--json'];
}

function report(path: string): void {
  console.log(`${relative(ROOT, path)}: ${statSync(path).size} bytes`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`rlpx samples: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
