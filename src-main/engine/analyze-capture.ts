import type { Note } from '../../decoders/core/notes';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { PacketDecoder } from '../../decoders/net/packet-decoder';
import type { CaptureDamage, FrameInfo, TcpConnection, UdpFlow } from '../../decoders/net/types';
import { readCaptureFile, type CaptureFileInfo } from '../capture/read-capture';
import type { DecodeAsRule } from './decode-as';
import { FlowRouter } from './flow-router';
import { MessageAnalysis, type AnalysisSink } from './message-analysis';

export interface AnalyzeOptions {
  registry: ProtocolRegistry;
  decodeAs?: readonly DecodeAsRule[];
  signal?: AbortSignal;
}

/** What the views receive while a capture is analysed; every callback is optional. */
export interface AnalysisHandlers extends Partial<AnalysisSink> {
  frameNote?(frame: number, note: Note): void;
  damage?(problem: CaptureDamage): void;
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
  const analysis = new MessageAnalysis({
    message: handlers.message ?? (() => {}),
    pairUpdate: handlers.pairUpdate ?? (() => {}),
    streamNote: handlers.streamNote ?? (() => {}),
  });
  const router = new FlowRouter(options.registry, options.decodeAs ?? [], analysis, handlers.frameNote);
  const packets = new PacketDecoder(router);
  const damage: CaptureDamage[] = [];
  let last: FrameInfo = { frame: 0, time: 0 };
  const file = await readCaptureFile(
    path,
    {
      record(rec) {
        last = { frame: rec.frame, time: rec.time };
        packets.frame(rec);
      },
      damage(problem) {
        damage.push(problem);
        handlers.damage?.(problem);
      },
    },
    options.signal ? { signal: options.signal } : {},
  );
  packets.finish(last);
  analysis.finish();
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
