import { addNote, type Field } from '../core/field';
import { PORTAL_NOTES } from './note-kinds';

/** The rules of portal-wire-protocol.md that one message shows on its own; pairing rules live in the session. */

/** FindNodes: "Each distance MUST be within the inclusive range [0, 256]" and "MUST be unique". */
export function checkDistances(distances: Field): void {
  const seen = new Map<number, number>();
  for (const d of distances.children ?? []) {
    if (d.encoding || typeof d.value !== 'number') continue;
    if (d.value > 256) addNote(d, 'error', PORTAL_NOTES.distanceRange, `distance ${d.value} is above 256`);
    const first = seen.get(d.value);
    if (first !== undefined) {
      addNote(d, 'error', PORTAL_NOTES.distanceRepeated, `distance ${d.value} is listed twice (first at ${first})`);
    } else seen.set(d.value, Number(d.name));
    if (d.value === 0) d.display = '0 (the recipient’s own ENR)';
  }
}

/**
 * A list over its SSZ limit (`enrs: List[…, 32]`, `content_keys: List[…, 64]`): the walker's generic limit warning
 * becomes the protocol's rule, an error.
 */
export function checkListLimit(list: Field, limit: number, kind: string, what: string): void {
  const count = (list.children ?? []).filter((c) => !c.encoding).length;
  list.notes = (list.notes ?? []).filter((n) => n.kind !== 'ssz.limit');
  if (list.notes.length === 0) delete list.notes;
  if (count > limit) addNote(list, 'error', kind, `${count} ${what}: at most ${limit}`);
}

/** Nodes.total: the number of Nodes messages answering one FindNodes; fixed to 1 since 2024-06. */
export function checkNodesTotal(total: Field, fixedToOne: boolean): void {
  if (typeof total.value !== 'number') return;
  if (total.value === 0) {
    addNote(total, 'warning', PORTAL_NOTES.nodesTotal, 'total 0: an answer is at least this one message');
  } else if (fixedToOne && total.value !== 1) {
    addNote(total, 'info', PORTAL_NOTES.nodesTotal, `total ${total.value}: the current spec fixes it to 1`);
  }
}
