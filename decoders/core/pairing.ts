import type { DeclaredProtocol } from './declaration';

/** `cancelled`: the request was withdrawn by the protocol (an LES StopMsg), so no answer is due. */
export type PairStatus = 'matched' | 'unanswered' | 'orphan' | 'duplicate' | 'mismatch' | 'cancelled';

export interface PairInfo {
  status: PairStatus;
  /** Index of the partner message (the response of a request, the request of a response). */
  index: number | null;
  latencyMs: number | null;
}

/** What the tracker needs to know about one message. */
export interface PairingInput {
  index: number;
  /** Conversation the message belongs to (`tcp:3`). */
  conversation: string;
  /** 0 or 1: which side sent it. A response travels opposite to its request. */
  direction: 0 | 1;
  time: number;
  protocol: DeclaredProtocol;
  message: string;
  /** Null for protocols without ids (Hobbits PING/PONG): those pair first-in first-out per message type. */
  requestId: string | null;
  /**
   * For a response sent as several messages (discv5 NODES, Portal Nodes with `total`): how many the set has. The
   * request stays open until that many arrived; each is matched to it.
   */
  responseParts?: number;
}

export interface PairingResult {
  /** The message's own pairing, or null when it is neither a request nor a response. */
  pair: PairInfo | null;
  /** When this message answered (or wrongly answered) a request: the request's new pairing. */
  requestUpdate?: { index: number; pair: PairInfo };
  /** Human text for the note the engine attaches (duplicate, orphan, mismatch). */
  problem?: { kind: string; text: string };
}

interface Pending {
  index: number;
  time: number;
  message: string;
  expects: readonly string[];
  /** Responses still expected when the answer comes in several messages. */
  partsLeft?: number;
  /** Withdrawn by the protocol (LES StopMsg): not due any more, though a late answer still matches it. */
  cancelled?: boolean;
}

/**
 * The one request/response tracker, fed by the declarations: keyed by conversation, protocol, the requester's
 * direction and request id. Requests start as `unanswered` and are updated when their response arrives.
 */
export class PairingTracker {
  private readonly pending = new Map<string, Pending[]>();

  observe(m: PairingInput): PairingResult {
    const role = m.protocol.roleOf(m.message);
    if (role === 'none') return { pair: null };
    if (role !== 'request') {
      const answered = this.answer(m, role === 'either');
      if (answered) return answered;
      if (role === 'response') {
        return {
          pair: { status: 'orphan', index: null, latencyMs: null },
          problem: { kind: 'pair.orphan', text: `response ${describeId(m.requestId)} without a request` },
        };
      }
    }
    return this.request(m);
  }

  /** The request in flight that a response from `m.direction` with `m.requestId` would answer. */
  pendingRequest(conversation: string, protocol: string, responseDirection: 0 | 1, requestId: string | null) {
    const queue = this.pending.get(key(conversation, protocol, responseDirection === 0 ? 1 : 0, requestId));
    return queue?.[0];
  }

  /**
   * Withdraws a request still waiting (its protocol cancelled it): it will not be reported unanswered, though an
   * answer that comes anyway still matches it. Returns its index, or undefined when no such request waits.
   */
  cancel(conversation: string, protocol: string, requester: 0 | 1, requestId: string): number | undefined {
    const request = this.pending.get(key(conversation, protocol, requester, requestId))?.find((p) => !p.cancelled);
    if (!request) return undefined;
    request.cancelled = true;
    return request.index;
  }

  /** Requests still waiting, e.g. to report them when a conversation ends. */
  *unanswered(): Iterable<{ index: number; message: string }> {
    for (const queue of this.pending.values()) {
      for (const p of queue) if (!p.cancelled) yield { index: p.index, message: p.message };
    }
  }

  private request(m: PairingInput): PairingResult {
    const k = key(m.conversation, m.protocol.name, m.direction, m.requestId, m.message);
    const queue = this.pending.get(k);
    const expects = m.protocol.message(m.message)?.answeredBy ?? [];
    const entry: Pending = { index: m.index, time: m.time, message: m.message, expects };
    if (queue && queue.length > 0 && m.requestId !== null) {
      queue.push(entry);
      return {
        pair: { status: 'duplicate', index: queue[0]!.index, latencyMs: null },
        problem: { kind: 'pair.duplicate', text: `request id ${m.requestId} already in flight (#${queue[0]!.index})` },
      };
    }
    if (queue) queue.push(entry);
    else this.pending.set(k, [entry]);
    return { pair: { status: 'unanswered', index: null, latencyMs: null } };
  }

  /** Matches a response to the oldest pending request with its id sent the other way. */
  private answer(m: PairingInput, alsoRequest: boolean): PairingResult | null {
    const requester = m.direction === 0 ? 1 : 0;
    const candidates = m.requestId === null ? m.protocol.requestsAnsweredBy(m.message) : [undefined];
    for (const requestName of candidates) {
      const k = key(m.conversation, m.protocol.name, requester, m.requestId, requestName);
      const queue = this.pending.get(k);
      const request = queue?.[0];
      if (!queue || !request) continue;
      const fits = request.expects.includes(m.message);
      // A message that may also be a request (HELLO) only answers a request that expects it.
      if (!fits && alsoRequest) return null;
      const firstPart = request.partsLeft === undefined;
      request.partsLeft = (request.partsLeft ?? (fits ? Math.max(1, m.responseParts ?? 1) : 1)) - 1;
      if (request.partsLeft <= 0) {
        queue.shift();
        if (queue.length === 0) this.pending.delete(k);
      }
      const latencyMs = (m.time - request.time) * 1000;
      const status = fits ? 'matched' : 'mismatch';
      const result: PairingResult = { pair: { status, index: request.index, latencyMs } };
      // The request points at the first message of its answer.
      if (firstPart) result.requestUpdate = { index: request.index, pair: { status, index: m.index, latencyMs } };
      if (!fits) {
        result.problem = {
          kind: 'pair.mismatch',
          text: `${m.message} answers ${request.message} (#${request.index}), which expects ${request.expects.join(' or ')}`,
        };
      }
      return result;
    }
    return null;
  }
}

/** Id-less requests queue per message type; the others per id. */
function key(conversation: string, protocol: string, requester: 0 | 1, id: string | null, message?: string): string {
  return id === null
    ? `${conversation}\u0000${protocol}\u0000${requester}\u0000=${message}`
    : `${conversation}\u0000${protocol}\u0000${requester}\u0000#${id}`;
}

function describeId(id: string | null): string {
  return id === null ? '' : `id ${id}`;
}
