/**
 * uTP sequence and connection numbers are 16 bits and wrap (BEP29: "seq_nr … ack_nr … wrapping"). Two numbers are
 * compared by their distance modulo 2^16: one within half the space ahead of another comes after it.
 */

const MASK = 0xffff;
const HALF = 0x8000;

/** How far `to` is ahead of `from`, in 0..65535. */
export function seqAhead(from: number, to: number): number {
  return (to - from) & MASK;
}

/** Whether `a` comes strictly before `b` (within half the sequence space). */
export function seqBefore(a: number, b: number): boolean {
  const d = seqAhead(a, b);
  return d !== 0 && d < HALF;
}

export function seqAdd(seq: number, n: number): number {
  return (seq + n) & MASK;
}
