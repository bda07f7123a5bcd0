import type { StreamPosition } from '../core/dissector';
import type { TalkFlow, TalkHost } from '../discv5/talk';
import { UtpConnection } from './connection';
import type { UtpHeader } from './packet-format';
import { ST_SYN } from './packet-format';
import type { UtpStreamAnnouncement } from './stream-announcement';

/**
 * How long after an announcement its stream may take to start before it counts as missing. The initiator opens the
 * stream right after the Content/Accept arrives; clients give up on a silent peer after about 15 s (trin, fluffy).
 */
export const STREAM_SETUP_WAIT_SECONDS = 15;

/**
 * How long a closed connection is kept after its last packet, to recognise late packets (a retransmitted FIN, its
 * acknowledgement) as its own; after that it is forgotten, so a long capture does not keep every transfer.
 */
export const CLOSED_LINGER_SECONDS = 60;
/** Closed connections kept per flow however recent: late packets come for the last ones, not for many back. */
export const CLOSED_KEPT = 4;

/**
 * What the Portal and uTP sessions of one discv5 flow share: the streams announced by Portal messages, and the uTP
 * connections seen. Whichever comes first, the other finds it: a packet its announcement, an announcement a
 * connection whose SYN was captured out of order.
 */
export class UtpFlowState {
  connections: UtpConnection[] = [];
  private waiting: UtpStreamAnnouncement[] = [];

  announce(a: UtpStreamAnnouncement): void {
    const connection = this.connections.find((c) => c.fits(a));
    if (connection) connection.attach(a);
    else this.waiting.push(a);
  }

  /** The connection a packet belongs to, created (and linked to its announcement) when it is the first one seen. */
  connectionFor(
    direction: 0 | 1,
    header: UtpHeader,
    at: StreamPosition,
  ): { connection: UtpConnection; created: boolean } {
    const { connection, created } = this.findOrOpen(direction, header);
    connection.lastSeen = at.time;
    return { connection, created };
  }

  private findOrOpen(direction: 0 | 1, header: UtpHeader): { connection: UtpConnection; created: boolean } {
    const id = header.connectionId;
    const existing = this.connections.find((c) => !c.replaced && c.matches(direction, id, header.type));
    if (existing && !existing.reopenedBy(direction, header.type, header.seqNr)) {
      existing.learn(direction, id, header.type);
      return { connection: existing, created: false };
    }
    // A 16-bit id may come back on the same pair once its connection closed: the new SYN starts a new one.
    if (existing) existing.replaced = true;
    const announced = this.claim(direction, id, header.type);
    let connection: UtpConnection;
    if (announced) {
      connection = UtpConnection.opened(announced.initiator, announced.connectionId);
      connection.attach(announced);
    } else if (header.type === ST_SYN) {
      connection = UtpConnection.opened(direction, id);
    } else {
      connection = UtpConnection.seenFrom(direction, id);
    }
    this.retireOverlapping(connection);
    this.connections.push(connection);
    return { connection, created: true };
  }

  /**
   * Closed connections whose ids a new one sends (an id drawn again, or one next to it) are done with: a packet
   * with those ids belongs to the new connection.
   */
  private retireOverlapping(connection: UtpConnection): void {
    for (const c of this.connections) {
      if (!c.closed) continue;
      if ([0, 1].some((d) => c.sendIds[d] !== null && c.sendIds[d] === connection.sendIds[d])) c.replaced = true;
    }
  }

  /**
   * Announcements whose stream has not shown up in time are reported missing (once); connections closed for a while,
   * or behind more recent closed ones, are forgotten (those the end of the flow must still report stay).
   */
  sweep(at: StreamPosition): void {
    this.forgetClosed(at);
    const late = this.waiting.filter((a) => at.time - a.at.time > STREAM_SETUP_WAIT_SECONDS);
    if (late.length === 0) return;
    this.waiting = this.waiting.filter((a) => !late.includes(a));
    for (const a of late) {
      a.missing(at, `no uTP packet with connection id ${a.connectionId} within ${STREAM_SETUP_WAIT_SECONDS} s`);
    }
  }

  private forgetClosed(at: StreamPosition): void {
    const finished = this.connections.filter((c) => c.closed && (c.contentRead || !c.announcement));
    const excess = finished.length - CLOSED_KEPT;
    const forgotten = finished.filter((c, i) => i < excess || at.time - c.lastSeen > CLOSED_LINGER_SECONDS);
    if (forgotten.length > 0) this.connections = this.connections.filter((c) => !forgotten.includes(c));
  }

  /** The flow ended: every announcement still waiting is missing. */
  end(at: StreamPosition): void {
    const left = this.waiting;
    this.waiting = [];
    for (const a of left) a.missing(at, `no uTP packet with connection id ${a.connectionId} before the flow ended`);
  }

  private claim(direction: 0 | 1, id: number, type: number): UtpStreamAnnouncement | undefined {
    const index = this.waiting.findIndex((a) => {
      const probe = UtpConnection.opened(a.initiator, a.connectionId);
      return probe.matches(direction, id, type);
    });
    if (index < 0) return undefined;
    return this.waiting.splice(index, 1)[0];
  }
}

const flows = new WeakMap<TalkFlow, UtpFlowState>();

/**
 * The shared state of the flow `host` belongs to: the discv5 dissector opens one session per carried protocol per
 * flow, and gives them the same `flow` (see TalkFlow), so the Portal and uTP sessions find each other's state.
 */
export function utpFlowState(host: TalkHost): UtpFlowState {
  let state = flows.get(host.flow);
  if (!state) {
    state = new UtpFlowState();
    flows.set(host.flow, state);
  }
  return state;
}
