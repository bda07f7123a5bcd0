import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { ColumnKey, MessageRow } from '../../src-main/api/peerscope-api';
import { rowAfterKey } from '../model/list-navigation';
import {
  COLUMN_TEMPLATE,
  MESSAGE_COLUMNS,
  cellText,
  cellTitle,
  protocolClass,
  type CellContext,
} from '../model/message-columns';
import { pairLink } from '../model/pair-text';
import { useStore } from '../state/store';
import { SeverityIcon } from './severity-icon';
import { useWorkbench } from './workbench-context';

const ROW_HEIGHT = 20;
const HEADER_HEIGHT = 22;

/** The message list: virtualized, rows fetched by page as they scroll into view, sortable, keyboard-driven. */
export function MessageList({ onEnter }: { onEnter(): void }) {
  const { capture, selection, ui, rows, selectionActions, viewActions } = useWorkbench();
  const count = useStore(capture, (s) => s.count);
  const rowsRevision = useStore(capture, (s) => s.rowsRevision);
  const selectedRow = useStore(selection, (s) => s.row);
  const scroll = useStore(selection, (s) => s.scroll);
  const timeMode = useStore(ui, (s) => s.timeMode);
  const firstTime = useStore(capture, (s) => s.firstTime);
  useSyncExternalStore(rows.subscribe, () => rows.revision);
  const scroller = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  useEffect(() => rows.ensure(first, last), [rows, first, last, rowsRevision, count]);

  // A capture just opened: the keys work on the list at once, as in Wireshark.
  useEffect(() => scroller.current?.focus({ preventScroll: true }), []);

  useEffect(() => {
    if (scroll && scroll.row < count) virtualizer.scrollToIndex(scroll.row, { align: scroll.align });
  }, [scroll, count, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onEnter();
      return;
    }
    const page = Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1;
    const next = rowAfterKey(event.key, selectedRow, count, page);
    if (next === null) return;
    event.preventDefault();
    void selectionActions.selectRow(next);
  };

  const goToPartner = (row: MessageRow) => {
    const link = pairLink(row.index, row.pair);
    if (link) void viewActions.goTo(link.target);
  };

  return (
    <div
      ref={scroller}
      className="message-list"
      tabIndex={0}
      role="grid"
      aria-label="Messages"
      aria-rowcount={count}
      onKeyDown={onKeyDown}
    >
      <div className="message-list-body" style={{ height: virtualizer.getTotalSize() }}>
        <ColumnHeader />
        {items.map((item) => {
          const row = rows.row(item.index);
          return row ? (
            <MessageLine
              key={item.key}
              row={row}
              rowNumber={item.index}
              top={item.start}
              selected={item.index === selectedRow}
              context={{ timeMode, firstTime, previous: rows.row(item.index - 1) }}
              onSelect={() => void selectionActions.selectMessage(row.index, item.index)}
              onOpen={() => goToPartner(row)}
            />
          ) : (
            <div key={item.key} className="message-row pending" style={{ transform: `translateY(${item.start}px)` }}>
              …
            </div>
          );
        })}
      </div>
      {count === 0 && <EmptyListNote />}
    </div>
  );
}

function EmptyListNote() {
  const { capture } = useWorkbench();
  const filter = useStore(capture, (s) => s.spec.filter);
  const loading = useStore(capture, (s) => s.progress?.state === 'loading' || s.opening !== null);
  const text = loading ? 'Reading the capture…' : filter ? 'No message matches the filter.' : 'No messages decoded.';
  return <div className="list-empty muted">{text}</div>;
}

function ColumnHeader() {
  const { capture, ui, viewActions } = useWorkbench();
  const sort = useStore(capture, (s) => s.spec.sort);
  const timeMode = useStore(ui, (s) => s.timeMode);
  return (
    <div className="message-header" role="row" style={{ gridTemplateColumns: COLUMN_TEMPLATE, height: HEADER_HEIGHT }}>
      {MESSAGE_COLUMNS.map((column) => {
        const sorted = sort?.column === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none';
        return (
          <button
            key={column.key}
            role="columnheader"
            aria-sort={sorted}
            className={column.numeric ? 'numeric' : undefined}
            title={column.key === 'time' ? `Sort by time (shown: ${timeMode})` : `Sort by ${column.label}`}
            onClick={() => void viewActions.sortBy(column.key)}
          >
            {column.label}
            {sorted !== 'none' && <span className="sort-mark">{sorted === 'ascending' ? ' ▲' : ' ▼'}</span>}
          </button>
        );
      })}
    </div>
  );
}

interface MessageLineProps {
  row: MessageRow;
  rowNumber: number;
  top: number;
  selected: boolean;
  context: CellContext;
  onSelect(): void;
  onOpen(): void;
}

function MessageLine({ row, rowNumber, top, selected, context, onSelect, onOpen }: MessageLineProps) {
  const classes = ['message-row', protocolClass(row.protocol)];
  if (selected) classes.push('selected');
  if (row.severity) classes.push(`has-${row.severity}`);
  return (
    <div
      className={classes.join(' ')}
      role="row"
      aria-rowindex={rowNumber + 1}
      aria-selected={selected}
      data-index={row.index}
      style={{ transform: `translateY(${top}px)`, gridTemplateColumns: COLUMN_TEMPLATE }}
      onMouseDown={onSelect}
      onDoubleClick={onOpen}
    >
      {MESSAGE_COLUMNS.map((column) => (
        <span
          key={column.key}
          role="gridcell"
          data-column={column.key}
          className={cellClass(column.numeric, column.key, row)}
          title={cellTitle(row, column.key)}
        >
          {column.key === 'index' && row.severity && <SeverityIcon severity={row.severity} />}
          {cellText(row, column.key, context)}
        </span>
      ))}
    </div>
  );
}

function cellClass(numeric: boolean | undefined, key: ColumnKey, row: MessageRow): string {
  const classes = numeric ? ['numeric'] : [];
  if (key === 'pair' && row.pair) classes.push(`pair-${row.pair.status}`);
  return classes.join(' ');
}
