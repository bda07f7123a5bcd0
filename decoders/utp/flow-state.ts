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
 * What the Portal and uTP sessions of one discv5 flow share: the streams announced by Portal messages, and the uTP
 * connections seen. Whichever comes first, the other finds it: a packet its announcement, an announcement a
 * connection whose SYN was captured out of order.
 */
export class UtpFlowState {
  readonly connections: UtpConnection[] = [];
  private waiting: UtpStreamAnnouncement[] = [];

  announce(a: UtpStreamAnnouncement): void {
    const connection = this.connections.find((c) => c.fits(a));
    if (connection) connection.attach(a);
    else this.waiting.push(a);
  }

  /** The connection a packet belongs to, created (and linked to its announcement) when it is the first one seen. */
  connectionFor(direction: 0 | 1, header: UtpHeader): { connection: UtpConnection; created: boolean } {
    const id = header.connectionId;
    const existing = this.connections.find((c) => c.matches(direction, id, header.type));
    if (existing) {
      existing.learn(direction, id, header.type);
      return { connection: existing, created: false };
    }
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
    this.connections.push(connection);
    return { connection, created: true };
  }

  /** Announcements whose stream has not shown up in time are reported missing (once). */
  sweep(at: StreamPosition): void {
    const late = this.waiting.filter((a) => at.time - a.at.time > STREAM_SETUP_WAIT_SECONDS);
    if (late.length === 0) return;
    this.waiting = this.waiting.filter((a) => !late.includes(a));
    for (const a of late) {
      a.missing(at, `no uTP packet with connection id ${a.connectionId} within ${STREAM_SETUP_WAIT_SECONDS} s`);
    }
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
