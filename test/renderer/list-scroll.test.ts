import { Virtualizer } from '@tanstack/virtual-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_HEIGHT,
  TOP,
  afterScroll,
  afterWheel,
  contentHeight,
  isScaled,
  keepContent,
  listView,
  offsetAt,
  offsetForRow,
  positionAtOffset,
  positionForRow,
  rowTop,
  scrollHeight,
  scrollTopAt,
  visibleRows,
  wheelPixels,
  type ListMetrics,
  type ScrollAlign,
  type ScrollPosition,
} from '../../src-renderer/model/list-scroll';

const ROW = 20;
const HEADER = 22;
/** Rows whose content just fits under the cap. */
const LAST_UNSCALED = Math.floor((MAX_SCROLL_HEIGHT - HEADER) / ROW);

const metrics = (count: number, viewport: number): ListMetrics => ({ count, rowHeight: ROW, header: HEADER, viewport });

/** Counts from none to 50 million, with the ones around the cap and the largest drawn often. */
const counts = fc.oneof(
  fc.integer({ min: 0, max: 3000 }),
  fc.integer({ min: 0, max: 50_000_000 }),
  fc.integer({ min: LAST_UNSCALED - 3, max: LAST_UNSCALED + 3 }),
  fc.integer({ min: 49_999_000, max: 50_000_000 }),
  fc.constantFrom(0, 1, 1_000_032, 2_000_000, 50_000_000),
);
/** Viewports from one row under the header to a tall window. */
const viewports = fc.integer({ min: HEADER + ROW, max: 3000 });
const lists = fc.record({ count: counts, viewport: viewports }).map(({ count, viewport }) => metrics(count, viewport));
const nonEmpty = lists.filter((m) => m.count > 0);
/** A place along the list or the scrollbar, 0 the top and 1 the bottom. */
const places = fc.double({ min: 0, max: 1, noNaN: true });
const aligns = fc.constantFrom<ScrollAlign>('auto', 'start', 'center', 'end');

const maxScrollTop = (m: ListMetrics) => Math.max(0, scrollHeight(m) - m.viewport);
const maxOffset = (m: ListMetrics) => Math.max(0, contentHeight(m) - m.viewport);
/** Content pixels per scrollbar pixel. */
const ratio = (m: ListMetrics) => (isScaled(m) ? maxOffset(m) / maxScrollTop(m) : 1);
/** Where row `index` is on screen (from the viewport's top) when the list is at position `p`. */
const onScreen = (m: ListMetrics, p: ScrollPosition, index: number) =>
  rowTop(m, listView(m, p, 0), index) - p.scrollTop;
/** A row is in view when it is wholly between the header and the viewport's bottom (half a pixel of rounding). */
const inView = (m: ListMetrics, p: ScrollPosition, index: number) => {
  const top = onScreen(m, p, index);
  return top >= m.header - 0.5 && top + m.rowHeight <= m.viewport + 0.5;
};
/** The scroll event that follows a write: the element at the written scrollTop, or a fraction off (device pixels). */
const settle = (m: ListMetrics, p: ScrollPosition, jitter = 0) => afterScroll(m, p, p.scrollTop + jitter);

describe('the list scroll mapping', () => {
  it('keeps the scrollable height under the cap, and is the plain list below it', () => {
    fc.assert(
      fc.property(lists, (m) => {
        expect(scrollHeight(m)).toBeLessThanOrEqual(MAX_SCROLL_HEIGHT);
        expect(isScaled(m)).toBe(contentHeight(m) > MAX_SCROLL_HEIGHT);
        if (!isScaled(m)) expect(scrollHeight(m)).toBe(HEADER + m.count * ROW);
      }),
    );
    expect(isScaled(metrics(LAST_UNSCALED, 800))).toBe(false);
    expect(isScaled(metrics(LAST_UNSCALED + 1, 800))).toBe(true);
    expect(scrollHeight(metrics(50_000_000, 800))).toBe(MAX_SCROLL_HEIGHT);
  });

  it('below the cap, scrolls pixel for pixel: the offset is the scrollTop, rows stand where their number puts them', () => {
    const below = fc
      .record({ count: fc.integer({ min: 0, max: LAST_UNSCALED }), viewport: viewports })
      .map(({ count, viewport }) => metrics(count, viewport));
    fc.assert(
      fc.property(below, places, fc.nat(), (m, fraction, index) => {
        const scrollTop = Math.round(fraction * maxScrollTop(m));
        const p = afterScroll(m, TOP, scrollTop);
        expect(p).toEqual({ scrollTop, offset: scrollTop });
        expect(offsetAt(m, scrollTop)).toBe(scrollTop);
        expect(scrollTopAt(m, scrollTop)).toBe(scrollTop);
        expect(positionAtOffset(m, scrollTop)).toEqual(p);
        expect(rowTop(m, listView(m, p, 20), index)).toBe(HEADER + index * ROW);
      }),
    );
  });

  it('maps scrollTop to content monotonically, from the first row at the top to the last row at the bottom', () => {
    fc.assert(
      fc.property(nonEmpty, places, places, (m, a, b) => {
        const [low, high] = [Math.min(a, b), Math.max(a, b)].map((f) => Math.round(f * maxScrollTop(m)));
        expect(offsetAt(m, low!)).toBeLessThanOrEqual(offsetAt(m, high!));
        expect(visibleRows(m, offsetAt(m, low!)).first).toBeLessThanOrEqual(visibleRows(m, offsetAt(m, high!)).first);
        // the ends
        const top = afterScroll(m, { scrollTop: 1, offset: 1 }, 0);
        expect(top.offset).toBe(0);
        expect(visibleRows(m, top.offset).first).toBe(0);
        expect(onScreen(m, top, 0)).toBe(HEADER);
        const bottom = afterScroll(m, TOP, maxScrollTop(m));
        expect(visibleRows(m, bottom.offset).last).toBe(m.count - 1);
        if (contentHeight(m) >= m.viewport) {
          expect(bottom.offset).toBeCloseTo(maxOffset(m), 3);
          expect(Math.abs(onScreen(m, bottom, m.count - 1) + ROW - m.viewport)).toBeLessThanOrEqual(0.5);
        }
      }),
    );
  });

  it('round-trips scrollTop and offset, within the half scrollbar pixel a whole scrollTop can miss by', () => {
    fc.assert(
      fc.property(lists, places, (m, fraction) => {
        const scrollTop = Math.round(fraction * maxScrollTop(m));
        expect(scrollTopAt(m, offsetAt(m, scrollTop))).toBeCloseTo(scrollTop, 4);
        const offset = fraction * maxOffset(m);
        expect(offsetAt(m, scrollTopAt(m, offset)) / Math.max(1, offset)).toBeCloseTo(offset / Math.max(1, offset), 9);
        const p = positionAtOffset(m, offset);
        expect(Number.isInteger(p.scrollTop) || !isScaled(m)).toBe(true);
        expect(Math.abs(offsetAt(m, p.scrollTop) - offset)).toBeLessThanOrEqual(ratio(m) / 2 + 1e-6);
        // the element at the written scrollTop keeps the exact offset
        expect(settle(m, p).offset).toBeCloseTo(offset, 6);
        expect(settle(m, p, 0.4).offset).toBeCloseTo(isScaled(m) ? offset : p.scrollTop + 0.4, 6);
      }),
    );
  });

  it('renders, wherever it is, rows that fill the viewport, each where the mapping puts it', () => {
    fc.assert(
      fc.property(nonEmpty, places, fc.nat(40), (m, fraction, overscan) => {
        const p = afterScroll(m, TOP, Math.round(fraction * maxScrollTop(m)));
        const view = listView(m, p, overscan);
        const seen = visibleRows(m, p.offset);
        expect(view.first).toBe(Math.max(0, seen.first - overscan));
        expect(view.last).toBe(Math.min(m.count - 1, seen.last + overscan));
        // the first row shown starts at or above the viewport's top, the last ends at or below its bottom
        expect(onScreen(m, p, seen.first)).toBeLessThanOrEqual(seen.first === 0 ? HEADER : 0.5);
        if (seen.last < m.count - 1) expect(onScreen(m, p, seen.last) + ROW).toBeGreaterThanOrEqual(m.viewport - 0.5);
        // every row on screen stands at its content position less the offset
        for (const index of [seen.first, seen.last])
          expect(Math.abs(onScreen(m, p, index) - (HEADER + index * ROW - p.offset))).toBeLessThanOrEqual(0.5);
        // and inside the capped body
        expect(rowTop(m, view, seen.last) + ROW).toBeLessThanOrEqual(Math.max(scrollHeight(m), m.viewport) + 0.5);
      }),
    );
  });

  it('skips no row while the scrollbar thumb is dragged a pixel at a time', () => {
    fc.assert(
      fc.property(nonEmpty, places, (m, fraction) => {
        fc.pre(ratio(m) + ROW < m.viewport - HEADER); // the thumb's pixel moves less than the viewport shows
        const scrollTop = Math.floor(fraction * Math.max(0, maxScrollTop(m) - 1));
        const here = visibleRows(m, offsetAt(m, scrollTop));
        const next = visibleRows(m, offsetAt(m, scrollTop + 1));
        expect(next.first).toBeLessThanOrEqual(here.last + 1);
      }),
    );
  });

  it('brings any row into view with any alignment, and the list reads back the same rows', () => {
    fc.assert(
      fc.property(nonEmpty, places, places, aligns, (m, from, which, align) => {
        const index = Math.floor(which * (m.count - 1));
        const start = afterScroll(m, TOP, Math.round(from * maxScrollTop(m)));
        const p = positionForRow(m, start, index, align);
        for (const read of [settle(m, p), settle(m, p, -0.4), settle(m, p, 0.4)]) {
          const view = listView(m, read, 20);
          expect(index).toBeGreaterThanOrEqual(view.first);
          expect(index).toBeLessThanOrEqual(view.last);
          // (tanstack centers on the whole viewport, header included: a row is then wholly in view from 64 px)
          if (align !== 'center' || m.viewport >= 2 * HEADER + ROW) expect(inView(m, read, index)).toBe(true);
        }
        const top = onScreen(m, p, index);
        const clamped = p.offset === 0 || Math.abs(p.offset - maxOffset(m)) < 1e-6;
        if (align === 'start' && !clamped) expect(top).toBeCloseTo(HEADER, 0);
        if (align === 'end' && !clamped) expect(top + ROW).toBeCloseTo(m.viewport, 0);
        // tanstack's center: the row's middle half the viewport below the header
        if (align === 'center' && !clamped)
          expect(Math.abs(top + ROW / 2 - (HEADER + m.viewport / 2))).toBeLessThanOrEqual(1);
        // a row already in view does not move the list
        if (align === 'auto' && inView(m, start, index) && onScreen(m, start, index) > HEADER)
          expect(p.offset).toBe(start.offset);
      }),
    );
  });

  it('reaches the last row with End and the first with Home, from anywhere, at every count up to 50 million', () => {
    fc.assert(
      fc.property(nonEmpty, places, (m, from) => {
        const start = afterScroll(m, TOP, Math.round(from * maxScrollTop(m)));
        const end = settle(m, positionForRow(m, start, m.count - 1, 'auto'));
        expect(inView(m, end, m.count - 1)).toBe(true);
        expect(end.scrollTop).toBe(contentHeight(m) > m.viewport ? maxScrollTop(m) : 0);
        const home = settle(m, positionForRow(m, end, 0, 'auto'));
        expect(home).toEqual({ scrollTop: 0, offset: 0 });
      }),
    );
  });

  it('moves the rows by the wheel`s own pixels above the cap, as below it', () => {
    fc.assert(
      fc.property(nonEmpty, places, fc.integer({ min: -2000, max: 2000 }), (m, from, delta) => {
        const start = positionAtOffset(m, from * maxOffset(m));
        const p = settle(m, afterWheel(m, start, delta));
        const expected = Math.max(0, Math.min(maxOffset(m), start.offset + delta));
        expect(p.offset).toBeCloseTo(expected, 6);
        expect(p.scrollTop).toBe(isScaled(m) ? Math.round(scrollTopAt(m, expected)) : expected);
      }),
    );
    const m = metrics(50_000_000, 800);
    expect(wheelPixels(3, 1, m)).toBe(60);
    expect(wheelPixels(1, 2, m)).toBe(800 - HEADER);
    expect(wheelPixels(120, 0, m)).toBe(120);
  });

  it('keeps the rows at the top in place when rows are added or the window resized', () => {
    fc.assert(
      fc.property(nonEmpty, counts, viewports, places, (m, more, viewport, from) => {
        const before = positionAtOffset(m, from * maxOffset(m));
        const grown = { ...m, count: m.count + more, viewport };
        const after = keepContent(grown, before);
        expect(after.offset).toBeCloseTo(Math.min(before.offset, maxOffset(grown)), 6);
        expect(Math.abs(after.scrollTop - scrollTopAt(grown, after.offset))).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('below the cap, renders and aligns rows exactly as the list did with @tanstack/virtual-core', () => {
    /** The virtualizer the list used (overscan aside), on an element of these metrics scrolled to `offset`. */
    const tanstack = (m: ListMetrics, offset: number) => {
      const element = { scrollHeight: contentHeight(m), clientHeight: m.viewport, scrollTop: offset } as Element;
      const virtualizer = new Virtualizer<Element, Element>({
        count: m.count,
        getScrollElement: () => element,
        estimateSize: () => ROW,
        overscan: 0,
        paddingStart: HEADER,
        scrollPaddingStart: HEADER,
        scrollToFn: () => {},
        observeElementRect: () => {},
        observeElementOffset: () => {},
        initialRect: { width: 1440, height: m.viewport },
        initialOffset: offset,
      });
      Object.assign(virtualizer, { scrollElement: element });
      return virtualizer;
    };
    const small = fc
      .record({ count: fc.integer({ min: 1, max: 20_000 }), viewport: viewports })
      .map(({ count, viewport }) => metrics(count, viewport));
    fc.assert(
      fc.property(small, places, fc.nat(), aligns, (m, at, which, align) => {
        const offset = Math.round(at * maxOffset(m));
        const index = which % m.count;
        const virtualizer = tanstack(m, offset);
        const items = virtualizer.getVirtualItems();
        expect(visibleRows(m, offset)).toEqual({ first: items[0]!.index, last: items.at(-1)!.index });
        const view = listView(m, afterScroll(m, TOP, offset), 0);
        for (const item of items) expect(rowTop(m, view, item.index)).toBe(item.start);
        const [expected] = virtualizer.getOffsetForIndex(index, align)!;
        expect(positionForRow(m, afterScroll(m, TOP, offset), index, align).scrollTop).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('aligns rows as @tanstack/virtual-core`s scrollToIndex does', () => {
    const m = metrics(1000, 222); // ten rows under the header
    expect(offsetForRow(m, 50, 'start', 0)).toBe(1000);
    expect(offsetForRow(m, 50, 'end', 0)).toBe(HEADER + 51 * ROW - 222);
    expect(offsetForRow(m, 50, 'center', 0)).toBe(1000 + (ROW - 222) / 2);
    expect(offsetForRow(m, 50, 'auto', 0)).toBe(HEADER + 51 * ROW - 222); // below: to the bottom
    expect(offsetForRow(m, 50, 'auto', 5000)).toBe(1000); // above: to the top
    expect(offsetForRow(m, 50, 'auto', 900)).toBe(900); // in view: stays
    expect(offsetForRow(m, 999, 'end', 0)).toBe(contentHeight(m) - 222);
    expect(offsetForRow(m, 0, 'center', 500)).toBe(0);
    expect(offsetForRow(metrics(0, 222), 5, 'auto', 0)).toBe(0);
    expect(visibleRows(metrics(0, 222), 0)).toEqual({ first: 0, last: -1 });
    expect(visibleRows(metrics(10, 0), 0)).toEqual({ first: 0, last: -1 });
  });

  it('puts the last of 50 million rows at the bottom of the capped list', () => {
    const m = metrics(50_000_000, 900);
    const end = settle(m, positionForRow(m, TOP, m.count - 1, 'end'));
    expect(end.scrollTop).toBe(MAX_SCROLL_HEIGHT - 900);
    expect(rowTop(m, listView(m, end, 20), m.count - 1) + ROW).toBe(MAX_SCROLL_HEIGHT);
    const middle = settle(m, positionForRow(m, end, 25_000_000, 'center'));
    expect(middle.scrollTop / (MAX_SCROLL_HEIGHT - 900)).toBeCloseTo(0.5, 4);
    expect(inView(m, middle, 25_000_000)).toBe(true);
  });
});
