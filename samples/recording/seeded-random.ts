/**
 * A small deterministic generator (xorshift32, Marsaglia 2003) so that every regeneration of the samples sends
 * the same content: only the capture timestamps and the ephemeral ports differ between runs.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // xorshift never leaves the all-zero state, so zero is mapped to a fixed odd constant.
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + (this.nextUint32() % (max - min + 1));
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.nextUint32() & 0xff;
    return out;
  }

  /** A boolean that is true with probability `p`. */
  chance(p: number): boolean {
    return this.nextUint32() / 2 ** 32 < p;
  }

  /**
   * A request id as Lodestar's hobbits branch made them: 16 decimal digits, below 2^53 so a BSON double holds it
   * exactly.
   */
  sixteenDigitId(): number {
    const high = this.int(1_000_000, 9_007_198);
    const low = this.int(0, 999_999_999);
    return high * 1_000_000_000 + low;
  }
}
