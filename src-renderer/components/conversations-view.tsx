import type { ConversationRow, PeerRow } from '../../src-main/api/peerscope-api';
import { formatBytes, formatCount } from '../model/quantity-format';
import { conversationFilter, peerFilter } from '../model/view-filters';
import { useStore } from '../state/store';
import { useEngineQuery } from './use-engine-query';
import { useWorkbench } from './workbench-context';

/** Conversations (per TCP/UDP stream) and peers, like Wireshark's Statistics › Conversations; a click filters. */
export function ConversationsView() {
  const { api, capture, viewActions } = useWorkbench();
  const id = useStore(capture, (s) => s.capture?.id);
  const revision = useStore(capture, (s) => s.analysisRevision);
  const query = useEngineQuery(() => (id === undefined ? null : api.conversations(id)), [api, id, revision]);
  if (query.error) return <div className="panel-message sev-error">{query.error}</div>;
  if (!query.data) return <div className="panel-message muted">Counting…</div>;
  const filter = (text: string) => void viewActions.applyFilter(text);
  return (
    <div className="conversations-view">
      <h3>Conversations ({query.data.conversations.length})</h3>
      <ConversationTable rows={query.data.conversations} onPick={(r) => filter(conversationFilter(r.stream))} />
      <h3>Peers ({query.data.peers.length})</h3>
      <PeerTable rows={query.data.peers} onPick={(r) => filter(peerFilter(r.address))} />
    </div>
  );
}

function ConversationTable({ rows, onPick }: { rows: ConversationRow[]; onPick(row: ConversationRow): void }) {
  return (
    <table className="data-table" aria-label="Conversations">
      <thead>
        <tr>
          <th>Stream</th>
          <th>Address A</th>
          <th>Address B</th>
          <th>Protocol</th>
          <th className="numeric">Frames A→B</th>
          <th className="numeric">Frames B→A</th>
          <th className="numeric">Bytes A→B</th>
          <th className="numeric">Bytes B→A</th>
          <th className="numeric">Messages</th>
          <th className="numeric">Unanswered</th>
          <th className="numeric">Gaps</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.stream} onClick={() => onPick(row)} title={`Filter: ${conversationFilter(row.stream)}`}>
            <td className="mono">{row.stream}</td>
            <td className="mono">{row.a}</td>
            <td className="mono">{row.b}</td>
            <td>{row.protocol ?? <span className="muted">undecoded</span>}</td>
            <td className="numeric">{formatCount(row.framesAtoB)}</td>
            <td className="numeric">{formatCount(row.framesBtoA)}</td>
            <td className="numeric">{formatBytes(row.bytesAtoB)}</td>
            <td className="numeric">{formatBytes(row.bytesBtoA)}</td>
            <td className="numeric">{formatCount(row.messages)}</td>
            <td className={row.unanswered > 0 ? 'numeric sev-warning' : 'numeric'}>{formatCount(row.unanswered)}</td>
            <td className={row.gaps > 0 ? 'numeric sev-warning' : 'numeric'}>{formatCount(row.gaps)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PeerTable({ rows, onPick }: { rows: PeerRow[]; onPick(row: PeerRow): void }) {
  return (
    <table className="data-table" aria-label="Peers">
      <thead>
        <tr>
          <th>Address</th>
          <th>Protocols</th>
          <th className="numeric">Conversations</th>
          <th className="numeric">Messages</th>
          <th className="numeric">Bytes</th>
          <th className="numeric">Unanswered</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.address} onClick={() => onPick(row)} title={`Filter: ${peerFilter(row.address)}`}>
            <td className="mono">{row.address}</td>
            <td>{row.protocols.join(', ')}</td>
            <td className="numeric">{formatCount(row.conversations)}</td>
            <td className="numeric">{formatCount(row.messages)}</td>
            <td className="numeric">{formatBytes(row.bytes)}</td>
            <td className={row.unanswered > 0 ? 'numeric sev-warning' : 'numeric'}>{formatCount(row.unanswered)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
