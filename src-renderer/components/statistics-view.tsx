import type { Statistics } from '../../src-main/api/peerscope-api';
import { formatBytes, formatCount, formatLatency } from '../model/quantity-format';
import { messageTypeFilter } from '../model/view-filters';
import { useStore } from '../state/store';
import { LatencyHistogram } from './latency-histogram';
import { useEngineQuery } from './use-engine-query';
import { useWorkbench } from './workbench-context';

/** Message counts per type (a click filters), pairing outcomes, and the response-time histogram. */
export function StatisticsView() {
  const { api, capture } = useWorkbench();
  const id = useStore(capture, (s) => s.capture?.id);
  const revision = useStore(capture, (s) => s.analysisRevision);
  const query = useEngineQuery(() => (id === undefined ? null : api.statistics(id)), [api, id, revision]);
  if (query.error) return <div className="panel-message sev-error">{query.error}</div>;
  if (!query.data) return <div className="panel-message muted">Counting…</div>;
  return (
    <div className="statistics-view">
      <div className="statistics-counts">
        <MessageCounts stats={query.data} />
      </div>
      <div className="statistics-latency">
        <LatencySummary stats={query.data} />
        <LatencyHistogram bins={query.data.latency.histogram} />
      </div>
    </div>
  );
}

function MessageCounts({ stats }: { stats: Statistics }) {
  const { viewActions } = useWorkbench();
  const most = Math.max(1, ...stats.messages.map((m) => m.count));
  return (
    <table className="data-table message-counts" aria-label="Messages per type">
      <thead>
        <tr>
          <th>Protocol</th>
          <th>Message</th>
          <th className="numeric">Count</th>
          <th className="numeric">Bytes</th>
          <th className="bar-column" />
        </tr>
      </thead>
      <tbody>
        {stats.messages.map((m) => (
          <tr
            key={`${m.protocol}/${m.message}`}
            onClick={() => void viewActions.applyFilter(messageTypeFilter(m.protocol, m.message))}
            title={`Filter: ${messageTypeFilter(m.protocol, m.message)}`}
          >
            <td>{m.protocol}</td>
            <td>{m.message}</td>
            <td className="numeric">{formatCount(m.count)}</td>
            <td className="numeric">{formatBytes(m.bytes)}</td>
            <td className="bar-column">
              <span className="count-bar" style={{ width: `${(m.count / most) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LatencySummary({ stats }: { stats: Statistics }) {
  const { latency, pairs } = stats;
  const ms = (v: number | null) => (v === null ? '–' : formatLatency(v));
  return (
    <div className="latency-summary">
      <span>
        Pairs:{' '}
        {Object.entries(pairs)
          .filter(([, n]) => n > 0)
          .map(([status, n]) => `${status} ${formatCount(n)}`)
          .join(' · ') || 'none'}
      </span>
      <span>
        Response time ({formatCount(latency.count)}): p50 {ms(latency.p50)} · p90 {ms(latency.p90)} · p99{' '}
        {ms(latency.p99)} · max {ms(latency.max)}
      </span>
    </div>
  );
}
