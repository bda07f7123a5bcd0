import { chmodSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Conversation, ConnectionLogs } from './conversation';
import { startCapture, type Recorder } from './loopback-capture';
import { buildManifest, type SentManifest } from './manifest';

export interface RecordingPlan {
  recorder: Recorder;
  /** Where the finished capture goes. */
  output: string;
  serverPorts: readonly number[];
  /** How many TCP connections the conversations open (each must end with both FINs on disk). */
  connections: number;
  /** Runs every conversation to its end. */
  converse(): Promise<void>;
}

/** Largest capture a sample may be: the samples are meant to be read by people, and kept in git. */
const MAX_SAMPLE_BYTES = 1_000_000;

/**
 * Records one sample: capture started and listening, conversations run, every FIN on disk, capture stopped with
 * no packet dropped; the file moves to `output` only when all of that held.
 */
export async function recordLoopback(plan: RecordingPlan): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-samples-'));
  const path = join(dir, basename(plan.output));
  try {
    const capture = await startCapture(plan.recorder, path, plan.serverPorts);
    try {
      await plan.converse();
      await capture.waitForFins(plan.connections);
    } catch (e) {
      // The conversation's failure is the news; the capture only has to be stopped.
      await capture.stop().catch(() => {});
      throw e;
    }
    const stats = await capture.stop();
    await capture.checkOpenings(plan.connections);
    if (stats.dropped > 0) throw new Error(`${plan.recorder} dropped ${stats.dropped} packets:\n${stats.report}`);
    const size = statSync(path).size;
    if (size > MAX_SAMPLE_BYTES) throw new Error(`${plan.output}: ${size} bytes, more than a sample should hold`);
    copyFileSync(path, plan.output);
    chmodSync(plan.output, 0o644);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sample servers: listen on an ephemeral port, close, and say what went wrong on their side. */
export interface SampleServer {
  listen(): Promise<number>;
  close(): Promise<void>;
  report(): readonly string[];
}

export interface SamplePlan<World> {
  /** File name of the capture in the samples directory; its manifest is `<name>.sent.json`. */
  capture: string;
  about: Pick<SentManifest, 'format' | 'recorder' | 'protocol' | 'seed'>;
  server: SampleServer;
  logs: ConnectionLogs;
  conversations: readonly Conversation<World>[];
  world: (serverPort: number) => World;
  /** What the server is meant to report, one pattern per line (it cannot read the malformed message, say). */
  serverReport: readonly RegExp[];
}

/** Records one sample capture with its conversations and writes its manifest beside it. */
export async function recordSample<World>(samplesDir: string, plan: SamplePlan<World>): Promise<SentManifest> {
  const serverPort = await plan.server.listen();
  const world = plan.world(serverPort);
  try {
    await recordLoopback({
      recorder: plan.about.recorder,
      output: join(samplesDir, plan.capture),
      serverPorts: [serverPort],
      connections: plan.conversations.length,
      converse: async () => {
        await Promise.all(plan.conversations.map((c) => c.run(world, plan.logs.register)));
      },
    });
  } finally {
    await plan.server.close();
  }
  checkServerReport(plan.server.report(), plan.serverReport);
  const manifest = buildManifest(
    { capture: plan.capture, ...plan.about },
    serverPort,
    plan.conversations.map((c) => c.log),
  );
  const name = plan.capture.replace(/\.pcap(ng)?$/, '');
  writeFileSync(join(samplesDir, `${name}.sent.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function checkServerReport(report: readonly string[], expected: readonly RegExp[]): void {
  const fits = report.length === expected.length && report.every((line, i) => expected[i]!.test(line));
  if (!fits) throw new Error(`the server reported, unexpectedly:\n${report.join('\n') || '(nothing)'}`);
}
