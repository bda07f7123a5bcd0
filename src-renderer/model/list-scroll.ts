/**
 * The message list's scroll model: `count` rows of one height under a sticky header, in a scroll element.
 *
 * Browsers cap how tall an element can be laid out: Chromium (and so Electron) at 33,554,431 layout units, counted
 * in device pixels (about 16.7 million CSS px on a 2x screen, less again when zoomed in), Firefox at 17,895,697 CSS
 * px. Past the cap the last rows cannot be scrolled to. So the scrollable height stops at MAX_SCROLL_HEIGHT, and
 * above it the scrolled fraction maps linearly onto the content: scrollTop / maxScrollTop = offset / maxOffset,
 * where the offset is the content pixel (of the list as tall as its rows) at the viewport's top. Rows are placed
 * where that mapping puts them. Up to the cap the two are one (offset = scrollTop): pixel for pixel, as a plain
 * list scrolls.
 *
 * A scrollTop is a whole pixel (or near), an offset need not be: above the cap one pixel of scrollTop is many of
 * content, so the position keeps the exact offset it was brought to (a row aligned, a wheel step) for as long as
 * the element stays at the scrollTop written for it; any other scrollTop (the thumb dragged, the track clicked) is
 * mapped afresh.
 */

/**
 * 8 million CSS px: under Firefox's cap with room to spare, and under Chromium's at any device pixel ratio times
 * zoom up to 4 (33.5M / 4 = 8.4M). Below it (400,000 rows of 20 px) nothing changes; above it one pixel of scrollbar
 * is (content height / 8M) pixels of rows: 125 px, six rows, at 50 million rows.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ListMetrics {
  count: number;
  rowHeight: number;
  /** Pixels above the first row (the sticky column header, which also covers the viewport's top). */
  header: number;
  /** The scroll element's clientHeight. */
  viewport: number;
  /** The cap on the scrollable height; MAX_SCROLL_HEIGHT unless given. */
  maxHeight?: number;
}

export interface ScrollPosition {
  /** The scroll element's scrollTop. */
  scrollTop: number;
  /** The content pixel at the viewport's top (0 … contentHeight − viewport). */
  offset: number;
}

export type ScrollAlign = 'auto' | 'start' | 'center' | 'end';

/** The first and last row to render (inclusive; last < first when there is none). */
export interface RowRange {
  first: number;
  last: number;
}

export const TOP: ScrollPosition = { scrollTop: 0, offset: 0 };

/** The list's height were it laid out whole. */
export function contentHeight(m: ListMetrics): number {
  return m.header + m.count * m.rowHeight;
}

/** The height the list's body is given: its content height up to the cap. */
export function scrollHeight(m: ListMetrics): number {
  return Math.min(contentHeight(m), m.maxHeight ?? MAX_SCROLL_HEIGHT);
}

/** Whether the content is taller than the cap (the scroll position is then mapped, not used as it is). */
export function isScaled(m: ListMetrics): boolean {
  return contentHeight(m) > scrollHeight(m);
}

function maxOffset(m: ListMetrics): number {
  return Math.max(0, contentHeight(m) - m.viewport);
}

function maxScrollTop(m: ListMetrics): number {
  return Math.max(0, scrollHeight(m) - m.viewport);
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** The content offset at scrollTop `scrollTop`. */
export function offsetAt(m: ListMetrics, scrollTop: number): number {
  if (!isScaled(m)) return clamp(scrollTop, 0, maxOffset(m));
  const top = maxScrollTop(m);
  return top === 0 ? 0 : (clamp(scrollTop, 0, top) / top) * maxOffset(m);
}

/** The scrollTop that shows content offset `offset` (fractional above the cap). */
export function scrollTopAt(m: ListMetrics, offset: number): number {
  const target = clamp(offset, 0, maxOffset(m));
  if (!isScaled(m)) return target;
  const most = maxOffset(m);
  return most === 0 ? 0 : (target / most) * maxScrollTop(m);
}

/** The position showing content offset `offset`: above the cap, the whole-pixel scrollTop nearest to it. */
export function positionAtOffset(m: ListMetrics, offset: number): ScrollPosition {
  const target = clamp(offset, 0, maxOffset(m));
  if (!isScaled(m)) return { scrollTop: target, offset: target };
  return { scrollTop: Math.round(scrollTopAt(m, target)), offset: target };
}

/**
 * The position after the element reported scrollTop `scrollTop`, coming from `previous`. Above the cap, a scrollTop
 * within a pixel of the one written keeps the exact offset; below it the offset is the scrollTop itself.
 */
export function afterScroll(m: ListMetrics, previous: ScrollPosition, scrollTop: number): ScrollPosition {
  if (!isScaled(m)) return { scrollTop, offset: scrollTop };
  if (Math.abs(scrollTop - previous.scrollTop) < 1)
    return { scrollTop, offset: clamp(previous.offset, 0, maxOffset(m)) };
  return { scrollTop, offset: offsetAt(m, scrollTop) };
}

/** The position after a wheel turn of `delta` content pixels: above the cap rows move as they do below it. */
export function afterWheel(m: ListMetrics, previous: ScrollPosition, delta: number): ScrollPosition {
  return positionAtOffset(m, previous.offset + delta);
}

/**
 * The position after the metrics changed (rows added or filtered, the window resized): the same content stays at
 * the viewport's top, as it does below the cap when the element keeps its scrollTop.
 */
export function keepContent(m: ListMetrics, previous: ScrollPosition): ScrollPosition {
  return positionAtOffset(m, previous.offset);
}

/** A wheel event's vertical delta in pixels (lines are rows, pages are the viewport). */
export function wheelPixels(delta: number, deltaMode: number, m: ListMetrics): number {
  if (deltaMode === 1) return delta * m.rowHeight;
  if (deltaMode === 2) return delta * (m.viewport - m.header);
  return delta;
}

/** The rows the viewport shows at content offset `offset`, with `overscan` more on each side. */
export function visibleRows(m: ListMetrics, offset: number, overscan = 0): RowRange {
  if (m.count === 0 || m.viewport <= 0) return { first: 0, last: -1 };
  const top = clamp(offset, 0, maxOffset(m));
  const first = clamp(Math.floor((top - m.header) / m.rowHeight), 0, m.count - 1);
  const last = clamp(Math.ceil((top + m.viewport - m.header) / m.rowHeight) - 1, first, m.count - 1);
  return { first: Math.max(0, first - overscan), last: Math.min(m.count - 1, last + overscan) };
}

/** What the list renders at a position: rows `first` to `last`, each moved by `shift` from where it stands. */
export interface ListView extends RowRange {
  /** 0 up to the cap; above it, where the mapping puts the rows relative to the scrolled body (whole pixels). */
  shift: number;
}

export function listView(m: ListMetrics, p: ScrollPosition, overscan: number): ListView {
  const shift = isScaled(m) ? Math.round(p.scrollTop - p.offset) : 0;
  return { ...visibleRows(m, p.offset, overscan), shift };
}

export function sameView(a: ListView, b: ListView): boolean {
  return a.first === b.first && a.last === b.last && a.shift === b.shift;
}

/** Where row `index` goes in the list's body (its translateY). */
export function rowTop(m: ListMetrics, view: ListView, index: number): number {
  return m.header + index * m.rowHeight + view.shift;
}

/**
 * The content offset that brings row `index` into view, from offset `current`: `start` puts it just below the
 * header, `end` at the bottom, `center` in the middle, `auto` moves only as far as needed (not at all when it is
 * in view). The same offsets @tanstack/virtual-core's scrollToIndex gives.
 */
export function offsetForRow(m: ListMetrics, index: number, align: ScrollAlign, current: number): number {
  if (m.count === 0) return current;
  const row = clamp(index, 0, m.count - 1);
  const start = m.header + row * m.rowHeight;
  const end = start + m.rowHeight;
  let to: number;
  if (align === 'auto') {
    if (end >= current + m.viewport) align = 'end';
    else if (start <= current + m.header) align = 'start';
    else return current;
  }
  if (align === 'end') to = row === m.count - 1 ? maxOffset(m) : end - m.viewport;
  else if (align === 'center') to = start - m.header + (m.rowHeight - m.viewport) / 2;
  else to = start - m.header;
  return clamp(to, 0, maxOffset(m));
}

/** The position that brings row `index` into view from position `p`. */
export function positionForRow(m: ListMetrics, p: ScrollPosition, index: number, align: ScrollAlign): ScrollPosition {
  const current = clamp(p.offset, 0, maxOffset(m));
  const offset = offsetForRow(m, index, align, current);
  return offset === p.offset ? p : positionAtOffset(m, offset);
}
