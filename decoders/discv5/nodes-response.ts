import type { Direction } from '../core/dissector';
import { addNote, generatedLeaf, type Field } from '../core/field';
import type { PlaintextMessage } from './message-decoder';
import { DISCV5_NOTES } from './note-kinds';

/** geth accepts at most this many NODES messages per response set (v5_udp.go totalNodesResponseLimit). */
const NODES_RESPONSE_LIMIT = 5;

/**
 * NODES answers a FINDNODE in `total` messages (discv5-wire.md "NODES Response"). Each is a NODES with
 * `responseParts = total`, so the pairing tracker keeps the request open until all arrived and matches each; every
 * message of a set of more than one says which `part` it is.
 */
export class NodesResponseSets {
  /**
   * Sets by `${responder direction}#${request id}`, kept until a request reuses the id, so that a NODES beyond the
   * announced total is numbered as such.
   */
  private readonly sets = new Map<string, { total: number; seen: number }>();

  /** A request with this id was sent in `direction`: answers to it start a new set. */
  requestSent(direction: Direction, requestId: string): void {
    this.sets.delete(`${direction === 0 ? 1 : 0}#${requestId}`);
  }

  /** Places a NODES message in its set: adds its `part` field to `extra`; returns how many parts the set has. */
  place(direction: Direction, decoded: PlaintextMessage, extra: Field[]): number {
    const totalField = decoded.fields.find((f) => f.name === 'total');
    const total = typeof totalField?.value === 'number' ? totalField.value : 1;
    const key = `${direction}#${decoded.requestId}`;
    let set = this.sets.get(key);
    if (set) set.seen++;
    else this.sets.set(key, (set = { total, seen: 1 }));
    const part = set.seen;
    if (total > 1 || part > 1) extra.push(generatedLeaf('part', part, `${part} of ${total}`));
    if (totalField && (total === 0 || total > NODES_RESPONSE_LIMIT)) {
      const text = `total ${total}: geth accepts 1 to ${NODES_RESPONSE_LIMIT} NODES messages per request`;
      addNote(totalField, 'warning', DISCV5_NOTES.nodesTotal, text);
    }
    if (totalField && part > total) {
      const text = `NODES message ${part} of a response set announced as ${total}`;
      addNote(totalField, 'warning', DISCV5_NOTES.nodesTotal, text);
    }
    return Math.max(1, set.total);
  }
}
