import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { ColumnKey, MessageRow } from '../../src-main/api/peerscope-api';
import { rowAfterKey } from '../model/list-navigation';
import {
  TOP,
  afterScroll,
  afterWheel,
  isScaled,
  keepContent,
  listView,
  positionForRow,
  rowTop,
  sameView,
  scrollHeight,
  wheelPixels,
  type ListMetrics,
  type ScrollPosition,
} from '../model/list-scroll';
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
const OVERSCAN = 20;

/**
 * The message list: virtualized (any number of rows: past the browsers' height limit the scrollbar maps onto the
 * rows, see model/list-scroll), rows fetched by page as they scroll into view, sortable, keyboard-driven.
 */
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

  const viewport = useClientHeight(scroller);
  const metrics: ListMetrics = { count, rowHeight: ROW_HEIGHT, header: HEADER_HEIGHT, viewport };
  const [position, move] = useScrollPosition(scroller, metrics);
  const view = listView(metrics, position, OVERSCAN);
  const { first, last } = view;

  useEffect(() => rows.ensure(first, last), [rows, first, last, rowsRevision, count]);

  // A capture just opened: the keys work on the list at once, as in Wireshark.
  useEffect(() => scroller.current?.focus({ preventScroll: true }), []);

  // Each request to show a row is carried out once, when the row exists and the list has a size.
  const shown = useRef<number | null>(null);
  useEffect(() => {
    if (!scroll || scroll.row >= count || viewport <= 0 || shown.current === scroll.seq) return;
    shown.current = scroll.seq;
    move((m, p) => positionForRow(m, p, scroll.row, scroll.align));
  }, [scroll, count, viewport, move]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onEnter();
      return;
    }
    const page = Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1;
    // Space pages like PageDown (Shift+Space like PageUp), as in a browser, but by rows: the browser's own page
    // scroll would jump by the capped scroll mapping.
    const key = event.key === ' ' ? (event.shiftKey ? 'PageUp' : 'PageDown') : event.key;
    const next = rowAfterKey(key, selectedRow, count, page);
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
      onScroll={(event) => {
        const scrollTop = event.currentTarget.scrollTop;
        move((m, p) => afterScroll(m, p, scrollTop));
      }}
    >
      <div className="message-list-body" style={{ height: scrollHeight(metrics) }}>
        <ColumnHeader />
        {Array.from({ length: last - first + 1 }, (_, i) => {
          const index = first + i;
          const top = rowTop(metrics, view, index);
          const row = rows.row(index);
          return row ? (
            <MessageLine
              key={index}
              row={row}
              rowNumber={index}
              top={top}
              selected={index === selectedRow}
              context={{ timeMode, firstTime, previous: rows.row(index - 1) }}
              onSelect={() => void selectionActions.selectMessage(row.index, index)}
              onOpen={() => goToPartner(row)}
            />
          ) : (
            <div key={index} className="message-row pending" style={{ transform: `translateY(${top}px)` }}>
              …
            </div>
          );
        })}
      </div>
      {count === 0 && <EmptyListNote />}
    </div>
  );
}

/** The element's clientHeight, followed as it is resized. */
function useClientHeight(element: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    const measure = () => setHeight(target.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return height;
}

type Move = (next: (m: ListMetrics, p: ScrollPosition) => ScrollPosition) => void;

/**
 * The list's scroll position (model/list-scroll) as last rendered, and `move`, which takes it somewhere and writes the scrollTop
 * that goes with it. When the metrics change, the content at the top stays there. Above the height cap the wheel
 * moves rows by its own pixels, as it does below (the scrollbar alone would move them by many times more).
 */
function useScrollPosition(element: RefObject<HTMLElement | null>, metrics: ListMetrics): [ScrollPosition, Move] {
  const [position, setPosition] = useState<ScrollPosition>(TOP);
  const latest = useRef({ metrics, position: TOP });
  useLayoutEffect(() => {
    latest.current.metrics = metrics;
  });

  const move = useCallback<Move>(
    (next) => {
      const { metrics: m, position: p } = latest.current;
      const target = next(m, p);
      latest.current.position = target;
      const scroller = element.current;
      if (scroller && scroller.scrollTop !== target.scrollTop) scroller.scrollTop = target.scrollTop;
      // Scrolling within the rows already rendered (below the cap, most scroll events) renders nothing again.
      setPosition((shown) => (sameView(listView(m, shown, OVERSCAN), listView(m, target, OVERSCAN)) ? shown : target));
    },
    [element],
  );

  const { count, viewport } = metrics;
  useLayoutEffect(() => move(keepContent), [count, viewport, move]);

  useEffect(() => {
    const scroller = element.current;
    if (!scroller) return;
    const onWheel = (event: WheelEvent) => {
      const m = latest.current.metrics;
      if (!isScaled(m) || event.ctrlKey || event.shiftKey || event.deltaY === 0) return;
      event.preventDefault();
      if (event.deltaX) scroller.scrollLeft += wheelPixels(event.deltaX, event.deltaMode, m);
      move((m, p) => afterWheel(m, p, wheelPixels(event.deltaY, event.deltaMode, m)));
    };
    scroller.addEventListener('wheel', onWheel, { passive: false });
    return () => scroller.removeEventListener('wheel', onWheel);
  }, [element, move]);

  return [position, move];
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
