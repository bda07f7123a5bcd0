/**
 * The not-yet-decoded bytes of one stream direction. Framing code appends what TCP delivers and takes whole
 * messages off the front; missing bytes (capture gaps) are kept as zero-filled holes with their positions, so a
 * message that straddles a gap can still be framed and flagged.
 */
/**
 * The most an empty buffer keeps: a connection that once carried a huge message should not pin it, while the
 * usual 100-200 KB messages reuse their buffer instead of growing it again each time. Finished connections free
 * theirs altogether.
 */
const IDLE_CAPACITY = 1024 * 1024;

export class StreamBuffer {
  private buf = new Uint8Array(4096);
  private head = 0;
  private tail = 0;
  /** Stream offset of `buf[head]`. */
  offset = 0;
  /** Holes as absolute stream offsets, sorted. */
  private holes: { start: number; end: number }[] = [];

  get length(): number {
    return this.tail - this.head;
  }

  /** A view of the buffered bytes (valid until the next append or take). */
  get bytes(): Uint8Array {
    return this.buf.subarray(this.head, this.tail);
  }

  append(chunk: Uint8Array): void {
    this.reserve(chunk.length);
    this.buf.set(chunk, this.tail);
    this.tail += chunk.length;
  }

  /** Records `length` missing bytes at the end, zero-filled. */
  appendGap(length: number): void {
    const start = this.offset + this.length;
    this.reserve(length);
    this.buf.fill(0, this.tail, this.tail + length);
    this.tail += length;
    this.holes.push({ start, end: start + length });
  }

  /** Holes overlapping the next `n` bytes, relative to the front. */
  holesIn(n: number): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    for (const h of this.holes) {
      if (h.start >= this.offset + n) break;
      if (h.end > this.offset)
        out.push({
          start: Math.max(h.start, this.offset) - this.offset,
          end: Math.min(h.end, this.offset + n) - this.offset,
        });
    }
    return out;
  }

  /** Removes and returns a copy of the next `n` bytes. */
  take(n: number): Uint8Array {
    const out = this.buf.slice(this.head, this.head + n);
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    this.head += n;
    this.offset += n;
    while (this.holes.length > 0 && this.holes[0]!.end <= this.offset) this.holes.shift();
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      // An idle stream should not pin the buffer its largest message needed.
      if (this.buf.length > IDLE_CAPACITY) this.buf = new Uint8Array(IDLE_CAPACITY);
    }
  }

  private reserve(n: number): void {
    if (this.tail + n <= this.buf.length) return;
    const live = this.tail - this.head;
    if (live + n <= this.buf.length / 2) {
      this.buf.copyWithin(0, this.head, this.tail);
    } else {
      let size = this.buf.length * 2;
      while (size < live + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.head, this.tail));
      this.buf = next;
    }
    this.head = 0;
    this.tail = live;
  }
}
