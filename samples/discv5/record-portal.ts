import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildCli, cliBuildDir } from '../../test/setup/build-cli';
import { annotateCarried, portalConversation, PORTAL_ENR_ENTRIES } from './portal-conversation';
import { NODE_KEY_FILES, recordDiscv5Sample } from './record-session';

/**
 * Records the Portal sample: two @chainsafe/discv5 nodes on loopback speak every Portal message type in
 * TALKREQ/TALKRESP and move real content over uTP (portal-conversation.ts), captured by tcpdump, with both node
 * keys; then writes the golden `inspect --json` baseline of the capture through a freshly built CLI.
 *
 *   npx tsx samples/discv5/record-portal.ts                 samples/discv5/portal.{pcap,sent.json} and the golden
 *   npx tsx samples/discv5/record-portal.ts --golden-only   only the golden (after an intended output change)
 *
 * Run as root (tcpdump captures on lo), from the repository root.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
export const PORTAL_SAMPLE = 'portal';
export const PORTAL_CAPTURE = join(HERE, `${PORTAL_SAMPLE}.pcap`);
export const PORTAL_GOLDEN = join(ROOT, 'test', 'portal', 'golden', `${PORTAL_SAMPLE}.jsonl`);

/** The CLI arguments of the golden, with paths relative to the repository (the golden test runs them there). */
export function portalInspectArgs(): string[] {
  const path = (file: string) => relative(ROOT, file);
  return [
    'inspect',
    path(PORTAL_CAPTURE),
    '--node-key',
    path(NODE_KEY_FILES.a),
    '--node-key',
    path(NODE_KEY_FILES.b),
    '--json',
  ];
}

async function recordPortalSample(): Promise<void> {
  const conversation = portalConversation();
  const manifest = await recordDiscv5Sample(PORTAL_SAMPLE, conversation.steps, {
    exchange: { discoveryFirst: false, enrEntries: PORTAL_ENR_ENTRIES, extraNodes: 0 },
    annotate: (messages) => annotateCarried(conversation, messages),
  });
  const carried = manifest.messages.filter((m) => m.carried).length;
  if (carried !== manifest.messages.filter((m) => /^TALK(REQ|RESP)$/.test(m.message)).length) {
    throw new Error('a TALKREQ/TALKRESP the nodes sent is not one of the conversation’s: record again');
  }
  const size = statSync(PORTAL_CAPTURE).size;
  console.log(
    `${relative(ROOT, PORTAL_CAPTURE)}: ${size} bytes, ${manifest.packets.length} packets, ${manifest.messages.length} messages`,
  );
}

async function writeGolden(): Promise<void> {
  const dir = cliBuildDir();
  try {
    const cli = await buildCli(join(dir, 'peerscope.mjs'));
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...portalInspectArgs()], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    mkdirSync(dirname(PORTAL_GOLDEN), { recursive: true });
    writeFileSync(PORTAL_GOLDEN, stdout);
    console.log(`${relative(ROOT, PORTAL_GOLDEN)}: ${stdout.split('\n').length - 1} messages`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (!process.argv.includes('--golden-only')) await recordPortalSample();
    await writeGolden();
  } catch (e) {
    console.error(`record-portal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  }
}
