import type { Severity } from '../../decoders/core/notes';
import type { ExpertGroup } from '../api/peerscope-api';
import type { LooseNote } from './load-protocol';
import { SEVERITY_CODES } from './load-protocol';
import { UNANSWERED_NOTE, type MessageTable } from './message-table';

/** Messages listed under each group (the count covers all). */
const ITEMS_PER_GROUP = 50;
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

type Item = ExpertGroup['items'][number];

/**
 * Expert info as Wireshark shows it: every note of the capture grouped by severity and kind, with counts and the
 * first messages carrying it. Message notes, unanswered requests, and notes about no single message (a frame's
 * bad header, bytes skipped in a stream) are all counted, as the CLI summary counts them.
 */
export function expertInfo(
  table: MessageTable,
  looseNotes: readonly LooseNote[],
  unanswered: readonly number[],
): ExpertGroup[] {
  const groups = new Map<string, ExpertGroup>();
  const add = (severity: Severity, kind: string, item: Item) => {
    const key = `${severity}\u0000${kind}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { severity, kind, count: 0, items: [] }));
    group.count++;
    if (group.items.length < ITEMS_PER_GROUP) group.items.push(item);
  };
  for (let i = 0; i < table.count; i++) {
    if (table.noteCount[i] === 0) continue;
    const frame = table.frame[i]!;
    const stream = table.stream(i);
    for (const n of table.notesOf(i)) {
      if (n.kind === UNANSWERED_NOTE.kind && n.text === UNANSWERED_NOTE.text) continue;
      add(n.severity, n.kind, { index: i, frame, stream, text: n.text, field: n.field });
    }
  }
  for (const i of unanswered) {
    add(UNANSWERED_NOTE.severity, UNANSWERED_NOTE.kind, {
      index: i,
      frame: table.frame[i]!,
      stream: table.stream(i),
      text: `${table.typeOf(i).message} never answered`,
      field: null,
    });
  }
  for (const n of looseNotes) {
    add(SEVERITY_CODES[n.severity], n.kind, {
      index: null,
      frame: n.frame,
      stream: n.stream,
      text: n.text,
      field: n.field,
    });
  }
  return [...groups.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.kind.localeCompare(b.kind),
  );
}
