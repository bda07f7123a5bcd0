import { bytesEqual, copyBytes } from '../core/bytes';
import { seqAdd, seqAhead, seqBefore } from './sequence-numbers';

/** What became of one ST_DATA packet's payload. */
export type DataArrival =
  /** In order: the payload sits at `offset` of the reassembled stream. */
  | { kind: 'delivered'; offset: number }
  /** Out of order: kept until the packet `waitingFor` arrives. */
  | { kind: 'held'; waitingFor: number }
  /** The same sequence number with the same bytes again. */
  | { kind: 'retransmission'; offset: number | null }
  /** The same sequence number with other bytes: the first copy is kept. */
  | { kind: 'conflict'; offset: number | null }
  /** At or after the sender's FIN. */
  | { kind: 'after-fin'; finSeq: number }
  /** Before the first data packet of the stream. */
  | { kind: 'before-start'; start: number }
  /** Inside the stream, but after it was closed and its bytes let go: not compared with them. */
  | { kind: 'after-close' };

/** How far back an out-of-order packet may move a guessed stream start (a reordered first packet). */
const REORDER_WINDOW = 1024;

/**
 * The data one side of a uTP connection sends, reassembled by sequence number: packets out of order wait for the
 * gap before them, duplicates are recognised, and the sender's ST_FIN marks the end (its seq_nr follows the last
 * data packet, BEP29 "ST_FIN").
 *
 * Where the data starts: the initiator's first data packet follows its SYN (seq_nr + 1). The acceptor's follows its
 * SYN-ACK, at the same seq_nr in libutp and one later in other clients (Ultralight), so for the acceptor the SYN-ACK
 * only gives a floor, and the first data packet seen a guess that an earlier (reordered) one may still move back.
 */
export class UtpDataStream {
  private start: number | null = null;
  private startIsGuess = true;
  private floor: number | null = null;
  private readonly packets = new Map<number, Uint8Array>();
  private readonly offsets = new Map<number, number>();
  private contiguous = 0;
  /** The data in order, with room to grow: a reader checks it after every packet, so it is appended to, not joined. */
  private buffer = new Uint8Array(0);
  /** Bytes reassembled in order so far. */
  length = 0;
  finSeq: number | null = null;
  /** Set once the content was read: the start no longer moves, so offsets already shown stay true. */
  frozen = false;
  /** The data was found to start one after the SYN-ACK's seq_nr (see `finAcknowledged`). */
  startedAfterFloor = false;
  /** The receiver acknowledged the sender's ST_FIN. */
  finAcked = false;
  /** The bytes were let go (see `release`); `missing` as it was then. */
  private released: { missing: number } | null = null;

  /** The first data packet's sequence number is known (the initiator's: SYN seq_nr + 1). */
  startAt(seq: number): void {
    if (!this.startIsGuess || this.frozen) return;
    this.start = seq;
    this.startIsGuess = false;
    this.rebuild();
  }

  /**
   * Data starts at `seq` or the one after (the acceptor's SYN-ACK seq_nr): later packets wait for it, and if the
   * sender numbered from `seq` + 1 instead, its FIN shows that (see `fin`).
   */
  startNoEarlierThan(seq: number): void {
    if (this.floor !== null || !this.startIsGuess || this.frozen) return;
    this.floor = seq;
    this.start = seq;
    this.rebuild();
  }

  add(seq: number, payload: Uint8Array): DataArrival {
    if (this.finSeq !== null && !seqBefore(seq, this.finSeq)) return { kind: 'after-fin', finSeq: this.finSeq };
    const lowest = this.startIsGuess ? this.floor : this.start;
    if (lowest !== null && seqBefore(seq, lowest)) return { kind: 'before-start', start: lowest };
    if (this.released) return { kind: 'after-close' };
    const known = this.packets.get(seq);
    if (known) {
      const offset = this.offsets.get(seq) ?? null;
      return bytesEqual(known, payload) ? { kind: 'retransmission', offset } : { kind: 'conflict', offset };
    }
    this.packets.set(seq, copyBytes(payload));
    if (this.start === null) {
      this.start = seq;
    } else if (
      this.startIsGuess &&
      !this.frozen &&
      seqBefore(seq, this.start) &&
      seqAhead(seq, this.start) <= REORDER_WINDOW
    ) {
      this.start = seq;
      this.rebuild();
    }
    this.advance();
    const offset = this.offsets.get(seq);
    return offset !== undefined
      ? { kind: 'delivered', offset }
      : { kind: 'held', waitingFor: seqAdd(this.start, this.contiguous) };
  }

  /** The sender's ST_FIN: data ends before `seq`. The first FIN counts. */
  fin(seq: number): void {
    this.finSeq ??= seq;
    this.advance();
  }

  /**
   * The receiver acknowledged the FIN, so it has every data packet. If the one at the SYN-ACK's seq_nr is still not
   * here while the rest is, the sender numbered from seq_nr + 1 (Ultralight) rather than seq_nr (libutp), or the
   * capture missed that packet: the two look alike, so the data is read from the next one, and that is flagged.
   */
  finAcknowledged(): void {
    this.finAcked = true;
    if (this.finSeq === null || this.floor === null || !this.startIsGuess || this.frozen) return;
    const next = seqAdd(this.floor, 1);
    if (this.start === this.floor && !this.packets.has(this.floor) && this.packets.has(next)) {
      this.start = next;
      this.startedAfterFloor = true;
      this.rebuild();
    }
  }

  /** Whether the sender finished and every packet before its FIN arrived. */
  get complete(): boolean {
    if (this.finSeq === null) return false;
    if (this.start === null) return this.packets.size === 0;
    return seqAhead(this.start, this.finSeq) === this.contiguous;
  }

  /** Packets between the stream start and the FIN that never arrived (when the FIN is known). */
  get missing(): number {
    if (this.released) return this.released.missing;
    if (this.finSeq === null || this.start === null) return 0;
    const total = seqAhead(this.start, this.finSeq);
    let got = 0;
    for (const seq of this.packets.keys()) if (seqAhead(this.start, seq) < total) got++;
    return total - got;
  }

  /**
   * Lets the bytes go once nothing will read them again (the content was read and the stream closed): a capture
   * holds many finished transfers, and keeping them would hold all their data. Lengths and sequence numbers stay.
   */
  release(): void {
    if (this.released) return;
    this.released = { missing: this.missing };
    this.frozen = true;
    this.packets.clear();
    this.offsets.clear();
    this.buffer = new Uint8Array(0);
  }

  /** Sequence number of the first data packet, when any arrived. */
  get firstSeq(): number | null {
    return this.start;
  }

  /** The bytes in order so far (they stay as they are: later data goes after them); none once released. */
  get bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** Stream offset of the packet `seq`, once it is in order. */
  offsetOf(seq: number): number | null {
    return this.offsets.get(seq) ?? null;
  }

  private rebuild(): void {
    this.offsets.clear();
    // A new buffer: bytes handed out before keep what they said.
    this.buffer = new Uint8Array(this.buffer.length);
    this.length = 0;
    this.contiguous = 0;
    this.advance();
  }

  private advance(): void {
    if (this.start === null) return;
    for (;;) {
      const seq = seqAdd(this.start, this.contiguous);
      if (this.finSeq !== null && seq === this.finSeq) return;
      const payload = this.packets.get(seq);
      if (!payload) return;
      this.offsets.set(seq, this.length);
      this.append(payload);
      this.contiguous++;
    }
  }

  private append(payload: Uint8Array): void {
    const needed = this.length + payload.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.buffer.length));
      grown.set(this.bytes);
      this.buffer = grown;
    }
    this.buffer.set(payload, this.length);
    this.length = needed;
  }
}
