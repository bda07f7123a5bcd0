import { readRlpHeader } from '../../../decoders/codecs/rlp';
import type { Direction } from '../../../decoders/core/dissector';
import type { JsonObject } from '../../../decoders/core/json';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { PairInfo } from '../../../decoders/core/pairing';
import { ProtocolRegistry } from '../../../decoders/core/registry';
import type { Capability, CapabilityHost, CapabilitySession } from '../../../decoders/devp2p/capability';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';

export interface PlaybookOptions {
  /** The node ids the RLPx handshake revealed, per sending direction. */
  nodeIds?: [Uint8Array | undefined, Uint8Array | undefined];
}

/**
 * A capability session run the way the RLPx dissector will run it: a CapabilityHost over the real analysis stage
 * (numbering, the generic pairing tracker fed by the capability's declaration, pairing notes). Messages go in as
 * `{message, fields}` JSON (encoded by the capability itself) or as code + payload bytes.
 */
export class CapabilityPlaybook {
  private readonly analyzed: AnalyzedMessage[] = [];
  private readonly finalPair = new Map<number, PairInfo>();
  private readonly analysis: MessageAnalysis;
  private readonly session: CapabilitySession;
  private step = 0;

  constructor(
    readonly capability: Capability,
    version: number,
    options: PlaybookOptions = {},
  ) {
    this.analysis = new MessageAnalysis(
      {
        message: (m) => this.analyzed.push(m),
        pairUpdate: (index, pair) => this.finalPair.set(index, pair),
        streamNote: () => {},
      },
      new ProtocolRegistry().register(capability),
      new KeyStore(),
    );
    const conversation = { stream: 'tcp:0', endpoints: ['10.0.0.1:30303', '10.0.0.2:30303'] as const };
    const base = this.analysis.host(conversation, capability);
    const host: CapabilityHost = {
      ...base,
      keys: base.keys,
      nodeId: (direction) => options.nodeIds?.[direction],
      initiator: 0,
    };
    this.session = capability.open(host, version);
  }

  /** Sends one message; `time` in seconds (default: one second after the previous message). */
  send(direction: Direction, message: JsonObject | { code: number; payload: Uint8Array }, time?: number): this {
    const { code, payload } =
      'payload' in message ? message : splitCode(this.capability.encodeMessage(message as JsonObject));
    this.step++;
    const at = { frame: this.step, time: time ?? 1_700_000_000 + this.step };
    this.session.message(direction, { code: code as number, payload: payload as Uint8Array, sources: [] }, at);
    return this;
  }

  /** The messages as `inspect --json` prints them, with their final pairing. */
  records(): MessageRecord[] {
    this.analysis.finish();
    return this.analyzed.map((m) => messageRecord(m, this.finalPair.get(m.index) ?? m.pair));
  }

  /** The note kinds of each message, in order. */
  kinds(): string[][] {
    return this.records().map((r) => r.notes.map((n) => n.kind));
  }
}

/** `rlp(code) ‖ payload` → code and payload, as the RLPx dissector hands them over. */
export function splitCode(bytes: Uint8Array): { code: number; payload: Uint8Array } {
  const h = readRlpHeader(bytes, 0, bytes.length);
  let code = 0;
  for (let i = h.payloadStart; i < h.payloadEnd; i++) code = code * 256 + bytes[i]!;
  return { code, payload: bytes.subarray(h.payloadEnd) };
}
