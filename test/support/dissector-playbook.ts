import type { Direction, TcpProtocol } from '../../decoders/core/dissector';
import { KeyStore } from '../../decoders/core/keys';
import { ProtocolRegistry } from '../../decoders/core/registry';
import type { MessageRecord } from '../../decoders/core/message';
import type { Note } from '../../decoders/core/notes';
import type { PairInfo } from '../../decoders/core/pairing';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../src-main/engine/message-analysis';

/** One step of a playbook: stream bytes of one direction, a capture gap, or the end of a direction. */
export type PlaybookEvent =
  | { dir: Direction; data: Uint8Array; frame?: number; time?: number }
  | { dir: Direction; gap: number; frame?: number; time?: number }
  | { dir: Direction; end: true; frame?: number; time?: number };

export interface PlaybookResult {
  /** The messages as `inspect --json` prints them, with final pairing. */
  records: MessageRecord[];
  analyzed: AnalyzedMessage[];
  streamNotes: { dir: Direction; note: Note; frame: number }[];
}

/**
 * Runs a protocol's connection dissector through the real analysis stage (numbering, pairing, notes), the way
 * mitmproxy tests its layers: feed events, get the exact sequence of output. Frames default to the event's
 * position (1-based) and times to one second apart.
 */
export function runPlaybook(
  protocol: TcpProtocol,
  events: readonly PlaybookEvent[],
  keys: KeyStore = new KeyStore(),
): PlaybookResult {
  const analyzed: AnalyzedMessage[] = [];
  const finalPair = new Map<number, PairInfo>();
  const streamNotes: PlaybookResult['streamNotes'] = [];
  const analysis = new MessageAnalysis(
    {
      message: (m) => analyzed.push(m),
      pairUpdate: (index, pair) => finalPair.set(index, pair),
      streamNote: (_, dir, note, at) => streamNotes.push({ dir, note, frame: at.frame }),
    },
    new ProtocolRegistry().register(protocol),
    keys,
  );
  const conversation = { stream: 'tcp:0', endpoints: ['10.0.0.1:40000', '10.0.0.2:9000'] as const };
  const dissector = protocol.open(analysis.host(conversation, protocol));
  events.forEach((e, i) => {
    const at = { frame: e.frame ?? i + 1, time: e.time ?? 1_560_000_000 + i };
    if ('data' in e) dissector.data(e.dir, e.data, at);
    else if ('gap' in e) dissector.gap(e.dir, e.gap, at);
    else dissector.end(e.dir, at);
  });
  analysis.finish();
  const records = analyzed.map((m) => messageRecord(m, finalPair.get(m.index) ?? m.pair));
  return { records, analyzed, streamNotes };
}
