import type { Direction, StreamPosition } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { Note } from '../../../decoders/core/notes';
import type { PairInfo } from '../../../decoders/core/pairing';
import { ProtocolRegistry } from '../../../decoders/core/registry';
import type { TalkHost, TalkProtocol, TalkSession } from '../../../decoders/discv5/talk';
import { portal } from '../../../decoders/portal';
import { utp, UTP_PROTOCOL_ID } from '../../../decoders/utp';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';

type EnrMap = ReadonlyMap<string, Uint8Array>;

/**
 * One discv5 flow as the discv5 dissector presents it to carried protocols, without discv5: a TalkHost per carried
 * protocol over the real analysis stage (numbering, pairing by the declarations, notes), the same `flow` object for
 * both, and ENRs the test sets. Feed TALKREQ/TALKRESP payloads, read the records as `inspect --json` prints them.
 */
export class TalkFlow {
  readonly analyzed: AnalyzedMessage[] = [];
  readonly streamNotes: { direction: Direction; note: Note }[] = [];
  /** ENR key/values of the node sending in each direction. */
  enrs: [EnrMap | undefined, EnrMap | undefined] = [undefined, undefined];
  private readonly finalPair = new Map<number, PairInfo>();
  private readonly analysis: MessageAnalysis;
  private readonly sessions = new Map<TalkProtocol, TalkSession>();
  private readonly flow = {};
  private readonly routes = new Map<string, Uint8Array>();
  private nextId = 1;
  private frame = 0;
  /** Seconds since the start; each payload advances it by `step`. */
  time = 1_700_000_000;
  step = 0.01;

  constructor() {
    this.analysis = new MessageAnalysis(
      {
        message: (m) => this.analyzed.push(m),
        pairUpdate: (index, pair) => this.finalPair.set(index, pair),
        streamNote: (_c, direction, note) => this.streamNotes.push({ direction, note }),
      },
      new ProtocolRegistry().register(portal).register(utp),
      new KeyStore(),
    );
  }

  /** A TALKREQ from `direction`; returns its request id. */
  request(direction: Direction, protocolId: Uint8Array, payload: Uint8Array, requestId = this.newId()): string {
    this.routes.set(`${direction}#${requestId}`, protocolId);
    const protocol = protocolId.length === 3 ? utp : portal;
    this.session(protocol).talk(direction, { kind: 'request', requestId, protocolId, payload, sources: [] }, this.at());
    return requestId;
  }

  /** The TALKRESP to request `requestId`, sent from `direction` (the other side of the request). */
  response(direction: Direction, requestId: string, payload: Uint8Array): void {
    const protocolId = this.routes.get(`${direction === 0 ? 1 : 0}#${requestId}`) ?? null;
    const protocol = protocolId && protocolId.length === 3 ? utp : portal;
    this.session(protocol).talk(
      direction,
      { kind: 'response', requestId, protocolId, payload, sources: [] },
      this.at(),
    );
  }

  /** A uTP packet (TALKREQ with protocol `utp`). */
  utp(direction: Direction, packet: Uint8Array): string {
    return this.request(direction, UTP_PROTOCOL_ID, packet);
  }

  /** Lets time pass without traffic. */
  wait(seconds: number): void {
    this.time += seconds;
  }

  /** The flow ended (as the discv5 dissector would say at the end of a capture). */
  end(): void {
    const at = this.at();
    for (const session of this.sessions.values()) session.end?.(at);
    this.analysis.finish();
  }

  records(): MessageRecord[] {
    return this.analyzed.map((m) => messageRecord(m, this.finalPair.get(m.index) ?? m.pair));
  }

  last(): MessageRecord {
    return this.records().at(-1)!;
  }

  private session(protocol: TalkProtocol): TalkSession {
    let session = this.sessions.get(protocol);
    if (!session) {
      const base = this.analysis.host({ stream: 'udp:1', endpoints: ['10.0.0.1:9000', '10.0.0.2:9000'] }, protocol);
      const host: TalkHost = {
        ...base,
        flow: this.flow,
        enr: (direction) => this.enrs[direction],
      };
      session = protocol.open(host);
      this.sessions.set(protocol, session);
    }
    return session;
  }

  private newId(): string {
    return (this.nextId++).toString(16).padStart(2, '0');
  }

  private at(): StreamPosition {
    this.time += this.step;
    return { frame: ++this.frame, time: this.time };
  }
}
