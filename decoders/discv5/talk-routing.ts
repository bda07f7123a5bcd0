import { copyBytes } from '../core/bytes';
import type { ConnectionHost, Direction, Protocol, StreamPosition } from '../core/dissector';
import type { Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { note } from '../core/notes';
import { DISCV5_NOTES } from './note-kinds';
import type { TalkHost, TalkPayload, TalkProtocol, TalkSession } from './talk';

/**
 * TALKREQ/TALKRESP routing (discv5-wire.md "TALKREQ Request (0x05)"): a TALKREQ goes to the registered protocol
 * that handles its protocol bytes, a TALKRESP to the protocol of the TALKREQ it answers. Each flow opens one
 * session per carried protocol, when that protocol first gets a payload. The carried protocol's messages are the
 * messages; the discv5 packet and TALKREQ fields ride along in their tree as an encoding subtree.
 */

export function isTalkProtocol(protocol: Protocol): protocol is TalkProtocol {
  return (
    protocol.transport === 'carried' &&
    typeof (protocol as Partial<TalkProtocol>).handles === 'function' &&
    typeof (protocol as Partial<TalkProtocol>).open === 'function'
  );
}

/** The discv5 side of one TALKREQ/TALKRESP, attached to whatever the carried protocol emits for it. */
export interface TalkContext {
  /** Builds the `discv5` encoding subtree (packet and message-data fields, in their own byte sources). */
  field(): Field;
  sources: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
}

export type TalkOutcome =
  | { handled: true }
  | { handled: false; why: 'unknown-protocol' | 'request-unseen' | 'request-unrouted' }
  | { handled: false; why: 'decoder-error'; protocol: string; error: string };

interface Route {
  protocol: TalkProtocol | null;
  protocolId: Uint8Array;
  /** TALKRESPs still due: set by the first, from the parts its carried message says the answer has. */
  responsesLeft?: number;
}

/** What the carried protocol is handed the payload of, while it decodes it. */
interface Delivery {
  context: TalkContext;
  /** `responseParts` of the response the carried protocol emitted (Portal Nodes with `total` > 1). */
  responseParts?: number;
}

export class TalkRouter {
  private readonly sessions = new Map<TalkProtocol, TalkSession>();
  /** TALKREQs waiting for their TALKRESP, by `${requester direction}#${request id}`. */
  private readonly routes = new Map<string, Route>();
  private delivery: Delivery | null = null;
  /** The identity the carried protocols of this flow share their state on (see TalkFlow). */
  private readonly flow = {};

  constructor(
    private readonly host: ConnectionHost,
    private readonly protocols: () => readonly TalkProtocol[],
    private readonly enr: (direction: Direction) => ReadonlyMap<string, Uint8Array> | undefined,
  ) {}

  request(
    direction: Direction,
    requestId: string,
    protocolId: Uint8Array,
    payload: Uint8Array,
    context: TalkContext,
    at: StreamPosition,
  ): TalkOutcome {
    const protocol = this.protocols().find((p) => p.handles(protocolId)) ?? null;
    this.routes.set(`${direction}#${requestId}`, { protocol, protocolId: copyBytes(protocolId) });
    if (!protocol) return { handled: false, why: 'unknown-protocol' };
    return this.deliver(
      protocol,
      direction,
      { kind: 'request', requestId, protocolId, payload, sources: context.sources },
      context,
      at,
    ).outcome;
  }

  /**
   * A TALKRESP goes where its TALKREQ went. The route stays open while the answer has parts to come: a carried
   * response may say it is one of several (`responseParts`), each its own TALKRESP with the same request id.
   */
  response(
    direction: Direction,
    requestId: string,
    payload: Uint8Array,
    context: TalkContext,
    at: StreamPosition,
  ): TalkOutcome {
    const key = `${direction === 0 ? 1 : 0}#${requestId}`;
    const route = this.routes.get(key);
    if (!route) return { handled: false, why: 'request-unseen' };
    if (!route.protocol) {
      this.routes.delete(key);
      return { handled: false, why: 'request-unrouted' };
    }
    const talk: TalkPayload = {
      kind: 'response',
      requestId,
      protocolId: route.protocolId,
      payload,
      sources: context.sources,
    };
    const { outcome, responseParts } = this.deliver(route.protocol, direction, talk, context, at);
    route.responsesLeft = (route.responsesLeft ?? Math.max(1, responseParts ?? 1)) - 1;
    if (route.responsesLeft <= 0) this.routes.delete(key);
    return outcome;
  }

  /** The flow ended: each carried session may report what it still expected. */
  end(at: StreamPosition): void {
    for (const [protocol, session] of this.sessions) {
      try {
        session.end?.(at);
      } catch (e) {
        // A carried decoder is a plugin: its failure is reported, the other sessions still end.
        const text = `the ${protocol.declaration.name} decoder failed at the end of the flow (${String(e)})`;
        this.host.streamNote(0, note('error', DISCV5_NOTES.talkDecoderError, text), at);
      }
    }
  }

  private deliver(
    protocol: TalkProtocol,
    direction: Direction,
    talk: TalkPayload,
    context: TalkContext,
    at: StreamPosition,
  ): { outcome: TalkOutcome; responseParts?: number } {
    const delivery: Delivery = { context };
    this.delivery = delivery;
    try {
      this.session(protocol).talk(direction, talk, at);
      return {
        outcome: { handled: true },
        ...(delivery.responseParts !== undefined && { responseParts: delivery.responseParts }),
      };
    } catch (e) {
      // A carried decoder is a plugin: its failure must not end the discv5 flow.
      const error = String(e);
      return { outcome: { handled: false, why: 'decoder-error', protocol: protocol.declaration.name, error } };
    } finally {
      this.delivery = null;
    }
  }

  private session(protocol: TalkProtocol): TalkSession {
    let session = this.sessions.get(protocol);
    if (!session) {
      session = protocol.open(this.talkHost(protocol));
      this.sessions.set(protocol, session);
    }
    return session;
  }

  /**
   * Each carried protocol gets its own host: its requests are paired (and looked up) under its own name, on the
   * discv5 request id. `flow` is the same for all protocols of the flow, so they can share per-flow state.
   */
  private talkHost(protocol: TalkProtocol): TalkHost {
    const name = protocol.declaration.name;
    return {
      flow: this.flow,
      keys: this.host.keys,
      streamNote: (direction, note, at) => this.host.streamNote(direction, note, at),
      enr: (direction) => this.enr(direction),
      emit: (direction, message, at) => {
        this.attachDelivery(message);
        this.host.emit(direction, message, at);
      },
      pendingRequest: (responseDirection, requestId) => this.host.pendingRequest(responseDirection, requestId, name),
    };
  }

  /**
   * The discv5 subtree goes first (lower layers first, as Wireshark shows them); its byte sources are added. A
   * response's parts keep its TALKREQ's route open.
   */
  private attachDelivery(message: DecodedMessage): void {
    const delivery = this.delivery;
    if (!delivery) return;
    if (message.responseParts !== undefined) delivery.responseParts = message.responseParts;
    (message.tree.children ??= []).unshift(delivery.context.field());
    const own = message.sources ?? [];
    const added = delivery.context.sources.filter((s) => !own.some((o) => o.name === s.name));
    if (added.length > 0) message.sources = [...own, ...added];
  }
}
