import type { JsonObject } from '../../decoders/core/json';
import { pairLink, pairText } from '../model/pair-text';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

/** Above the field tree: which message, its pairing with a jump to the partner, and "edit as new". */
export function DetailHeader() {
  const { selection, ui, viewActions } = useWorkbench();
  const detail = useStore(selection, (s) => s.detail);
  const row = useStore(selection, (s) => s.row);
  if (!detail) return <div className="detail-header muted">No message selected</div>;
  const { record } = detail;
  const link = pairLink(record.index, record.pair);

  const editAsNew = () => {
    const message: JsonObject = { message: record.message, fields: record.fields };
    ui.update({ composerSeed: { protocol: record.protocol, message }, bottomTab: 'composer' });
  };

  return (
    <div className="detail-header">
      <span className="detail-title" title={detail.summary}>
        <strong>#{record.index}</strong> {record.protocol} <strong>{record.message}</strong>
        {record.requestId !== null && <span className="muted"> id {record.requestId}</span>}
        {row === null && <span className="muted"> (hidden by the filter)</span>}
      </span>
      {record.pair && (
        <span className={`detail-pair pair-${record.pair.status}`} data-testid="detail-pair">
          {pairText(record.pair)}
        </span>
      )}
      <span className="detail-actions">
        {link && (
          <button onClick={() => void viewActions.goTo(link.target)} title={`Select message #${link.target}`}>
            {link.label} #{link.target}
          </button>
        )}
        <button onClick={editAsNew} title="Open this message in the composer">
          Edit as new
        </button>
      </span>
    </div>
  );
}
