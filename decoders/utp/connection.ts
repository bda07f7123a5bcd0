import type { Direction } from '../core/dissector';
import { UtpDataStream } from './data-stream';
import { ST_SYN } from './packet-format';
import { seqAdd } from './sequence-numbers';
import { settledAnnouncement, type UtpStreamAnnouncement } from './stream-announcement';

/**
 * One uTP connection on a discv5 flow, as BEP29 "Connection setup" numbers it: the initiator picks (in Portal:
 * receives out of band) an id, sends ST_SYN with it and every later packet with id + 1; the acceptor sends with the
 * id itself (utp/discv5-utp.md: the announced id is the responder's `connection_id_send`).
 */
export class UtpConnection {
  /** The acceptor's send id (the announced id); null until a SYN, an announcement or both sides' ids tell it. */
  connectionId: number | null = null;
  initiator: Direction | null = null;
  /** The id each side's packets carry (the initiator's SYN aside). */
  readonly sendIds: [number | null, number | null] = [null, null];
  synSeq: number | null = null;
  announcement: UtpStreamAnnouncement | null = null;
  /** The data each side sends, by sender direction. */
  readonly data: [UtpDataStream, UtpDataStream] = [new UtpDataStream(), new UtpDataStream()];
  reset = false;
  /** The announced content was read (once). */
  contentRead = false;
  /** The acceptor's first ST_STATE answering the SYN was seen. */
  synAcked = false;
  /** Capture time of its latest packet. */
  lastSeen = 0;
  /** A newer connection took over its ids (they were reused after it closed): no packet belongs here any more. */
  replaced = false;

  static opened(initiator: Direction, connectionId: number): UtpConnection {
    const c = new UtpConnection();
    c.setRoles(initiator, connectionId);
    return c;
  }

  /** A connection first seen mid-way (no SYN, no announcement): only the id this side sends is known. */
  static seenFrom(direction: Direction, id: number): UtpConnection {
    const c = new UtpConnection();
    c.sendIds[direction] = id;
    return c;
  }

  /** Whether a packet from `direction` carrying `id` (of type `type`) belongs here. */
  matches(direction: Direction, id: number, type: number): boolean {
    if (this.sendIds[direction] === id) return true;
    if (type === ST_SYN && this.initiator === direction && this.connectionId === id) return true;
    // Only one side seen so far: the other side's id is one more or one less (initiator sends id + 1).
    const other = this.sendIds[direction === 0 ? 1 : 0];
    return (
      this.sendIds[direction] === null &&
      this.initiator === null &&
      other !== null &&
      (id === seqAdd(other, 1) || id === seqAdd(other, -1))
    );
  }

  /** Learns the ids from a packet that matched; the sides' roles follow once both ids are known. */
  learn(direction: Direction, id: number, type: number): void {
    if (type === ST_SYN && this.initiator === null) {
      this.setRoles(direction, id);
      return;
    }
    if (this.sendIds[direction] !== null) return;
    this.sendIds[direction] = id;
    const other = this.sendIds[direction === 0 ? 1 : 0];
    if (this.initiator === null && other !== null) {
      // The initiator sends the acceptor's id + 1 (modulo 2^16).
      const sendsLarger = id === seqAdd(other, 1);
      this.setRoles(sendsLarger ? direction : direction === 0 ? 1 : 0, sendsLarger ? other : id);
    }
  }

  /** Reset, or a side sent its ST_FIN: a new ST_SYN with these ids opens another connection (as on a TCP 4-tuple). */
  get closed(): boolean {
    return this.reset || this.data[0].finSeq !== null || this.data[1].finSeq !== null;
  }

  /**
   * Whether a packet is the ST_SYN of a new connection reusing this closed one's ids, rather than a repeat of its
   * own SYN (same side, same seq_nr).
   */
  reopenedBy(direction: Direction, type: number, seq: number): boolean {
    return type === ST_SYN && this.closed && (seq !== this.synSeq || direction !== this.initiator);
  }

  /**
   * Lets the bytes of each side go once its content was read and the side is done (its ST_FIN acknowledged, or the
   * connection reset): nothing reads them again, and a long capture would otherwise keep every transfer's data.
   */
  releaseFinished(): void {
    if (!this.contentRead) return;
    for (const data of this.data) if (data.finAcked || this.reset) data.release();
  }

  /** The announced content was read: the announcement's reader (and the request it holds) is not needed again. */
  markContentRead(): void {
    this.contentRead = true;
    if (this.announcement) this.announcement = settledAnnouncement(this.announcement);
  }

  /** Whether an announcement describes this connection (as far as its ids are known). */
  fits(a: UtpStreamAnnouncement): boolean {
    if (this.announcement) return false;
    if (this.initiator !== null) return this.initiator === a.initiator && this.connectionId === a.connectionId;
    const acceptor = a.initiator === 0 ? 1 : 0;
    const initiatorId = this.sendIds[a.initiator];
    const acceptorId = this.sendIds[acceptor];
    return (
      (initiatorId === null || initiatorId === seqAdd(a.connectionId, 1)) &&
      (acceptorId === null || acceptorId === a.connectionId) &&
      (initiatorId !== null || acceptorId !== null)
    );
  }

  attach(a: UtpStreamAnnouncement): void {
    this.announcement = a;
    if (this.initiator === null) this.setRoles(a.initiator, a.connectionId);
  }

  /** Which side a packet came from, in the connection's terms. */
  roleOf(direction: Direction): 'initiator' | 'acceptor' | null {
    if (this.initiator === null) return null;
    return direction === this.initiator ? 'initiator' : 'acceptor';
  }

  /** The name of the byte source holding what `direction` sent, reassembled. */
  sourceName(direction: Direction): string {
    const id = this.connectionId ?? this.sendIds[direction] ?? 0;
    const role = this.roleOf(direction);
    return `uTP stream ${id}${role ? ` (${role} data)` : ` (direction ${direction})`}`;
  }

  private setRoles(initiator: Direction, connectionId: number): void {
    this.initiator = initiator;
    this.connectionId = connectionId;
    this.sendIds[initiator] = seqAdd(connectionId, 1);
    this.sendIds[initiator === 0 ? 1 : 0] = connectionId;
  }
}
