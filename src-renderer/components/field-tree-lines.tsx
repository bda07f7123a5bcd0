import type { CSSProperties } from 'react';
import type { FieldNode } from '../../src-main/api/peerscope-api';
import type { Note } from '../../decoders/core/notes';
import { fieldRangeText, fieldSummary } from '../model/field-text';
import type { VisibleField } from '../model/visible-fields';
import { SeverityIcon } from './severity-icon';

interface FieldLineProps {
  line: VisibleField;
  style: CSSProperties;
  selected: boolean;
  source: string;
  onSelect(): void;
  onToggle(): void;
  onMenu(x: number, y: number): void;
}

export function FieldLine({ line, style, selected, source, onSelect, onToggle, onMenu }: FieldLineProps) {
  const { field, depth, expandable, expanded } = line;
  const classes = ['tree-line'];
  if (selected) classes.push('selected');
  if (field.encoding) classes.push('encoding');
  if (field.generated) classes.push('generated');
  const worst = worstSeverity(field);
  return (
    <div
      className={classes.join(' ')}
      role="treeitem"
      aria-selected={selected}
      aria-expanded={expandable ? expanded : undefined}
      aria-level={depth + 1}
      data-field={line.key}
      title={fieldRangeText(field, source)}
      style={{ ...style, paddingLeft: 4 + depth * 16 }}
      onMouseDown={onSelect}
      onDoubleClick={() => expandable && onToggle()}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu(e.clientX, e.clientY);
      }}
    >
      <span
        className="twisty"
        onMouseDown={(e) => {
          e.stopPropagation();
          if (expandable) onToggle();
        }}
      >
        {expandable ? (expanded ? '▾' : '▸') : ''}
      </span>
      {worst && <SeverityIcon severity={worst} />}
      <FieldText field={field} />
    </div>
  );
}

function FieldText({ field }: { field: FieldNode }) {
  const summary = fieldSummary(field);
  const text = (
    <>
      <span className="field-name">{field.name}</span>
      {field.label && field.label !== field.name && <span className="field-label"> ({field.label})</span>}
      {summary && (
        <>
          <span className="field-colon">: </span>
          <span className="field-value">{summary}</span>
        </>
      )}
      {field.display !== undefined && field.value !== undefined && typeof field.value === 'string' && (
        <span className="field-raw"> {field.value}</span>
      )}
    </>
  );
  return field.generated ? <span className="field-text">[{text}]</span> : <span className="field-text">{text}</span>;
}

export function NoteLine({ note, depth, style }: { note: Note; depth: number; style: CSSProperties }) {
  return (
    <div
      className={`tree-line note-line sev-line-${note.severity}`}
      role="treeitem"
      aria-level={depth + 1}
      style={{ ...style, paddingLeft: 4 + depth * 16 + 16 }}
      title={`${note.kind}: ${note.text}`}
    >
      <SeverityIcon severity={note.severity} />
      <span className="note-text">
        {note.text} <span className="muted">[{note.kind}]</span>
      </span>
    </div>
  );
}

function worstSeverity(field: FieldNode): Note['severity'] | null {
  const severities = (field.notes ?? []).map((n) => n.severity);
  if (severities.includes('error')) return 'error';
  if (severities.includes('warning')) return 'warning';
  return severities.includes('info') ? 'info' : null;
}
