/**
 * Records the RLPx samples on loopback (as root: tcpdump captures on `lo`):
 *
 *   npx tsx samples/rlpx/make-samples.ts
 *
 * Each session is Peerscope's RLPx endpoint (src-main/rlpx) and @ethereumjs/devp2p 6.1.3, an independent
 * implementation, exchanging Hello, LES Status, Ping/Pong and Disconnect while tcpdump records; the endpoint writes
 * the session's RLPX key log. A recording is kept only if tcpdump dropped nothing and Peerscope decodes every frame
 * with the key log; it is retried (up to three times) otherwise. Keys and nonces are fresh every time.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '../../decoders/core/bytes';
import {
  analyzeRecording,
  keysFromFile,
  recordInteropSession,
  type InteropRole,
  type RecordedSession,
} from '../../test/devp2p/support/interop-session';
import { withSecretsBlock } from '../../test/devp2p/support/secrets-block';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/**
 * The sessions recorded. A further one (a LES request/response exchange, a ress session between two Peerscope
 * endpoints announcing ress/1) is one more entry: a role and a script for what is sent after Hello.
 */
const SESSIONS: readonly { name: string; role: InteropRole; story: string }[] = [
  {
    name: 'peerscope-dials-ethereumjs',
    role: 'we-initiate',
    story:
      'Peerscope initiates (EIP-8), both send LES Status, Ping/Pong both ways, Peerscope disconnects (client quitting)',
  },
  {
    name: 'ethereumjs-dials-peerscope',
    role: 'they-initiate',
    story:
      'ethereumjs initiates (EIP-8), both send LES Status, Peerscope pings, ethereumjs disconnects (too many peers)',
  },
];

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'peerscope-rlpx-samples-'));
  try {
    for (const sample of SESSIONS) {
      const session = await withRetries(sample.name, () => recordChecked(sample.role, work));
      const capture = join(HERE, `${sample.name}.pcap`);
      const keyLog = join(HERE, `${sample.name}.keylog`);
      copyFileSync(session.capture, capture);
      copyFileSync(session.keyLog, keyLog);
      writeFileSync(join(HERE, `${sample.name}.sent.json`), `${JSON.stringify(manifest(sample, session), null, 2)}\n`);
      report(capture);
      if (sample.role === 'we-initiate') {
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
async function recordChecked(role: InteropRole, work: string): Promise<RecordedSession> {
  const session = await recordInteropSession(role, work);
  if (!/^0 packets dropped by kernel$/m.test(session.tcpdumpStatistics)) {
    throw new Error(`tcpdump dropped packets: ${session.tcpdumpStatistics}`);
  }
  const { records } = await analyzeRecording(session.capture, keysFromFile(session.keyLog));
  const undecrypted = records.filter((r) => r.message === 'Encrypted').length;
  if (undecrypted > 0) throw new Error(`${undecrypted} messages not decrypted`);
  const sent = session.sentByUs.length + session.sentByThem.length;
  if (records.length !== sent) throw new Error(`${records.length} messages decoded, ${sent} sent`);
  return session;
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

/** What each side sent, per direction in wire order, to hold the decoding against. */
function manifest(sample: (typeof SESSIONS)[number], s: RecordedSession) {
  return {
    capture: `${sample.name}.pcap`,
    keyLog: `${sample.name}.keylog`,
    recorder: 'tcpdump',
    story: sample.story,
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

function report(path: string): void {
  console.log(`${relative(ROOT, path)}: ${statSync(path).size} bytes`);
}

main().catch((e: unknown) => {
  console.error(`rlpx samples: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
