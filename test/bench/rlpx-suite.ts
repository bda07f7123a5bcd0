/**
 * The RLPx benchmark (issue 3, `--suite rlpx`): decryption and decoding of a ≥ 1 GiB capture of RLPx sessions
 * (LES, ress, eth over real handshakes and frames, rlpx-capture.ts), read with its key log, against tshark on the
 * same file.
 */
import { join, relative } from 'node:path';
import {
  BENCH_DIR,
  check,
  ensureCapture,
  GIB,
  hashOf,
  log,
  messageCountChecks,
  noteChecks,
  REPO,
  runChecks,
  sum,
  totalMessages,
  type Capture,
  type Suite,
  type SuiteCapture,
  type SuiteOptions,
} from './bench-suite';
import { generateRlpxCapture, type RlpxCaptureParams, type RlpxManifest } from './rlpx-capture';
import { buildChain } from './rlpx-chain';
import { buildRlpxPools, rlpxTemplates, validateRlpxPools, type RlpxPools } from './rlpx-messages';

/** What decides the capture's bytes: the generator, the test data it builds on, the public vectors it reads. */
const GENERATOR_SOURCES = [
  'rlpx-capture.ts',
  'rlpx-messages.ts',
  'rlpx-chain.ts',
  'capture-frames.ts',
  'bench-messages.ts',
  '../support/capture-file-stream.ts',
  '../support/capture-writer.ts',
  '../devp2p/support/mainnet-chain.ts',
  '../devp2p/support/les-exchange.ts',
  '../devp2p/support/composer-json.ts',
  '../devp2p/support/in-memory-session.ts',
  '../vectors/portal-content-values.json',
  '../vectors/les.json',
];

/** Blocks of the chain the peers serve (two header-sync requests of 128). */
const CHAIN_LENGTH = 256;

interface RlpxParams extends RlpxCaptureParams {
  chainLength: number;
}

/** The generator's manifest and what it found building its pools. */
interface RlpxSidecarManifest extends RlpxManifest {
  pooledMessages: number;
  poolProblems: string[];
}

export type RlpxCapture = SuiteCapture & Capture<RlpxParams, RlpxSidecarManifest> & { keyLog: string };

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function rlpxSuite(options: SuiteOptions): Suite<RlpxCapture> {
  // Built when a capture is generated, once per run (the measured and the profiled capture share them).
  let built: { pools: RlpxPools; problems: string[] } | null = null;
  const pools = () => {
    if (!built) {
      log(`  building a chain of ${CHAIN_LENGTH} blocks and the LES, eth and ress message pools…`);
      const chain = buildChain(options.seed, CHAIN_LENGTH);
      const rlpxPools = buildRlpxPools(chain, options.seed);
      built = { pools: rlpxPools, problems: validateRlpxPools(rlpxPools) };
      for (const p of built.problems) log(`!!! pooled message does not decode cleanly: ${p}`);
    }
    return built;
  };
  return {
    name: 'rlpx',
    title: 'Peerscope benchmark: RLPx (LES, ress, eth) decryption and decoding',
    transport: 'tcp',
    files: {
      summary: 'rlpx-peerscope-summary.json',
      tshark: 'rlpx-tshark-conv-tcp.txt',
      report: 'report-rlpx.json',
    },
    goals: null,
    capture(sizeGiB) {
      const name = `rlpx-${sizeGiB}gib`;
      const keyLog = join(BENCH_DIR, `${name}.keylog`);
      const params: RlpxParams = {
        targetBytes: Math.round(sizeGiB * GIB),
        seed: options.seed,
        concurrency: options.concurrency ?? 64,
        mss: 1448,
        chainLength: CHAIN_LENGTH,
      };
      const capture = ensureCapture<RlpxParams, RlpxSidecarManifest>({
        name,
        params,
        generatorHash: hashOf(GENERATOR_SOURCES),
        regenerate: options.regenerate,
        companions: [keyLog],
        sizeGiB,
        generate(path, progress) {
          const { pools: rlpxPools, problems } = pools();
          const manifest = generateRlpxCapture(path, keyLog, rlpxPools, params, progress);
          return { ...manifest, pooledMessages: rlpxTemplates(rlpxPools).length, poolProblems: problems };
        },
      });
      const m = capture.manifest;
      return {
        ...capture,
        keyLog,
        bytes: m.bytes,
        messages: totalMessages(m.messages),
        conversations: sum(Object.values(m.connections)),
      };
    },
    peerscopeArgs: (capture) => ['--keylog', capture.keyLog],
    displayArgs: (capture) => ['--keylog', capture.keyLog],
    describe(capture) {
      const m = capture.manifest;
      const c = m.connections;
      return [
        `capture   ${relative(REPO, capture.path)}: ${(m.bytes / 1e6).toFixed(1)} MB (${(m.bytes / GIB).toFixed(3)} GiB), ` +
          `${thousands(m.packets)} packets, ${thousands(capture.conversations)} RLPx connections ` +
          `(${c.les} LES, ${c.ress} ress + eth, ${c.eth} eth; ${capture.params.concurrency} open at once), ` +
          `${thousands(capture.messages)} messages, MSS ${capture.params.mss}`,
        `          ${capture.reused ? 'reused' : 'generated'} (generation took ${capture.generatedSeconds.toFixed(1)} s); ` +
          `key log ${relative(REPO, capture.keyLog)} (${m.keyLogLines} sessions); stream ${(m.streamBytes / 1e6).toFixed(0)} MB ` +
          `carrying ${(m.capabilityPayloadBytes / 1e6).toFixed(0)} MB of capability payloads before snappy; ` +
          `a chain of ${capture.params.chainLength} blocks`,
      ];
    },
    checks(capture, m) {
      const manifest = capture.manifest;
      const summary = m.peerscope.summaries[0]!;
      const severities = summary.notes.bySeverity;
      const rlpxNotes = sum(
        Object.entries(summary.notes.byKind)
          .filter(([kind]) => kind.startsWith('rlpx.'))
          .map(([, n]) => n.count),
      );
      // A ress GetBlockBodies of one hash is also, byte for byte, the seed era's GetBlockBody: Peerscope says so.
      const ambiguous = manifest.messages.ress?.GetBlockBodies ?? 0;
      const others = [
        check('messages in total', capture.messages, summary.messages.total),
        check('frames', manifest.packets, summary.frames),
        check('file bytes', manifest.bytes, summary.bytes),
        check('damage reports', 0, summary.damage.length),
        check('TCP streams', capture.conversations, summary.streams.tcp),
        check('TCP streams not decoded', 0, summary.streams.undecoded),
        check('TCP payload bytes', manifest.streamBytes, summary.streams.payloadBytes),
        check('TCP gaps', 0, summary.streams.gaps),
        check('key-log lines (one per session)', capture.conversations, manifest.keyLogLines),
        check('RLPx notes (MAC mismatch, garbled header, no key, gap)', 0, rlpxNotes),
        check('pairs matched (request + response, Ping + Pong)', 2 * manifest.answeredRequests, summary.pairs.matched),
        ...['unanswered', 'orphan', 'duplicate', 'mismatch', 'cancelled'].map((s) =>
          check(`pairs ${s}`, 0, summary.pairs[s]),
        ),
        check('error notes', 0, severities.error),
        check('warning notes', 0, severities.warning),
        ...noteChecks(summary, { 'ress.reading.ambiguous': ambiguous }),
        ...runChecks(m, capture.conversations),
        check(
          'pooled messages decode cleanly',
          'yes',
          manifest.poolProblems.length === 0 ? 'yes' : manifest.poolProblems.join('; '),
        ),
      ];
      return { counts: messageCountChecks(manifest.messages, summary), others };
    },
    captureJson: (capture) => ({
      file: relative(REPO, capture.path),
      keyLog: relative(REPO, capture.keyLog),
      reused: capture.reused,
      generatedSeconds: capture.generatedSeconds,
      params: capture.params,
      ...capture.manifest,
    }),
  };
}
