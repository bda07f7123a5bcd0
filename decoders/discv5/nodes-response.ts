import type { Direction } from '../core/dissector';
import { addNote, generatedLeaf, type Field } from '../core/field';
import type { PlaintextMessage } from './message-decoder';
import { DISCV5_NOTES } from './note-kinds';

/** geth accepts at most this many NODES messages per response set (v5_udp.go totalNodesResponseLimit). */
const NODES_RESPONSE_LIMIT = 5;

/**
 * NODES answers a FINDNODE in `total` messages (discv5-wire.md "NODES Response"). The pairing tracker answers a
 * request once, so the messages after the first of a set are NODES_CONTINUED (declared without a role), and every
 * message of a set of more than one says which `part` it is.
 */
export class NodesResponseSets {
  /** Open sets by `${responder direction}#${request id}`. */
  private readonly open = new Map<string, { total: number; seen: number }>();

  /** A request with this id was sent in `direction`: answers to it start a new set. */
  requestSent(direction: Direction, requestId: string): void {
    this.open.delete(`${direction === 0 ? 1 : 0}#${requestId}`);
  }

  /** Places a NODES message in its set; returns its message name and adds its `part` field to `extra`. */
  place(direction: Direction, decoded: PlaintextMessage, extra: Field[]): 'NODES' | 'NODES_CONTINUED' {
    const totalField = decoded.fields.find((f) => f.name === 'total');
    const total = typeof totalField?.value === 'number' ? totalField.value : 1;
    const key = `${direction}#${decoded.requestId}`;
    const set = this.open.get(key);
    let part = 1;
    if (set) {
      part = ++set.seen;
      if (set.seen >= set.total) this.open.delete(key);
    } else if (total > 1) {
      this.open.set(key, { total, seen: 1 });
    }
    if (total > 1 || part > 1) extra.push(generatedLeaf('part', part, `${part} of ${total}`));
    if (totalField && (total === 0 || total > NODES_RESPONSE_LIMIT)) {
      const text = `total ${total}: geth accepts 1 to ${NODES_RESPONSE_LIMIT} NODES messages per request`;
      addNote(totalField, 'warning', DISCV5_NOTES.nodesTotal, text);
    }
    if (totalField && part > total) {
      const text = `NODES message ${part} of a response set announced as ${total}`;
      addNote(totalField, 'warning', DISCV5_NOTES.nodesTotal, text);
    }
    return part > 1 ? 'NODES_CONTINUED' : 'NODES';
  }
}
