/**
 * Holds decoded discv5 records against what the peers logged as they sent (samples/discv5/chainsafe-exchange.ts):
 * the messages each node sent, in its send order, with their values; and the packets' flags.
 */
import { fieldByPath, fieldJson } from '../../../decoders/core/field';
import type { JsonValue } from '../../../decoders/core/json';
import type { MessageRecord } from '../../../decoders/core/message';
import { messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';
import type { SentMessage, SentPacket, Side } from '../../../samples/discv5/chainsafe-exchange';
import type { PairInfo } from '../../../decoders/core/pairing';

/** A decoded message as comparable to a SentMessage. */
export interface ReadMessage {
  from: Side;
  protocol: string;
  message: string;
  requestId: string | null;
  values: Record<string, JsonValue>;
}

/** Packets and messages of the analysis, in capture order; `a` is the side that sent the first packet. */
export function readBack(
  analyzed: readonly AnalyzedMessage[],
  finalPairs: ReadonlyMap<number, PairInfo>,
  aEndpoint: string,
) {
  const records: MessageRecord[] = analyzed.map((m) => messageRecord(m, finalPairs.get(m.index) ?? m.pair));
  const side = (r: MessageRecord): Side => (r.src === aEndpoint ? 'a' : 'b');
  const packets: SentPacket[] = analyzed.map((m, i) => {
    const flag = fieldByPath(m.decoded.tree, 'packet.flag') ?? fieldByPath(m.decoded.tree, 'discv5.packet.flag');
    return { from: side(records[i]!), flag: typeof flag?.value === 'number' ? flag.value : -1 };
  });
  const messages: ReadMessage[] = [];
  analyzed.forEach((m, i) => {
    const r = records[i]!;
    if (['WHOAREYOU', 'ENCRYPTED', 'MASKED'].includes(r.message)) return;
    const values: Record<string, JsonValue> = { ...r.fields };
    if (r.protocol !== 'discv5') {
      // A carried message: its TALKREQ fields are in the discv5 encoding subtree.
      const context = fieldByPath(m.decoded.tree, 'discv5');
      for (const c of context?.children ?? []) if (c.name !== 'packet' && !c.encoding) values[c.name] = fieldJson(c);
    }
    messages.push({ from: side(r), protocol: r.protocol, message: r.message, requestId: r.requestId, values });
  });
  return { records, packets, messages };
}

/** Compares one read message with the one sent; returns the differences (empty when equal). */
export function differences(read: ReadMessage, sent: SentMessage): string[] {
  const out: string[] = [];
  // A carried protocol's message stands for the TALKREQ/TALKRESP that carried it.
  const name = read.protocol !== 'discv5' ? `carried ${sent.message}` : read.message;
  const expected =
    read.protocol !== 'discv5' && /^TALK(REQ|RESP)$/.test(sent.message) ? `carried ${sent.message}` : sent.message;
  if (read.from !== sent.from) out.push(`from ${read.from}, sent by ${sent.from}`);
  if (read.requestId !== sent.requestId) out.push(`request id ${read.requestId}, sent ${sent.requestId}`);
  if (name !== expected) out.push(`${read.protocol} ${read.message}, sent ${sent.message}`);
  for (const [key, value] of Object.entries(sent.values)) {
    const got =
      key === 'enrs'
        ? ((read.values.enrs as { 'node-id'?: string }[] | undefined) ?? []).map((e) => e['node-id'])
        : read.values[key];
    if (JSON.stringify(got) !== JSON.stringify(value))
      out.push(`${key}: ${JSON.stringify(got)}, sent ${JSON.stringify(value)}`);
  }
  return out;
}
