import { plainField } from '../../decoders/core/field';
import type { MessageRecord } from '../../decoders/core/message';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type { FieldNode, MessageDetail } from '../api/peerscope-api';
import { messageRecord, type AnalyzedMessage } from '../engine/message-analysis';
import { GroupReplay, type ReplaySetup } from './group-replay';
import type { FlowBinding, GroupDescriptor } from './load-protocol';
import type { MessageTable } from './message-table';
import { ReplayIndex, ReplayLogReader } from './replay-reader';

/** Replays kept open for stepping through a group (each holds its dissectors' state). */
const OPEN_CURSORS = 4;

/**
 * Decodes messages again on demand from the replay log: details for the UI, whole records for filters the field
 * store cannot decide. Messages are grouped by replay group, and each group is replayed once, up to the last
 * message wanted from it.
 */
export class MessageDecoder {
  private readonly index = new ReplayIndex();
  private readonly groups = new Map<number, GroupDescriptor>();
  private readonly conversations = new Map<number, Map<number, FlowBinding['conversation']>>();
  /** Global message indexes of each group, by their number within the group. */
  private readonly members = new Map<number, number[]>();
  private reader: ReplayLogReader;
  /** Replays left where they stopped, by group, most recently used last. */
  private readonly cursors = new Map<number, GroupReplay>();

  constructor(
    private readonly table: MessageTable,
    replayLogPath: string,
    private readonly setup: () => ReplaySetup,
  ) {
    this.reader = new ReplayLogReader(replayLogPath);
  }

  /** Reads from another log file (a new pass writes a new one). */
  useLog(replayLogPath: string): void {
    this.reader.close();
    this.reader = new ReplayLogReader(replayLogPath);
  }

  /** Takes in a batch's new groups, flow bindings and log runs. */
  addGroups(groups: readonly GroupDescriptor[], bindings: readonly FlowBinding[], runs: Float64Array): void {
    for (const g of groups) this.groups.set(g.group, g);
    for (const b of bindings) {
      let flows = this.conversations.get(b.group);
      if (!flows) this.conversations.set(b.group, (flows = new Map()));
      flows.set(b.flow, b.conversation);
    }
    this.index.add(runs);
  }

  /** Forgets everything (the capture is read again into a new log). */
  clear(): void {
    this.cursors.clear();
    this.groups.clear();
    this.conversations.clear();
    this.members.clear();
    this.index.clear();
    this.reader.close();
  }

  /** Notes which group each new message belongs to (rows `from … table.count`). */
  addRows(from: number): void {
    for (let i = from; i < this.table.count; i++) {
      const group = this.table.group[i]!;
      let list = this.members.get(group);
      if (!list) this.members.set(group, (list = []));
      list[this.table.ordinal[i]!] = i;
    }
  }

  close(): void {
    this.reader.close();
  }

  /** Decodes the messages at `indexes` (all loaded), with global numbering. */
  decode(indexes: Iterable<number>): Map<number, AnalyzedMessage> {
    const byGroup = new Map<number, Set<number>>();
    for (const i of indexes) {
      if (i < 0 || i >= this.table.count) throw new RangeError(`message ${i} is not loaded`);
      const group = this.table.group[i]!;
      let wanted = byGroup.get(group);
      if (!wanted) byGroup.set(group, (wanted = new Set()));
      wanted.add(this.table.ordinal[i]!);
    }
    const out = new Map<number, AnalyzedMessage>();
    for (const [group, wanted] of byGroup) {
      const members = this.members.get(group) ?? [];
      for (const [ordinal, m] of this.cursor(group, wanted).take(wanted)) out.set(members[ordinal]!, m);
    }
    return out;
  }

  /** A replay of `group` that can still deliver `wanted`: the one left from before, or a fresh one. */
  private cursor(group: number, wanted: ReadonlySet<number>): GroupReplay {
    let cursor = this.cursors.get(group);
    this.cursors.delete(group);
    if (!cursor || !cursor.reaches(wanted)) {
      const descriptor = this.groups.get(group);
      if (!descriptor) throw new Error(`replay group ${group} is unknown`);
      const members = this.members.get(group) ?? [];
      cursor = new GroupReplay(this.setup(), {
        group: descriptor,
        conversations: this.conversations.get(group) ?? new Map(),
        events: this.reader.events(this.index.of(group)),
        indexOf: (k) => members[k] ?? Number.MAX_SAFE_INTEGER,
      });
    }
    this.cursors.set(group, cursor);
    if (this.cursors.size > OPEN_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return cursor;
  }

  /** The `inspect --json` record of each message, with its final pairing. */
  records(indexes: Iterable<number>): Map<number, MessageRecord> {
    const out = new Map<number, MessageRecord>();
    for (const [i, m] of this.decode(indexes)) out.set(i, messageRecord(m, this.table.pair(i)));
    return out;
  }

  detail(index: number, registry: ProtocolRegistry): MessageDetail {
    const m = this.decode([index]).get(index);
    if (!m) throw new Error(`message ${index} could not be decoded again from the replay log`);
    return detailOf(m, this.table.pair(index), registry);
  }
}

export function detailOf(m: AnalyzedMessage, pair: AnalyzedMessage['pair'], registry: ProtocolRegistry): MessageDetail {
  const declaration = registry.declaration(m.decoded.protocol);
  const message = declaration?.message(m.decoded.message);
  return {
    record: messageRecord(m, pair),
    tree: plainField(m.decoded.tree) as FieldNode,
    sources: byteSources(m.decoded),
    summary: declaration
      ? `${declaration.title} ${m.decoded.message}${message ? `: ${message.summary}` : ''}`
      : `${m.decoded.protocol} ${m.decoded.message}`,
  };
}

export function byteSources(decoded: AnalyzedMessage['decoded']): { name: string; base64: string }[] {
  return [
    { name: 'message', base64: Buffer.from(decoded.bytes).toString('base64') },
    ...(decoded.sources ?? []).map((s) => ({ name: s.name, base64: Buffer.from(s.bytes).toString('base64') })),
  ];
}
