import { formatLatency } from './quantity-format';

export interface LatencyBin {
  fromMs: number;
  toMs: number;
  count: number;
}

/** The histogram as chart series: bin positions 0…n-1 and their counts. */
export function histogramSeries(bins: readonly LatencyBin[]): [number[], number[]] {
  return [bins.map((_, i) => i), bins.map((b) => b.count)];
}

/** The axis label of a bin: `10–20 ms`, short enough to sit under a bar. */
export function binLabel(bin: LatencyBin): string {
  const to = formatLatency(bin.toMs);
  const from = formatLatency(bin.fromMs).replace(/ (ms|s)$/, (unit) => (to.endsWith(unit.trim()) ? '' : unit));
  return `${from}–${to}`;
}
