import type { ConnectionHost, Direction, Protocol, StreamPosition } from '../core/dissector';
import type { Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
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
}

export class TalkRouter {
  private readonly sessions = new Map<TalkProtocol, TalkSession>();
  /** TALKREQs waiting for their TALKRESP, by `${requester direction}#${request id}`. */
  private readonly routes = new Map<string, Route>();
  private context: TalkContext | null = null;

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
    this.routes.set(`${direction}#${requestId}`, { protocol, protocolId: protocolId.slice() });
    if (!protocol) return { handled: false, why: 'unknown-protocol' };
    return this.deliver(
      protocol,
      direction,
      { kind: 'request', requestId, protocolId, payload, sources: context.sources },
      context,
      at,
    );
  }

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
    this.routes.delete(key);
    if (!route.protocol) return { handled: false, why: 'request-unrouted' };
    const talk: TalkPayload = {
      kind: 'response',
      requestId,
      protocolId: route.protocolId,
      payload,
      sources: context.sources,
    };
    return this.deliver(route.protocol, direction, talk, context, at);
  }

  private deliver(
    protocol: TalkProtocol,
    direction: Direction,
    talk: TalkPayload,
    context: TalkContext,
    at: StreamPosition,
  ): TalkOutcome {
    this.context = context;
    try {
      this.session(protocol).talk(direction, talk, at);
      return { handled: true };
    } catch (e) {
      // A carried decoder is a plugin: its failure must not end the discv5 flow.
      return { handled: false, why: 'decoder-error', protocol: protocol.declaration.name, error: String(e) };
    } finally {
      this.context = null;
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
   * Each carried protocol gets its own host (its own request bookkeeping); `flow` is this router, the same for all
   * protocols of the flow, so they can share per-flow state (a Portal Content announcing a uTP connection).
   */
  private talkHost(protocol: TalkProtocol): TalkHost & { readonly flow: object } {
    // Requests this protocol emitted that are not answered yet, for pendingRequest.
    const inFlight = new Map<string, string>();
    return {
      flow: this,
      keys: this.host.keys,
      streamNote: (direction, note, at) => this.host.streamNote(direction, note, at),
      enr: (direction) => this.enr(direction),
      emit: (direction, message, at) => {
        this.track(protocol, inFlight, direction, message);
        this.attachContext(message);
        this.host.emit(direction, message, at);
      },
      pendingRequest: (responseDirection, requestId) => {
        const message = inFlight.get(`${responseDirection === 0 ? 1 : 0}#${requestId}`);
        // The analysis numbers messages after they are emitted and does not tell the carrier the number.
        return message === undefined ? undefined : { index: -1, message };
      },
    };
  }

  private track(
    protocol: TalkProtocol,
    inFlight: Map<string, string>,
    direction: Direction,
    message: DecodedMessage,
  ): void {
    if (message.requestId === null) return;
    const role = protocol.declaration.roleOf(message.message);
    if (role === 'response' || role === 'either') inFlight.delete(`${direction === 0 ? 1 : 0}#${message.requestId}`);
    if (role === 'request' || role === 'either') inFlight.set(`${direction}#${message.requestId}`, message.message);
  }

  /** The discv5 subtree goes first (lower layers first, as Wireshark shows them); its byte sources are added. */
  private attachContext(message: DecodedMessage): void {
    if (!this.context) return;
    (message.tree.children ??= []).unshift(this.context.field());
    const names = new Set((message.sources ?? []).map((s) => s.name));
    message.sources = [...(message.sources ?? []), ...this.context.sources.filter((s) => !names.has(s.name))];
  }
}
