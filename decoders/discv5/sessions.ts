import { bytesEqual, toHex } from '../core/bytes';
import type { SessionKeys } from './session-keys';

/**
 * Sessions per node pair and the WHOAREYOU challenges that handshakes answer, for a whole capture: a session
 * belongs to two nodes, not to a UDP flow (discv5-theory.md "Sessions"), so any flow between them may use it.
 */

/** A WHOAREYOU as seen: its challenge-data (masking-iv || unmasked header) and who must answer it. */
export interface Challenge {
  /** The WHOAREYOU's recipient, who answers with a handshake as its initiator. */
  initiatorId: Uint8Array;
  challengeData: Uint8Array;
  frame: number;
  /** The flow it was seen in, to prefer challenges of the handshake's own flow. */
  flow: object;
}

export interface Session {
  initiatorId: Uint8Array;
  recipientId: Uint8Array;
  /** Null when the handshake was seen but its keys could not be derived. */
  keys: SessionKeys | null;
  /** For the notes: where the keys came from (or which key they need). */
  origin: string;
  /** The handshake's ephemeral key as hex, or the key-log line's token. */
  token: string;
  frame: number;
}

/** Enough history for re-handshakes; older entries only cost lookups. */
const KEPT_PER_NODE = 16;

export class SessionTable {
  private readonly challenges = new Map<string, Challenge[]>();
  private readonly sessions = new Map<string, Session[]>();

  addChallenge(challenge: Challenge): void {
    push(this.challenges, toHex(challenge.initiatorId), challenge);
  }

  /** Challenges sent to `initiatorId`, those of `flow` first, newest first within each. */
  challengesFor(initiatorId: Uint8Array, flow: object): Challenge[] {
    const all = this.challenges.get(toHex(initiatorId)) ?? [];
    return [...all.filter((c) => c.flow === flow), ...all.filter((c) => c.flow !== flow)];
  }

  addSession(session: Session): void {
    const list = this.sessions.get(pairKey(session.initiatorId, session.recipientId));
    if (list?.some((s) => s.token === session.token && s.keys !== null)) return;
    push(this.sessions, pairKey(session.initiatorId, session.recipientId), session);
  }

  /** Sessions between two nodes (either having initiated), newest first. */
  between(a: Uint8Array, b: Uint8Array): readonly Session[] {
    return this.sessions.get(pairKey(a, b)) ?? [];
  }

  /** The session a key log names by this token (a handshake's ephemeral key). */
  byToken(a: Uint8Array, b: Uint8Array, token: string): Session | undefined {
    return this.between(a, b).find((s) => s.token === token && s.keys !== null);
  }
}

/** The key the sender of a message uses in `session`: the initiator's key when it is the initiator. */
export function sendingKey(session: Session, senderId: Uint8Array): Uint8Array | null {
  if (!session.keys) return null;
  return bytesEqual(senderId, session.initiatorId) ? session.keys.initiatorKey : session.keys.recipientKey;
}

/** Node ids as hex by array: flows pass the same id arrays packet after packet. */
const idHexes = new WeakMap<Uint8Array, string>();

function idHex(id: Uint8Array): string {
  let hex = idHexes.get(id);
  if (hex === undefined) idHexes.set(id, (hex = toHex(id)));
  return hex;
}

function pairKey(a: Uint8Array, b: Uint8Array): string {
  const x = idHex(a);
  const y = idHex(b);
  return x < y ? `${x}/${y}` : `${y}/${x}`;
}

/** Lists are kept newest first: every packet reads them, far more often than they grow. */
function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.unshift(value);
  if (list.length > KEPT_PER_NODE) list.pop();
  map.set(key, list);
}
