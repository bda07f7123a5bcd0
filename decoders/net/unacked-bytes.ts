/**
 * The most recently delivered bytes of a TCP direction that the peer has not acknowledged yet: the only bytes a
 * retransmission can repeat. Kept so that a retransmission carrying different bytes can be noticed; capped so
 * that a peer that never acknowledges costs no more than `limit` bytes.
 */
export class UnackedBytes {
  private buf: Uint8Array | null = null;
  private head = 0;
  private tail = 0;
  /** Stream offset of the first kept byte. */
  private start = 0;

  constructor(private readonly limit: number) {}

  /** Stream offset just past the kept bytes. */
  get end(): number {
    return this.start + this.tail - this.head;
  }

  /** Keeps `bytes`, delivered at stream offset `offset`; a jump (after a gap) forgets what was kept. */
  append(bytes: Uint8Array, offset: number): void {
    if (this.limit === 0) return;
    if (offset !== this.end) this.forget(offset);
    const n = bytes.length;
    if (n >= this.limit) {
      this.forget(offset + n - this.limit);
      this.reserve(this.limit);
      this.buf!.set(bytes.subarray(n - this.limit), 0);
      this.tail = this.limit;
      return;
    }
    const live = this.tail - this.head;
    if (live + n > this.limit) this.dropOldest(live + n - this.limit);
    this.reserve(n);
    this.buf!.set(bytes, this.tail);
    this.tail += n;
  }

  /** The peer acknowledged everything before `offset`. */
  release(offset: number): void {
    if (offset <= this.start) return;
    if (offset >= this.end) this.forget(offset);
    else this.dropOldest(offset - this.start);
  }

  /**
   * Compares `bytes`, claimed to sit at stream offset `offset`, with the kept bytes they overlap; true when
   * they differ. Bytes no longer kept cannot be checked and count as equal.
   */
  differs(bytes: Uint8Array, offset: number): boolean {
    if (this.buf === null) return false;
    const from = Math.max(offset, this.start);
    const to = Math.min(offset + bytes.length, this.end);
    const buf = this.buf;
    for (let at = from; at < to; at++) {
      if (buf[this.head + at - this.start] !== bytes[at - offset]) return true;
    }
    return false;
  }

  /** Drops everything and restarts at `offset`. */
  forget(offset: number): void {
    this.head = 0;
    this.tail = 0;
    this.start = offset;
  }

  /** Frees the buffer (the direction ended). */
  dispose(): void {
    this.buf = null;
    this.forget(this.end);
  }

  private dropOldest(n: number): void {
    this.head += n;
    this.start += n;
    if (this.head === this.tail) this.forget(this.start);
  }

  /** Room for `n` more bytes at the tail: compact or grow, never beyond `limit`. */
  private reserve(n: number): void {
    const live = this.tail - this.head;
    if (this.buf !== null && this.tail + n <= this.buf.length) return;
    if (this.buf !== null && live + n <= this.buf.length) {
      this.buf.copyWithin(0, this.head, this.tail);
    } else {
      let size = Math.max(this.buf?.length ?? 0, 4096);
      while (size < live + n) size *= 2;
      const grown = new Uint8Array(Math.min(size, this.limit));
      if (this.buf !== null) grown.set(this.buf.subarray(this.head, this.tail));
      this.buf = grown;
    }
    this.head = 0;
    this.tail = live;
  }
}
