import type { ConnectionDissector, DatagramDissector, TcpProtocol, UdpProtocol } from '../../decoders/core/dissector';
import type { KeyStore } from '../../decoders/core/keys';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import { MessageAnalysis, type AnalyzedMessage, type Conversation } from '../engine/message-analysis';
import { keyStoreOf } from './capture-pass';
import type { FlowBinding, GroupDescriptor, KeyInput } from './load-protocol';
import type { ReplayEvent } from './replay-reader';

/** What a replay needs to decode exactly as the first pass did. */
export interface ReplaySetup {
  registry: ProtocolRegistry;
  keys: KeyInput;
  /** Key-log text from the capture's secrets blocks, each applying after a frame (as in the first pass). */
  secrets: readonly { afterFrame: number; text: string; source: string }[];
}

export interface GroupSource {
  group: GroupDescriptor;
  /** The conversation of each flow of the group that emitted messages. */
  conversations: ReadonlyMap<number, FlowBinding['conversation']>;
  events: Iterator<ReplayEvent>;
  /** The global index of the group's k-th message. */
  indexOf(ordinal: number): number;
}

/** Messages a cursor keeps behind it, so stepping back a few rows decodes nothing. */
const KEPT_BEHIND = 64;

/**
 * Decodes one replay group again: its protocol's dissectors, fresh, fed what the first pass fed them, through a
 * fresh analysis. Pairing is per conversation and discv5's shared knowledge per UDP group, so the messages come
 * out as in the first pass. They are numbered with their global indexes, so notes that name another message
 * (`(#12)`) read the same.
 *
 * A replay is a cursor: it stops at the last message asked for and goes on from there when asked for later ones
 * (a user stepping down the list), keeping the last few messages it passed.
 */
export class GroupReplay {
  private readonly analysis: MessageAnalysis;
  private readonly secrets: SecretsTimeline;
  private readonly tcp = new Map<number, ConnectionDissector>();
  private readonly udp = new Map<number, DatagramDissector>();
  private readonly protocol: TcpProtocol | UdpProtocol;
  /** Messages emitted so far (the next one's ordinal). */
  emitted = 0;
  private exhausted = false;
  private readonly recent = new Map<number, AnalyzedMessage>();

  constructor(
    setup: ReplaySetup,
    private readonly source: GroupSource,
  ) {
    const protocol = setup.registry.get(source.group.protocol);
    if (!protocol || protocol.transport === 'carried') throw new Error(`replay: no protocol ${source.group.protocol}`);
    this.protocol = protocol;
    const { keys } = keyStoreOf(setup.keys);
    this.analysis = new MessageAnalysis(
      {
        message: (m) => {
          this.recent.set(this.emitted++, m);
          if (this.recent.size > KEPT_BEHIND) this.recent.delete(this.recent.keys().next().value!);
        },
        pairUpdate: () => {},
        streamNote: () => {},
      },
      setup.registry,
      keys,
      // The replayed group's messages carry the indexes they had in the whole capture.
      (ordinal) => source.indexOf(ordinal),
    );
    this.secrets = new SecretsTimeline(setup.secrets, keys);
  }

  /** Whether the messages at `ordinals` can still be had from this cursor (kept, or ahead of it). */
  reaches(ordinals: Iterable<number>): boolean {
    for (const k of ordinals) if (k < this.emitted && !this.recent.has(k)) return false;
    return !this.exhausted || [...ordinals].every((k) => this.recent.has(k));
  }

  /** Decodes on until every wanted message has been emitted (or the log ends). */
  take(wanted: ReadonlySet<number>): Map<number, AnalyzedMessage> {
    const found = new Map<number, AnalyzedMessage>();
    const last = Math.max(...wanted);
    while (this.emitted <= last && !this.exhausted) {
      const before = this.emitted;
      this.step();
      for (let k = before; k < this.emitted; k++) if (wanted.has(k)) found.set(k, this.recent.get(k)!);
    }
    for (const k of wanted) if (!found.has(k) && this.recent.has(k)) found.set(k, this.recent.get(k)!);
    return found;
  }

  /** Feeds the next event of the log. */
  private step(): void {
    const next = this.source.events.next();
    if (next.done) {
      this.exhausted = true;
      return;
    }
    const event = next.value;
    this.secrets.before(event.at.frame);
    switch (event.kind) {
      case 'data':
        return this.connection().data(event.dir, event.bytes, event.at);
      case 'gap':
        return this.connection().gap(event.dir, event.length, event.at);
      case 'end':
        return this.connection().end(event.dir, event.at);
      case 'datagram':
        return this.flow(event.flow).datagram(event.dir, event.bytes, event.at);
      case 'flow-end':
        return this.flow(event.flow).end?.(event.at);
    }
  }

  private connection(): ConnectionDissector {
    return this.open(this.tcp, 0);
  }

  private flow(flow: number): DatagramDissector {
    return this.open(this.udp, flow);
  }

  private open<T>(cache: Map<number, T>, flow: number): T {
    let dissector = cache.get(flow);
    if (!dissector) {
      const conversation: Conversation = this.source.conversations.get(flow) ?? {
        // A flow that never emitted: its dissector still runs (it may teach its group), under a name of its own.
        stream: `replay:${this.source.group.group}/${flow}`,
        endpoints: ['', ''],
      };
      dissector = (this.protocol.open as (host: unknown) => T)(this.analysis.host(conversation, this.protocol));
      cache.set(flow, dissector);
    }
    return dissector;
  }
}

/** Adds secrets-block keys as the first pass met them: before the first event of a later frame. */
class SecretsTimeline {
  private next = 0;

  constructor(
    private readonly secrets: ReplaySetup['secrets'],
    private readonly keys: KeyStore,
  ) {}

  before(frame: number): void {
    while (this.next < this.secrets.length && this.secrets[this.next]!.afterFrame < frame) {
      const s = this.secrets[this.next++]!;
      this.keys.addKeyLog(s.text, s.source);
    }
  }
}
