import { fromHex } from '../../decoders/core/bytes';
import { KeyStore, type KeyLogProblem } from '../../decoders/core/keys';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type { PacketDecoder } from '../../decoders/net/packet-decoder';
import type { CaptureDamage, TcpConnection, UdpFlow } from '../../decoders/net/types';
import { readCaptureFile } from '../capture/read-capture';
import { CapturePipeline } from '../engine/capture-pipeline';
import { parseDecodeAs } from '../engine/decode-as';
import { endpointText, flowProtocol } from '../engine/flow-router';
import { DissectorTap } from './dissector-tap';
import type { Batch, FlowFigures, KeyInput, LoadFinished, LoadJob } from './load-protocol';
import { ReplayLogWriter } from './replay-log';
import { RowBatchBuilder } from './row-batch-builder';

/** Rows reach the UI quickly at first, then in larger batches that cost less per row. */
const FIRST_INTERVAL_MS = 50;
const LATER_INTERVAL_MS = 200;
const QUICK_PHASE_MS = 2000;
const MAX_BATCH_ROWS = 5000;
const FIGURES_INTERVAL_MS = 1000;

export type BatchSink = (batch: Batch) => void;

/** The key store a pass starts with, and the problems its lines have. */
export function keyStoreOf(input: KeyInput): { keys: KeyStore; problems: KeyLogProblem[] } {
  const keys = new KeyStore();
  const problems: KeyLogProblem[] = [];
  for (const k of input.keylogs) problems.push(...keys.addKeyLog(k.text, k.source));
  for (const hex of input.nodeKeys) keys.addPrivateKey(fromHex(hex));
  return { keys, problems };
}

/** Traffic figures of every connection and flow, with the protocol each was decoded as. */
export function flowFigures(tcp: readonly TcpConnection[], udp: readonly UdpFlow[]): FlowFigures[] {
  const row = (kind: string, c: TcpConnection | UdpFlow, gaps: number): FlowFigures => ({
    stream: `${kind}:${c.id}`,
    a: endpointText(c.a.ip, c.a.port),
    b: endpointText(c.b.ip, c.b.port),
    framesAtoB: c.framesAtoB,
    framesBtoA: c.framesBtoA,
    bytesAtoB: c.bytesAtoB,
    bytesBtoA: c.bytesBtoA,
    gaps,
    protocol: flowProtocol(c),
  });
  return [...tcp.map((c) => row('tcp', c, c.gaps)), ...udp.map((f) => row('udp', f, 0))];
}

/**
 * The service's pass over a capture, in the capture worker: the engine's stages (frames → flows → dissectors →
 * analysis, as analyzeCaptureFile composes them) with a tap that writes the replay log, and a sink that turns
 * messages into column batches sent every 50–200 ms or 5000 rows.
 */
export async function runLoadPass(
  job: LoadJob,
  registry: ProtocolRegistry,
  send: BatchSink,
  signal: AbortSignal,
): Promise<LoadFinished> {
  const started = performance.now();
  const { keys, problems } = keyStoreOf(job.keys);
  const rules = job.decodeAs.map((r) => parseDecodeAs(r, registry.names()));
  const log = new ReplayLogWriter(job.replayLogPath);
  // The tap records each dissector's input into the replay log; the rows number messages within their group.
  const tap = new DissectorTap(log);
  const rows = new RowBatchBuilder(tap);
  const pipeline = new CapturePipeline({
    registry: tap.wrap(registry),
    decodeAs: rules,
    keys,
    sink: rows,
    frameNote: (frame, note) => rows.frameNote(frame, note),
    keyLogProblem: (problem) => batcher.keyProblems.push(problem),
  });
  const batcher = new Batcher(rows, tap, log, send, pipeline.packets);
  batcher.keyProblems.push(...problems);
  let state: LoadFinished['state'] = 'done';
  let file: { format: string; frames: number; bytes: number } | null = null;
  try {
    file = await readCaptureFile(
      job.path,
      {
        record(rec) {
          pipeline.record(rec);
          batcher.recordRead(rec.fileOffset + rec.data.length, rec.frame);
        },
        secrets(type, data, offset) {
          const source = `${job.path}: secrets block at ${offset}`;
          const text = pipeline.secrets(type, data, source);
          if (text !== null) batcher.secrets.push({ afterFrame: pipeline.last.frame, text, source });
        },
        damage(problem: CaptureDamage) {
          batcher.damage.push(problem);
        },
      },
      { signal },
    );
    pipeline.finish();
  } catch (error) {
    if (!signal.aborted) throw error;
    state = 'cancelled';
  } finally {
    batcher.flush(true);
    log.close();
  }
  const { router, analysis, last } = pipeline;
  return {
    type: 'done',
    state,
    format: file?.format ?? null,
    frames: file?.frames ?? last.frame,
    bytes: file?.bytes ?? batcher.bytesRead,
    undecoded: router.undecoded,
    unanswered: analysis.unanswered().map((u) => u.index),
    elapsedMs: performance.now() - started,
  };
}

/** Decides when a batch goes out and assembles it: rows, replay runs, notes, progress. */
class Batcher {
  readonly secrets: Batch['secrets'] = [];
  readonly damage: Batch['damage'] = [];
  readonly keyProblems: Batch['keyProblems'] = [];
  bytesRead = 0;
  private frames = 0;
  private readonly started = performance.now();
  private lastFlush = performance.now();
  private lastFigures = 0;
  private sinceCheck = 0;

  constructor(
    private readonly rows: RowBatchBuilder,
    private readonly tap: DissectorTap,
    private readonly log: ReplayLogWriter,
    private readonly send: BatchSink,
    private readonly packets: PacketDecoder,
  ) {}

  recordRead(bytesRead: number, frame: number): void {
    this.bytesRead = bytesRead;
    this.frames = frame;
    // Reading the clock per record costs more than the check: look every 64 records.
    if (++this.sinceCheck < 64 && this.rows.pendingRows < MAX_BATCH_ROWS) return;
    this.sinceCheck = 0;
    const now = performance.now();
    const interval = now - this.started < QUICK_PHASE_MS ? FIRST_INTERVAL_MS : LATER_INTERVAL_MS;
    if (this.rows.pendingRows >= MAX_BATCH_ROWS || now - this.lastFlush >= interval) this.flush(false);
  }

  /** Sends what is gathered; the replay log is written first, so every row sent can be decoded again. */
  flush(final: boolean): void {
    const now = performance.now();
    this.lastFlush = now;
    const runs = this.log.flush();
    const { groups, bindings } = this.tap.takeNew();
    const taken = this.rows.take();
    const figures = final || now - this.lastFigures >= FIGURES_INTERVAL_MS;
    if (figures) this.lastFigures = now;
    this.send({
      type: 'batch',
      ...taken,
      groups,
      bindings,
      runs,
      secrets: this.secrets.splice(0),
      damage: this.damage.splice(0),
      keyProblems: this.keyProblems.splice(0),
      progress: { bytesRead: this.bytesRead, frames: this.frames, messages: this.rows.messages },
      flowFigures: figures ? flowFigures(this.packets.tcpConnections(), this.packets.udpFlows()) : null,
    });
  }
}
