/**
 * The Portal benchmark (issue 4, `--suite portal`): a large UDP capture of discv5 node pairs carrying Portal
 * messages of every type and uTP content transfers (portal-capture.ts), read with the nodes' keys, against tshark
 * on the same file.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  BENCH_DIR,
  check,
  ensureCapture,
  GIB,
  hashOf,
  messageCountChecks,
  noteChecks,
  REPO,
  runChecks,
  totalMessages,
  type Capture,
  type Suite,
  type SuiteCapture,
  type SuiteOptions,
} from './bench-suite';
import {
  benchNodes,
  generatePortalCapture,
  writeNodeKeys,
  type PortalCaptureParams,
  type PortalManifest,
} from './portal-capture';

/** What decides the capture's bytes: the generator and the public vectors it reads. */
const GENERATOR_SOURCES = [
  'portal-capture.ts',
  'portal-messages.ts',
  'discv5-packets.ts',
  'capture-frames.ts',
  'bench-messages.ts',
  '../support/capture-file-stream.ts',
  '../support/capture-writer.ts',
  '../discv5/support/packet-builder.ts',
  '../vectors/portal-content-values.json',
];

export type PortalCapture = SuiteCapture & Capture<PortalCaptureParams, PortalManifest> & { nodeKeys: string[] };

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function portalSuite(options: SuiteOptions): Suite<PortalCapture> {
  return {
    name: 'portal',
    title: 'Peerscope benchmark: Portal over discv5 (with uTP)',
    transport: 'udp',
    files: {
      summary: 'portal-peerscope-summary.json',
      tshark: 'portal-tshark-conv-udp.txt',
      report: 'report-portal.json',
    },
    goals: null,
    capture(sizeGiB) {
      const name = `portal-${sizeGiB}gib`;
      const keyDir = join(BENCH_DIR, `${name}-keys`);
      const params: PortalCaptureParams = {
        targetBytes: Math.round(sizeGiB * GIB),
        seed: options.seed,
        concurrency: options.concurrency ?? 200,
        nodes: options.nodes ?? 256,
      };
      const capture = ensureCapture<PortalCaptureParams, PortalManifest>({
        name,
        params,
        generatorHash: hashOf(GENERATOR_SOURCES),
        regenerate: options.regenerate,
        companions: [keyDir],
        sizeGiB,
        generate(path, progress) {
          const nodes = benchNodes(params.seed, params.nodes);
          writeNodeKeys(keyDir, nodes);
          return generatePortalCapture(path, nodes, params, progress);
        },
      });
      const m = capture.manifest;
      const nodeKeys = readdirSync(keyDir)
        .filter((f) => f.endsWith('.key'))
        .sort()
        .map((f) => join(keyDir, f));
      return { ...capture, nodeKeys, bytes: m.bytes, messages: totalMessages(m.messages), conversations: m.sessions };
    },
    peerscopeArgs: (capture) => capture.nodeKeys.flatMap((key) => ['--node-key', key]),
    displayArgs: (capture) => [
      '--node-key',
      capture.nodeKeys[0]!,
      '--node-key',
      capture.nodeKeys[1]!,
      `… (${capture.nodeKeys.length} × --node-key, one per node key file in ${relative(REPO, join(capture.nodeKeys[0]!, '..'))}/)`,
    ],
    describe(capture) {
      const m = capture.manifest;
      return [
        `capture   ${relative(REPO, capture.path)}: ${(m.bytes / 1e6).toFixed(1)} MB (${(m.bytes / GIB).toFixed(3)} GiB), ` +
          `${thousands(m.packets)} UDP datagrams, ${thousands(m.sessions)} discv5 sessions (node pairs) of ${m.nodes} ` +
          `nodes (${capture.params.concurrency} pairs talking at once), ${thousands(capture.messages)} messages`,
        `          ${capture.reused ? 'reused' : 'generated'} (generation took ${capture.generatedSeconds.toFixed(1)} s); ` +
          `${thousands(m.portalRequests)} Portal requests, ${thousands(m.utpTransfers)} uTP transfers moving ` +
          `${(m.utpContentBytes / 1e6).toFixed(0)} MB of content`,
      ];
    },
    checks(capture, m) {
      const manifest = capture.manifest;
      const summary = m.peerscope.summaries[0]!;
      const severities = summary.notes.bySeverity;
      const others = [
        check('messages in total', capture.messages, summary.messages.total),
        check('frames', manifest.packets, summary.frames),
        check('file bytes', manifest.bytes, summary.bytes),
        check('damage reports', 0, summary.damage.length),
        check('UDP conversations', manifest.sessions, summary.streams.udp),
        check('TCP streams', 0, summary.streams.tcp),
        check(
          'pairs matched (Portal requests + responses)',
          manifest.portalRequests + manifest.portalResponses,
          summary.pairs.matched,
        ),
        ...['unanswered', 'orphan', 'duplicate', 'mismatch', 'cancelled'].map((s) =>
          check(`pairs ${s}`, 0, summary.pairs[s]),
        ),
        check('error notes', 0, severities.error),
        // The one warning per session: its first packet, sent before any session exists, cannot be decrypted.
        ...noteChecks(summary, {
          'discv5.session.unknown': manifest.sessions,
          'portal.message.ambiguous': manifest.ambiguousAccepts,
        }),
        ...runChecks(m, capture.conversations),
      ];
      return { counts: messageCountChecks(manifest.messages, summary), others };
    },
    captureJson: (capture) => ({
      file: relative(REPO, capture.path),
      nodeKeys: relative(REPO, join(capture.nodeKeys[0]!, '..')),
      reused: capture.reused,
      generatedSeconds: capture.generatedSeconds,
      params: capture.params,
      ...capture.manifest,
    }),
  };
}
