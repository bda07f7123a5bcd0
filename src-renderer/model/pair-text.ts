import type { PairInfo } from '../../decoders/core/pairing';
import { formatLatency } from './quantity-format';

/** The Pair column: status, the partner and the response time (`matched #3 · 30.04 ms`). */
export function pairText(pair: PairInfo | null): string {
  if (!pair) return '';
  const partner = pair.index === null ? '' : ` #${pair.index}`;
  const latency = pair.latencyMs === null ? '' : ` · ${formatLatency(pair.latencyMs)}`;
  switch (pair.status) {
    case 'duplicate':
      return `duplicate of${partner}`;
    case 'cancelled':
      return `cancelled${pair.index === null ? '' : ` by #${pair.index}`}`;
    default:
      return `${pair.status}${partner}${latency}`;
  }
}

/**
 * Where "go to" leads from a paired message: a partner numbered after it is its response (or the request's
 * cancellation), one before it its request. Null when there is no partner.
 */
export function pairLink(index: number, pair: PairInfo | null): { target: number; label: string } | null {
  if (!pair || pair.index === null || pair.index === index) return null;
  if (pair.status === 'cancelled') return { target: pair.index, label: 'Go to cancellation' };
  if (pair.status === 'duplicate') return { target: pair.index, label: 'Go to first request' };
  return pair.index > index
    ? { target: pair.index, label: 'Go to response' }
    : { target: pair.index, label: 'Go to request' };
}
