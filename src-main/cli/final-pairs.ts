import type { PairInfo, PairStatus } from '../../decoders/core/pairing';

const STATUSES: readonly (PairStatus | null)[] = [null, 'matched', 'unanswered', 'orphan', 'duplicate', 'mismatch'];

/**
 * The final pairing of every message, kept compactly between the two passes over a file (as tshark's -2):
 * the first pass learns which request was answered by what, the second prints each message with it.
 */
export class FinalPairs {
  private status = new Uint8Array(1024);
  private partner = new Int32Array(1024);
  private latency = new Float64Array(1024);
  size = 0;

  set(index: number, pair: PairInfo | null): void {
    this.reserve(index + 1);
    this.status[index] = STATUSES.indexOf(pair ? pair.status : null);
    this.partner[index] = pair?.index ?? -1;
    this.latency[index] = pair?.latencyMs ?? Number.NaN;
    this.size = Math.max(this.size, index + 1);
  }

  get(index: number): PairInfo | null {
    if (index >= this.size) return null;
    const status = STATUSES[this.status[index]!] ?? null;
    if (status === null) return null;
    const partner = this.partner[index]!;
    const latency = this.latency[index]!;
    return { status, index: partner < 0 ? null : partner, latencyMs: Number.isNaN(latency) ? null : latency };
  }

  private reserve(n: number): void {
    if (n <= this.status.length) return;
    let size = this.status.length;
    while (size < n) size *= 2;
    const status = new Uint8Array(size);
    status.set(this.status);
    const partner = new Int32Array(size);
    partner.set(this.partner);
    const latency = new Float64Array(size);
    latency.set(this.latency);
    this.status = status;
    this.partner = partner;
    this.latency = latency;
  }
}
