import type { PairStatus } from '../../decoders/core/pairing';
import type { Statistics } from '../api/peerscope-api';
import { PAIR_STATUSES } from './load-protocol';
import type { MessageTable } from './message-table';

const MATCHED = PAIR_STATUSES.indexOf('matched');
/** Histogram bucket edges in ms: 1-2-5 steps from a microsecond to over a minute. */
const EDGES: number[] = [0];
for (let decade = 1e-3; decade < 1e5; decade *= 10) EDGES.push(decade, 2 * decade, 5 * decade);

/**
 * Counts per protocol and message (with bytes), pairing totals as the CLI summary counts them, and the response
 * times of matched requests: percentiles and a 1-2-5 histogram.
 */
export function messageStatistics(table: MessageTable): Statistics {
  const byType = new Map<number, { count: number; bytes: number }>();
  const pairs = Object.fromEntries(PAIR_STATUSES.filter((s) => s !== null).map((s) => [s, 0])) as Record<
    PairStatus,
    number
  >;
  const latencies: number[] = [];
  for (let i = 0; i < table.count; i++) {
    const type = table.type[i]!;
    let t = byType.get(type);
    if (!t) byType.set(type, (t = { count: 0, bytes: 0 }));
    t.count++;
    t.bytes += table.length[i]!;
    const counted = PAIR_STATUSES[table.countedStatus[i]!];
    if (counted) pairs[counted]++;
    // Each pair once: from its request, which comes before the response it points at.
    if (table.pairStatus[i] === MATCHED && table.pairPartner[i]! > i) latencies.push(table.pairLatency[i]!);
  }
  const messages = [...byType]
    .map(([type, t]) => ({ protocol: table.types[type]!.protocol, message: table.types[type]!.message, ...t }))
    .sort((a, b) => a.protocol.localeCompare(b.protocol) || a.message.localeCompare(b.message));
  return { messages, pairs, latency: latencyFigures(Float64Array.from(latencies).sort()) };
}

function latencyFigures(sorted: Float64Array): Statistics['latency'] {
  const n = sorted.length;
  const rank = (p: number) => (n === 0 ? null : sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!);
  return {
    count: n,
    p50: rank(0.5),
    p90: rank(0.9),
    p99: rank(0.99),
    max: n === 0 ? null : sorted[n - 1]!,
    histogram: histogram(sorted),
  };
}

function histogram(sorted: Float64Array): Statistics['latency']['histogram'] {
  if (sorted.length === 0) return [];
  const buckets = EDGES.map((fromMs, k) => ({ fromMs, toMs: EDGES[k + 1] ?? Number.POSITIVE_INFINITY, count: 0 }));
  let k = 0;
  for (const value of sorted) {
    while (value >= buckets[k]!.toMs) k++;
    buckets[k]!.count++;
  }
  const first = buckets.findIndex((b) => b.count > 0);
  const last = buckets.length - 1 - [...buckets].reverse().findIndex((b) => b.count > 0);
  return buckets.slice(first, last + 1).map((b) => ({ ...b, toMs: Number.isFinite(b.toMs) ? b.toMs : b.fromMs * 2 }));
}
