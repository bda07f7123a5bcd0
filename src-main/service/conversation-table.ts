import type { ConversationRow, PeerRow } from '../api/peerscope-api';
import type { FlowFigures } from './load-protocol';
import { UNANSWERED, type MessageTable } from './message-table';

/**
 * The conversations (as `inspect --streams` and tshark's `-z conv` list them) with what was decoded in each, and
 * the peers: every IP address with the conversations it takes part in.
 */
export function conversationTable(
  table: MessageTable,
  figures: readonly FlowFigures[],
): { conversations: ConversationRow[]; peers: PeerRow[] } {
  const counts = new Map<string, { messages: number; unanswered: number; bytes: number }>();
  for (let i = 0; i < table.count; i++) {
    const stream = table.stream(i);
    let c = counts.get(stream);
    if (!c) counts.set(stream, (c = { messages: 0, unanswered: 0, bytes: 0 }));
    c.messages++;
    c.bytes += table.length[i]!;
    if (table.pairStatus[i] === UNANSWERED) c.unanswered++;
  }
  const conversations = figures.map((f): ConversationRow => {
    const c = counts.get(f.stream);
    return { ...f, messages: c?.messages ?? 0, unanswered: c?.unanswered ?? 0 };
  });
  return { conversations, peers: peersOf(conversations) };
}

function peersOf(conversations: readonly ConversationRow[]): PeerRow[] {
  const peers = new Map<string, PeerRow & { protocolSet: Set<string> }>();
  for (const c of conversations) {
    for (const address of new Set([hostOf(c.a), hostOf(c.b)])) {
      let peer = peers.get(address);
      if (!peer) {
        peer = {
          address,
          conversations: 0,
          messages: 0,
          bytes: 0,
          protocols: [],
          unanswered: 0,
          protocolSet: new Set(),
        };
        peers.set(address, peer);
      }
      peer.conversations++;
      peer.messages += c.messages;
      peer.bytes += c.bytesAtoB + c.bytesBtoA;
      peer.unanswered += c.unanswered;
      if (c.protocol) peer.protocolSet.add(c.protocol);
    }
  }
  return [...peers.values()]
    .map(({ protocolSet, ...peer }) => ({ ...peer, protocols: [...protocolSet].sort() }))
    .sort((a, b) => b.messages - a.messages || a.address.localeCompare(b.address));
}

/** `10.0.0.1:9000` → `10.0.0.1`; `[::1]:9000` → `::1`. */
export function hostOf(endpoint: string): string {
  if (endpoint.startsWith('[')) return endpoint.slice(1, endpoint.indexOf(']'));
  const colon = endpoint.lastIndexOf(':');
  return colon < 0 ? endpoint : endpoint.slice(0, colon);
}
