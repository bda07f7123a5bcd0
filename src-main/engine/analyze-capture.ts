import { KeyStore, type KeyLogProblem } from '../../decoders/core/keys';
import type { Note } from '../../decoders/core/notes';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type { CaptureDamage, TcpConnection, UdpFlow } from '../../decoders/net/types';
import { readCaptureFile, type CaptureFileInfo } from '../capture/read-capture';
import { CapturePipeline, PEERSCOPE_SECRETS_TYPE } from './capture-pipeline';
import type { DecodeAsRule } from './decode-as';
import type { AnalysisSink } from './message-analysis';

export interface AnalyzeOptions {
  registry: ProtocolRegistry;
  decodeAs?: readonly DecodeAsRule[];
  /** Key logs and node keys; pcapng Decryption Secrets Blocks add to it while the file is read. */
  keys?: KeyStore;
  signal?: AbortSignal;
  /** What the capture is called in messages (its path unless given: `standard input` for a spooled stdin). */
  name?: string;
}

export { PEERSCOPE_SECRETS_TYPE };

/** What the views receive while a capture is analysed; every callback is optional. */
export interface AnalysisHandlers extends Partial<AnalysisSink> {
  frameNote?(frame: number, note: Note): void;
  damage?(problem: CaptureDamage): void;
  keyLogProblem?(problem: KeyLogProblem): void;
}

export interface CaptureReport {
  file: CaptureFileInfo;
  damage: CaptureDamage[];
  tcp: readonly TcpConnection[];
  udp: readonly UdpFlow[];
  messages: number;
  /** Requests never answered, final. */
  unanswered: { index: number; message: string }[];
  undecodedConnections: number;
  elapsedMs: number;
}

/**
 * One pass over a capture file: frames → flows → protocol dissectors → analysis, streamed (the file is never held
 * whole). Deterministic: the same file gives the same message numbering every time, so a view can run it twice.
 */
export async function analyzeCaptureFile(
  path: string,
  options: AnalyzeOptions,
  handlers: AnalysisHandlers = {},
): Promise<CaptureReport> {
  const started = performance.now();
  const pipeline = new CapturePipeline({
    registry: options.registry,
    decodeAs: options.decodeAs ?? [],
    keys: options.keys ?? new KeyStore(),
    sink: {
      message: handlers.message ?? (() => {}),
      pairUpdate: handlers.pairUpdate ?? (() => {}),
      streamNote: handlers.streamNote ?? (() => {}),
    },
    ...(handlers.frameNote && { frameNote: handlers.frameNote }),
    ...(handlers.keyLogProblem && { keyLogProblem: handlers.keyLogProblem }),
  });
  const damage: CaptureDamage[] = [];
  const name = options.name ?? path;
  const file = await readCaptureFile(
    path,
    {
      record: (rec) => pipeline.record(rec),
      secrets: (type, data, offset) => void pipeline.secrets(type, data, `${name}: secrets block at ${offset}`),
      damage(problem) {
        damage.push(problem);
        handlers.damage?.(problem);
      },
    },
    { name, ...(options.signal && { signal: options.signal }) },
  );
  pipeline.finish();
  const { packets, analysis, router } = pipeline;
  return {
    file,
    damage,
    tcp: packets.tcpConnections(),
    udp: packets.udpFlows(),
    messages: analysis.messageCount,
    unanswered: analysis.unanswered(),
    undecodedConnections: router.undecoded,
    elapsedMs: performance.now() - started,
  };
}
