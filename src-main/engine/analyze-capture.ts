import { KeyStore, type KeyLogProblem } from '../../decoders/core/keys';
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
  /** Key logs and node keys; pcapng Decryption Secrets Blocks add to it while the file is read. */
  keys?: KeyStore;
  signal?: AbortSignal;
}

/**
 * The pcapng secrets type of Peerscope's key log (`PSKL`): the block holds key-log lines as in a key-log file.
 * Lines in a TLS key log block (`TLSK`) are read too, so tools that only know that type can carry them.
 */
export const PEERSCOPE_SECRETS_TYPE = 0x50534b4c;
const TLS_KEY_LOG_TYPE = 0x544c534b;

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
  const keys = options.keys ?? new KeyStore();
  const analysis = new MessageAnalysis(
    {
      message: handlers.message ?? (() => {}),
      pairUpdate: handlers.pairUpdate ?? (() => {}),
      streamNote: handlers.streamNote ?? (() => {}),
    },
    options.registry,
    keys,
  );
  const router = new FlowRouter(options.registry, options.decodeAs ?? [], analysis, keys, handlers.frameNote);
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
      secrets(type, data, offset) {
        if (type !== PEERSCOPE_SECRETS_TYPE && type !== TLS_KEY_LOG_TYPE) return;
        const problems = keys.addKeyLog(new TextDecoder().decode(data), `${path}: secrets block at ${offset}`);
        // A TLS key log block holds TLS lines too: only complaints about our own type are worth a note.
        if (type === PEERSCOPE_SECRETS_TYPE) for (const p of problems) handlers.keyLogProblem?.(p);
      },
      damage(problem) {
        damage.push(problem);
        handlers.damage?.(problem);
      },
    },
    options.signal ? { signal: options.signal } : {},
  );
  packets.finish(last);
  router.finish(last);
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
