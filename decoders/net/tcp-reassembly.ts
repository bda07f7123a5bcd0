import type { Severity } from '../core/notes';
import { copyBytes } from '../core/bytes';
import type { FrameInfo, TcpEndReason } from './types';
import { UnackedBytes } from './unacked-bytes';

/** Where one direction's reassembled stream goes. */
export interface TcpStreamOutput {
  data(bytes: Uint8Array, at: FrameInfo): void;
  gap(length: number, at: FrameInfo): void;
  end(how: TcpEndReason, at: FrameInfo): void;
  note(severity: Severity, kind: string, text: string, at: FrameInfo): void;
}

export interface ReassemblyLimits {
  /** Out-of-order bytes held per direction before the first hole is declared a gap. */
  maxOutOfOrderBytes: number;
  /** Out-of-order segments held per direction (many tiny segments cost more than their bytes). */
  maxOutOfOrderSegments: number;
  /** Delivered, unacknowledged bytes kept per direction to compare retransmissions with (0: no check). */
  maxUnackedBytes: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxOutOfOrderBytes: 4 * 1024 * 1024,
  maxOutOfOrderSegments: 4096,
  maxUnackedBytes: 256 * 1024,
};

/**
 * The largest distance ahead of what was seen that a sequence or acknowledgment number may jump: the largest
 * window TCP can advertise (65535 << 14). Anything further is not this connection's traffic.
 */
const MAX_JUMP = 2 ** 30;

/** Bytes waiting for the hole before them; `bytes` null marks bytes that were on the wire but not captured. */
interface HeldSegment {
  start: number;
  end: number;
  bytes: Uint8Array | null;
}

/**
 * One direction of a TCP connection put back in order (RFC 9293 §3.10.7.4): sequence numbers become absolute
 * stream offsets (a JS number, so 32-bit wrap-around disappears), retransmitted and overlapping bytes are
 * dropped (the first copy wins), out-of-order segments wait for the hole before them, and a hole becomes a gap
 * once it is certain the bytes will not come: the peer acknowledged past it, a reset, the hold limit, or the end
 * of the capture.
 */
export class TcpStreamReassembler {
  private started = false;
  /** Sequence number of stream offset 0 (the byte after the SYN, or the first byte seen). */
  private base = 0;
  /** Stream offset of the next byte to deliver. */
  private next = 0;
  /** Highest stream offset any segment or acknowledgment reached: the frontier for plausibility checks. */
  private frontier = 0;
  private finOffset = -1;
  private ended = false;
  private held: HeldSegment[] = [];
  private heldBytes = 0;
  private readonly unacked: UnackedBytes;

  constructor(
    private readonly out: TcpStreamOutput,
    private readonly limits: ReassemblyLimits,
  ) {
    this.unacked = new UnackedBytes(limits.maxUnackedBytes);
  }

  get hasStarted(): boolean {
    return this.started;
  }

  /** Sequence number of stream offset 0 (meaningful once started). */
  get initialSequence(): number {
    return this.base;
  }

  /**
   * One segment of this direction. `captured` holds the data bytes the capture kept, which may be fewer than
   * the `length` that was on the wire.
   */
  segment(seq: number, syn: boolean, fin: boolean, captured: Uint8Array, length: number, at: FrameInfo): void {
    const dataSeq = syn ? (seq + 1) >>> 0 : seq;
    if (!this.started) {
      this.started = true;
      this.base = dataSeq;
    }
    if (this.ended) {
      if (length > 0 && this.finOffset >= 0 && this.offsetOf(dataSeq) >= this.finOffset) {
        this.out.note('warning', 'tcp.data-after-fin', `${length} bytes sent after the FIN were ignored`, at);
      }
      return;
    }
    const start = this.offsetOf(dataSeq);
    if (start - this.frontier > MAX_JUMP) {
      this.out.note(
        'warning',
        'tcp.out-of-window',
        `segment ${start - this.next} bytes ahead of the stream was ignored`,
        at,
      );
      return;
    }
    if (length > 0) this.addData(start, captured, length, at);
    if (fin) this.sawFin(start + length, at);
    this.deliverHeld(at);
  }

  /** The peer acknowledged `ack`: bytes it covers that the capture never had are certainly missing. */
  acknowledged(ack: number, at: FrameInfo): void {
    if (!this.started || this.ended) return;
    const offset = this.offsetOf(ack);
    this.unacked.release(offset);
    if (offset <= this.next || offset - Math.max(this.frontier, this.next) > MAX_JUMP) return;
    if (offset > this.frontier) this.frontier = offset;
    // An ACK of the FIN covers one sequence number that carries no byte.
    this.fillTo(this.finOffset >= 0 ? Math.min(offset, this.finOffset) : offset, at);
    this.endIfFinished(at);
  }

  /** The connection was reset: nothing more will arrive. */
  reset(at: FrameInfo): void {
    if (this.ended) return;
    this.fillTo(this.heldEnd(), at);
    if (!this.ended) this.finishWith('rst', at);
  }

  /** No more packets of this direction will be seen (end of capture, or its 4-tuple was reused). */
  finish(at: FrameInfo): void {
    if (this.ended) return;
    // Reaching a known FIN ends the direction with 'fin' on the way.
    this.fillTo(Math.max(this.heldEnd(), this.finOffset), at);
    if (!this.ended) this.finishWith('capture-end', at);
  }

  /** Stream offset of sequence number `seq`: the one nearest to the next expected byte. */
  private offsetOf(seq: number): number {
    return this.next + ((seq - ((this.base + this.next) >>> 0)) | 0);
  }

  private addData(start: number, captured: Uint8Array, length: number, at: FrameInfo): void {
    let end = start + length;
    if (this.finOffset >= 0 && end > this.finOffset) {
      this.out.note(
        'warning',
        'tcp.data-after-fin',
        `${end - this.finOffset} bytes sent after the FIN were ignored`,
        at,
      );
      end = this.finOffset;
      if (captured.length > end - start) captured = captured.subarray(0, Math.max(0, end - start));
    }
    if (end > this.frontier) this.frontier = end;
    if (start < this.next) {
      // A retransmission, whole or in part: compare what was delivered, keep only what is new.
      if (this.unacked.differs(captured, start)) this.noteRewrite(at);
      if (end <= this.next) return;
      captured = captured.subarray(Math.min(captured.length, this.next - start));
      start = this.next;
    }
    if (start === this.next && this.held.length === 0) {
      this.deliverInOrder(start, end, captured, at);
      return;
    }
    this.hold(start, end, captured, at);
  }

  /** The common case: the segment continues the stream and nothing waits. */
  private deliverInOrder(start: number, end: number, captured: Uint8Array, at: FrameInfo): void {
    if (captured.length > 0) this.deliver(captured, at);
    // The tail the capture cut off (snaplen) was on the wire: a certain gap.
    if (start + captured.length < end) this.declareGap(end - this.next, at);
  }

  private hold(start: number, end: number, captured: Uint8Array, at: FrameInfo): void {
    const capturedEnd = start + captured.length;
    this.insertHeld(start, capturedEnd, captured, at);
    if (capturedEnd < end) this.insertHeld(capturedEnd, end, null, at);
    while (this.heldBytes > this.limits.maxOutOfOrderBytes || this.held.length > this.limits.maxOutOfOrderSegments) {
      // Over the limit: the first hole is given up as lost.
      this.fillTo(this.held[0]!.start, at);
      this.deliverHeld(at);
    }
  }

  /** Adds the parts of [start, end) not yet held (earlier bytes win), copying them out of the frame. */
  private insertHeld(start: number, end: number, bytes: Uint8Array | null, at: FrameInfo): void {
    const held = this.held;
    let i = held.length;
    while (i > 0 && held[i - 1]!.end > start) i--;
    let cursor = start;
    let rewritten = false;
    while (cursor < end) {
      const next = held[i];
      const holeEnd = next === undefined ? end : Math.min(end, next.start);
      if (cursor < holeEnd) {
        const copy = bytes === null ? null : copyBytes(bytes, cursor - start, holeEnd - start);
        held.splice(i, 0, { start: cursor, end: holeEnd, bytes: copy });
        if (copy !== null) this.heldBytes += copy.length;
        i++;
        cursor = holeEnd;
        continue;
      }
      if (next === undefined) break;
      const overlapEnd = Math.min(end, next.end);
      if (bytes !== null && next.bytes !== null && !rewritten) {
        rewritten = differsAt(next.bytes, cursor - next.start, bytes, cursor - start, overlapEnd - cursor);
      }
      cursor = overlapEnd;
      i++;
    }
    if (rewritten) this.noteRewrite(at);
  }

  /** Delivers held segments that the stream has reached. */
  private deliverHeld(at: FrameInfo): void {
    const held = this.held;
    while (held.length > 0 && held[0]!.start <= this.next) {
      const segment = held.shift()!;
      if (segment.bytes !== null) this.heldBytes -= segment.bytes.length;
      if (segment.end <= this.next) continue;
      const skip = this.next - segment.start;
      if (segment.bytes === null) this.declareGap(segment.end - this.next, at);
      else this.deliver(segment.bytes.subarray(skip), at);
    }
    this.endIfFinished(at);
  }

  /** Everything before `target` is certain: holes become gaps, held bytes are delivered. */
  private fillTo(target: number, at: FrameInfo): void {
    while (!this.ended && this.next < target) {
      const first = this.held[0];
      if (first !== undefined && first.start <= this.next) {
        this.deliverHeld(at);
        continue;
      }
      const holeEnd = first === undefined ? target : Math.min(target, first.start);
      this.declareGap(holeEnd - this.next, at);
    }
    this.deliverHeld(at);
  }

  private deliver(bytes: Uint8Array, at: FrameInfo): void {
    this.unacked.append(bytes, this.next);
    this.next += bytes.length;
    this.out.data(bytes, at);
  }

  private declareGap(length: number, at: FrameInfo): void {
    this.next += length;
    this.unacked.forget(this.next);
    this.out.gap(length, at);
  }

  private sawFin(offset: number, at: FrameInfo): void {
    if (this.finOffset < 0) {
      this.finOffset = offset;
      if (offset > this.frontier) this.frontier = offset;
      // Held bytes past the FIN were never part of the stream.
      while (this.held.length > 0 && this.held[this.held.length - 1]!.end > offset) {
        const last = this.held.pop()!;
        if (last.bytes !== null) this.heldBytes -= last.bytes.length;
        if (last.start < offset) {
          this.held.push({
            start: last.start,
            end: offset,
            bytes: last.bytes?.subarray(0, offset - last.start) ?? null,
          });
          if (last.bytes !== null) this.heldBytes += offset - last.start;
        }
      }
    } else if (offset !== this.finOffset) {
      this.out.note(
        'warning',
        'tcp.fin-moved',
        `a second FIN at stream offset ${offset}, the first was at ${this.finOffset}`,
        at,
      );
    }
  }

  private endIfFinished(at: FrameInfo): void {
    if (!this.ended && this.finOffset >= 0 && this.next >= this.finOffset) this.finishWith('fin', at);
  }

  private finishWith(how: TcpEndReason, at: FrameInfo): void {
    this.ended = true;
    this.held = [];
    this.heldBytes = 0;
    this.unacked.dispose();
    this.out.end(how, at);
  }

  private heldEnd(): number {
    return this.held.length > 0 ? this.held[this.held.length - 1]!.end : this.next;
  }

  private noteRewrite(at: FrameInfo): void {
    this.out.note(
      'warning',
      'tcp.retransmission.mismatch',
      'retransmitted bytes differ from the first copy, which is kept',
      at,
    );
  }
}

function differsAt(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return true;
  return false;
}
