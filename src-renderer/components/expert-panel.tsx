import { useState } from 'react';
import type { ExpertGroup } from '../../src-main/api/peerscope-api';
import { SEVERITIES, type Severity } from '../../decoders/core/notes';
import { quote } from '../model/field-filter';
import { formatCount } from '../model/quantity-format';
import { conversationFilter } from '../model/view-filters';
import { useStore } from '../state/store';
import { SeverityIcon } from './severity-icon';
import { useEngineQuery } from './use-engine-query';
import { useWorkbench } from './workbench-context';

const SEVERITY_TITLES: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/** Every note of the capture grouped by severity and kind, with counts; a click selects the message and field. */
export function ExpertPanel() {
  const { api, capture } = useWorkbench();
  const id = useStore(capture, (s) => s.capture?.id);
  const revision = useStore(capture, (s) => s.analysisRevision);
  const groups = useEngineQuery(() => (id === undefined ? null : api.expertInfo(id)), [api, id, revision]);
  const all = groups.data ?? [];
  if (groups.error) return <div className="panel-message sev-error">{groups.error}</div>;
  if (all.length === 0)
    return (
      <div className="panel-message muted">
        {groups.loading ? 'Collecting notes…' : 'No notes: nothing looks wrong.'}
      </div>
    );
  return (
    <div className="expert-panel" role="tree" aria-label="Expert information">
      <div className="expert-summary">
        {SEVERITIES.map((severity) => {
          const count = all.filter((g) => g.severity === severity).reduce((n, g) => n + g.count, 0);
          return (
            <span key={severity} className={`expert-total sev-${severity}`}>
              <SeverityIcon severity={severity} /> {SEVERITY_TITLES[severity]}: {formatCount(count)}
            </span>
          );
        })}
      </div>
      {SEVERITIES.map((severity) => (
        <SeverityGroup key={severity} severity={severity} groups={all.filter((g) => g.severity === severity)} />
      ))}
    </div>
  );
}

function SeverityGroup({ severity, groups }: { severity: Severity; groups: ExpertGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <section className={`expert-severity sev-section-${severity}`} data-severity={severity}>
      <h3>
        <SeverityIcon severity={severity} /> {SEVERITY_TITLES[severity]}
      </h3>
      {groups.map((group) => (
        <KindGroup key={group.kind} group={group} />
      ))}
    </section>
  );
}

function KindGroup({ group }: { group: ExpertGroup }) {
  const { viewActions, selectionActions } = useWorkbench();
  const [open, setOpen] = useState(true);
  const jump = async (index: number, field: string | null) => {
    if (await viewActions.goTo(index)) {
      // The detail arrives with the selection; the note's field is picked once it is there.
      selectionActions.selectFieldByName(field);
    }
  };
  return (
    <div className="expert-kind" data-kind={group.kind}>
      <div className="expert-kind-header" role="treeitem" aria-expanded={open}>
        <button className="twisty-button" onClick={() => setOpen(!open)} aria-label={open ? 'Collapse' : 'Expand'}>
          {open ? '▾' : '▸'}
        </button>
        <span className="mono">{group.kind}</span>
        <span className="expert-count">{formatCount(group.count)}</span>
        <button
          className="small"
          title={`Show only messages with this note (note.kind == ${group.kind})`}
          onClick={() => void viewActions.applyFilter(`note.kind == ${quote(group.kind)}`)}
        >
          Filter
        </button>
      </div>
      {open && (
        <ul className="expert-items">
          {group.items.map((item, i) => (
            <li key={`${item.index ?? 'f' + item.frame}-${i}`}>
              <ExpertItem item={item} onJump={jump} />
            </li>
          ))}
          {group.count > group.items.length && (
            <li className="muted">… and {formatCount(group.count - group.items.length)} more (use Filter)</li>
          )}
        </ul>
      )}
    </div>
  );
}

type Item = ExpertGroup['items'][number];

/** A note about a message jumps to it; one about no single message (a frame, a stream) filters to its stream. */
function ExpertItem({ item, onJump }: { item: Item; onJump(index: number, field: string | null): void }) {
  const { viewActions } = useWorkbench();
  const { index, stream, frame } = item;
  const where = index !== null ? `#${index}` : frame !== null ? `frame ${frame}` : (stream ?? '');
  const go = () => {
    if (index !== null) onJump(index, item.field);
    else if (stream !== null) void viewActions.applyFilter(conversationFilter(stream));
  };
  return (
    <button className="expert-item" onClick={go} disabled={index === null && stream === null}>
      <span className="expert-item-index">{where}</span> {item.text}
      {item.field && <span className="muted mono"> {item.field}</span>}
      {index === null && stream && <span className="muted mono"> {stream}</span>}
    </button>
  );
}
