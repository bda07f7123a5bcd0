import type { KeyLogProblem, KeyStore } from '../../decoders/core/keys';
import type { Note } from '../../decoders/core/notes';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { PacketDecoder } from '../../decoders/net/packet-decoder';
import type { CaptureRecord, FrameInfo } from '../../decoders/net/types';
import type { DecodeAsRule } from './decode-as';
import { FlowRouter } from './flow-router';
import { MessageAnalysis, type AnalysisSink } from './message-analysis';

/**
 * The pcapng secrets type of Peerscope's key log (`PSKL`): the block holds key-log lines as in a key-log file.
 * Lines in a TLS key log block (`TLSK`) are read too, so tools that only know that type can carry them.
 */
export const PEERSCOPE_SECRETS_TYPE = 0x50534b4c;
const TLS_KEY_LOG_TYPE = 0x544c534b;

export interface PipelineOptions {
  registry: ProtocolRegistry;
  decodeAs: readonly DecodeAsRule[];
  keys: KeyStore;
  sink: AnalysisSink;
  frameNote?(frame: number, note: Note): void;
  keyLogProblem?(problem: KeyLogProblem): void;
}

/**
 * The engine's stages in their one order — frames → flows → protocol dissectors → analysis — fed one capture
 * record (or secrets block) at a time. Every source (a file for the CLI, the service's worker pass, a live
 * capture) drives this same pipeline, so they all number, pair and note messages alike.
 */
export class CapturePipeline {
  readonly analysis: MessageAnalysis;
  readonly router: FlowRouter;
  readonly packets: PacketDecoder;
  /** The last frame seen: where the end of input is placed. */
  last: FrameInfo = { frame: 0, time: 0 };

  constructor(private readonly options: PipelineOptions) {
    this.analysis = new MessageAnalysis(options.sink, options.registry, options.keys);
    this.router = new FlowRouter(options.registry, options.decodeAs, this.analysis, options.keys, options.frameNote);
    this.packets = new PacketDecoder(this.router);
  }

  record(rec: CaptureRecord): void {
    this.last = { frame: rec.frame, time: rec.time };
    this.packets.frame(rec);
  }

  /** A pcapng Decryption Secrets Block: key-log lines join the key store. Returns the text when it was read. */
  secrets(type: number, data: Uint8Array, source: string): string | null {
    if (type !== PEERSCOPE_SECRETS_TYPE && type !== TLS_KEY_LOG_TYPE) return null;
    const text = new TextDecoder().decode(data);
    const problems = this.options.keys.addKeyLog(text, source);
    // A TLS key log block holds TLS lines too: only complaints about our own type are worth a note.
    if (type === PEERSCOPE_SECRETS_TYPE) for (const p of problems) this.options.keyLogProblem?.(p);
    return text;
  }

  /** The end of input: open streams end, pending UDP sessions close, stream notes no message took are reported. */
  finish(): void {
    this.packets.finish(this.last);
    this.router.finish(this.last);
    this.analysis.finish();
  }
}
