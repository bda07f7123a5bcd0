import type { Direction, UdpProtocol } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { Note } from '../../../decoders/core/notes';
import type { PairInfo } from '../../../decoders/core/pairing';
import { ProtocolRegistry } from '../../../decoders/core/registry';
import type { Protocol } from '../../../decoders/core/dissector';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';

/** One datagram of a playbook; `flow` picks the UDP flow (default 0), `dir` the direction within it. */
export interface DatagramEvent {
  dir: Direction;
  data: Uint8Array;
  flow?: number;
  frame?: number;
  time?: number;
}

export interface DatagramPlaybookResult {
  records: MessageRecord[];
  analyzed: AnalyzedMessage[];
  streamNotes: { stream: string; dir: Direction; note: Note }[];
}

/**
 * Runs a UDP protocol's flow dissectors through the real analysis stage (numbering, pairing, notes), the way
 * test/support/dissector-playbook.ts does for TCP: datagrams in, the exact `inspect --json` records out.
 * Frames default to the event's position (1-based), times to 10 ms apart.
 */
export function runDatagrams(
  protocol: UdpProtocol,
  events: readonly DatagramEvent[],
  keys: KeyStore = new KeyStore(),
  carried: readonly Protocol[] = [],
): DatagramPlaybookResult {
  const analyzed: AnalyzedMessage[] = [];
  const finalPair = new Map<number, PairInfo>();
  const streamNotes: DatagramPlaybookResult['streamNotes'] = [];
  const registry = new ProtocolRegistry().register(protocol);
  for (const p of carried) registry.register(p);
  const analysis = new MessageAnalysis(
    {
      message: (m) => analyzed.push(m),
      pairUpdate: (index, pair) => finalPair.set(index, pair),
      streamNote: (conversation, dir, note) => streamNotes.push({ stream: conversation.stream, dir, note }),
    },
    registry,
    keys,
  );
  const flows = new Map<number, ReturnType<UdpProtocol['open']>>();
  events.forEach((e, i) => {
    const id = e.flow ?? 0;
    let flow = flows.get(id);
    if (!flow) {
      const port = 30000 + 2 * id;
      const conversation = { stream: `udp:${id}`, endpoints: [`127.0.0.1:${port}`, `127.0.0.1:${port + 1}`] as const };
      flow = protocol.open(analysis.host(conversation, protocol));
      flows.set(id, flow);
    }
    flow.datagram(e.dir, e.data, { frame: e.frame ?? i + 1, time: e.time ?? 1_700_000_000 + i / 100 });
  });
  analysis.finish();
  const records = analyzed.map((m) => messageRecord(m, finalPair.get(m.index) ?? m.pair));
  return { records, analyzed, streamNotes };
}
