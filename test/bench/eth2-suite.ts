/**
 * The foundation benchmark (`npm run bench`, suite `eth2`): a capture of concurrent Hobbits and eth2 RPC
 * conversations (bench-capture.ts) from message pools encoded by the plugins (bench-messages.ts).
 */
import { relative } from 'node:path';
import { generateCapture, type CaptureManifest, type CaptureParams } from './bench-capture';
import { buildPools, poolSizes, poolTemplates, validatePools, type MessagePools } from './bench-messages';
import {
  check,
  ensureCapture,
  GIB,
  hashOf,
  log,
  messageCountChecks,
  REPO,
  runChecks,
  type Capture,
  type Suite,
  type SuiteCapture,
  type SuiteOptions,
} from './bench-suite';

/** The sources that decide a capture's bytes, besides the message pools (hashed with them into the sidecar). */
const GENERATOR_SOURCES = [
  'bench-capture.ts',
  'capture-frames.ts',
  'bench-messages.ts',
  '../support/capture-file-stream.ts',
  '../support/capture-writer.ts',
];

export type Eth2Capture = SuiteCapture & Capture<CaptureParams, CaptureManifest>;

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function eth2Suite(options: SuiteOptions): Suite<Eth2Capture> {
  const pools = buildPools(options.seed);
  const poolProblems = validatePools(pools);
  for (const p of poolProblems) log(`!!! pooled message does not decode cleanly: ${p}`);
  const params = { seed: options.seed, concurrency: options.concurrency ?? 300, mss: 1448 };
  return {
    name: 'eth2',
    title: 'Peerscope benchmark',
    transport: 'tcp',
    files: { summary: 'peerscope-summary.json', tshark: 'tshark-conv-tcp.txt', report: 'report.json' },
    goals: { ratio: 1.0, rssMb: 300 },
    capture(sizeGiB) {
      const capture = ensureCapture<CaptureParams, CaptureManifest>({
        name: `capture-${sizeGiB}gib`,
        params: { targetBytes: Math.round(sizeGiB * GIB), ...params },
        generatorHash: generatorHash(pools),
        regenerate: options.regenerate,
        sizeGiB,
        generate: (path, progress) =>
          generateCapture(path, pools, { targetBytes: Math.round(sizeGiB * GIB), ...params }, progress),
      });
      const m = capture.manifest;
      return {
        ...capture,
        bytes: m.bytes,
        messages: Object.values(m.messages).reduce(
          (n, byName) => n + Object.values(byName).reduce((a, b) => a + b, 0),
          0,
        ),
        conversations: m.conversations.hobbits + m.conversations.eth2rpc,
      };
    },
    peerscopeArgs: () => [],
    displayArgs: () => [],
    describe(capture) {
      const man = capture.manifest;
      return [
        `capture   ${relative(REPO, capture.path)}: ${(man.bytes / 1e6).toFixed(1)} MB (${(man.bytes / GIB).toFixed(3)} GiB), ` +
          `${thousands(man.packets)} packets, ${thousands(capture.conversations)} TCP conversations ` +
          `(${thousands(man.conversations.hobbits)} Hobbits, ${thousands(man.conversations.eth2rpc)} eth2 RPC; ` +
          `${capture.params.concurrency} open at once), ${thousands(capture.messages)} messages, MSS ${capture.params.mss}`,
        `          ${capture.reused ? 'reused' : 'generated'} (generation took ${capture.generatedSeconds.toFixed(1)} s); ` +
          `message bytes: Hobbits ${mb(man.messageBytes.hobbits)} MB, eth2 RPC ${mb(man.messageBytes.eth2rpc)} MB`,
      ];
    },
    checks(capture, m) {
      const manifest = capture.manifest;
      const summary = m.peerscope.summaries[0]!;
      const counts = messageCountChecks(manifest.messages, summary);
      const messageBytes = manifest.messageBytes.hobbits + manifest.messageBytes.eth2rpc;
      const severities = summary.notes.bySeverity;
      const others = [
        check('messages in total', capture.messages, summary.messages.total),
        check('message bytes', messageBytes, summary.messages.bytes),
        check('frames', manifest.packets, summary.frames),
        check('file bytes', manifest.bytes, summary.bytes),
        check('damage reports', 0, summary.damage.length),
        check('TCP streams', capture.conversations, summary.streams.tcp),
        check('TCP streams not decoded', 0, summary.streams.undecoded),
        check('TCP payload bytes', messageBytes, summary.streams.payloadBytes),
        check('TCP gaps', 0, summary.streams.gaps),
        check('pairs matched (request + response)', 2 * manifest.answeredRequests, summary.pairs.matched),
        ...['unanswered', 'orphan', 'duplicate', 'mismatch'].map((s) => check(`pairs ${s}`, 0, summary.pairs[s])),
        check('error notes', 0, severities.error),
        check('warning notes', 0, severities.warning),
        ...runChecks(m, capture.conversations),
        check('pooled messages decode cleanly', 'yes', poolProblems.length === 0 ? 'yes' : poolProblems.join('; ')),
      ];
      return { counts, others };
    },
    captureJson: (capture) => ({
      file: relative(REPO, capture.path),
      reused: capture.reused,
      generatedSeconds: capture.generatedSeconds,
      params: capture.params,
      ...capture.manifest,
      pooledMessageSizes: poolSizes(pools),
    }),
  };
}

/** A hash of the generator's code and of every pooled message: a capture is reused only while both are unchanged. */
function generatorHash(pools: MessagePools): string {
  return hashOf(
    GENERATOR_SOURCES,
    poolTemplates(pools).map((t) => t.bytes),
  );
}
