import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT } from '../../src-renderer/model/list-scroll';
import { rowCount, runConsoleCommand, selectedIndex, waitUntilLoaded } from './support/app-driver';
import { writeLargeCapture } from './support/large-capture';
import { screenshot, screenshotEachTest, startUiSession, type UiSession } from './support/ui-session';

const MESSAGES = 1_000_000;
const CAPTURE = resolve('out', 'e2e-captures', `ping-pong-${MESSAGES}.pcap`);

/** The capture is made once and kept (it takes a few seconds to write, 58 MB). */
function largeCapture(): number {
  const total = Math.ceil(MESSAGES / 96) * 96;
  if (existsSync(CAPTURE)) return total;
  mkdirSync(resolve('out', 'e2e-captures'), { recursive: true });
  const staging = `${CAPTURE}.${process.pid}`;
  expect(writeLargeCapture(staging, MESSAGES)).toBe(total);
  renameSync(staging, CAPTURE);
  return total;
}

let session: UiSession;
let page: Page;
let errors: string[];
let total: number;
/** The page the running test works in (its screenshot is taken after it). */
let current: Page | undefined;

beforeAll(async () => {
  total = largeCapture();
  session = await startUiSession(CAPTURE);
  ({ page, errors } = await session.openApp());
  current = page;
}, 240_000);

afterAll(async () => {
  await session?.close();
});

screenshotEachTest(() => current);

/** Milliseconds between animation frames while the list is scrolled a long way every frame, and rows found. */
async function scrollFrames(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const list = document.querySelector<HTMLElement>('.message-list')!;
    const gaps: number[] = [];
    let last = performance.now();
    for (let i = 0; i < count; i++) {
      list.scrollTop += 37_311;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return gaps;
  }, frames);
}

/**
 * The list's column header (px). A million rows of 20 px are 20 million px, past the list's 8-million-px cap on its
 * scrollable height (src-renderer/model/list-scroll.ts), so the tests below drive the mapped scrolling that any
 * larger capture gets. A capture of 2 million messages would double the load (about 11 s for this one here, and the
 * file to write): too slow for the suite, so counts up to 50 million are tested on the model
 * (test/renderer/list-scroll.test.ts).
 */
const HEADER = 22;
/** The height of a row of the list (px). */
const ROW = 20;

/** Whether row `row` of the list (0-based) is on screen, wholly between the column header and the bottom. */
async function rowInView(page: Page, row: number): Promise<boolean> {
  return page.evaluate(
    ({ row, header }) => {
      const list = document.querySelector<HTMLElement>('.message-list')!;
      const line = list.querySelector(`.message-row[aria-rowindex="${row + 1}"]`);
      if (!line) return false;
      const [outer, inner] = [list.getBoundingClientRect(), line.getBoundingClientRect()];
      return inner.top >= outer.top + header - 0.5 && inner.bottom <= outer.top + list.clientHeight + 0.5;
    },
    { row, header: HEADER },
  );
}

/** Where the list is scrolled and which rows it renders, for a failure's message. */
async function listState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('.message-list')!;
    const rows = [...list.querySelectorAll('.message-row')].map((r) => r.getAttribute('aria-rowindex') ?? 'pending');
    const top = `scrollTop ${list.scrollTop} of ${list.scrollHeight - list.clientHeight}`;
    return `${top}, rows rendered ${rows.length}: ${rows.slice(0, 3).join(', ')} … ${rows.slice(-3).join(', ')}`;
  });
}

/** Waits for row `row` (0-based) to come wholly into view; the failure says where the list is instead. */
async function expectRowInView(page: Page, row: number): Promise<void> {
  try {
    await expect.poll(() => rowInView(page, row)).toBe(true);
  } catch {
    throw new Error(`row ${row} did not come into view: ${await listState(page)}`);
  }
}

/** The first row (0-based) wholly on screen under the column header, once the rows there have arrived. */
async function firstRowInView(page: Page): Promise<number> {
  const handle = await page.waitForFunction((header) => {
    const list = document.querySelector<HTMLElement>('.message-list')!;
    const top = list.getBoundingClientRect().top + header - 0.5;
    const rows = [...list.querySelectorAll('.message-row')].filter((r) => r.getBoundingClientRect().top >= top);
    rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const first = rows[0];
    return first?.hasAttribute('aria-rowindex') ? { row: Number(first.getAttribute('aria-rowindex')) - 1 } : null;
  }, HEADER);
  return ((await handle.jsonValue()) as { row: number }).row;
}

/** Where row `row` (0-based) is from the top of the list, or NaN when it is not rendered. */
async function screenTop(page: Page, row: number): Promise<number> {
  return page.evaluate((row) => {
    const list = document.querySelector<HTMLElement>('.message-list')!;
    const line = list.querySelector(`.message-row[aria-rowindex="${row + 1}"]`);
    return line ? line.getBoundingClientRect().top - list.getBoundingClientRect().top : Number.NaN;
  }, row);
}

/**
 * Waits until the list's scrollTop holds still across a few frames. A thumb drag is carried out by the browser's
 * compositor, which hands the scroll offsets to the page a frame or more after the mouse is released: read too soon
 * (on a busy machine), the position is one on the way, and a press where the thumb was drawn lands on the track.
 */
async function scrollSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((done) => {
        const list = document.querySelector<HTMLElement>('.message-list')!;
        const before = list.scrollTop;
        requestAnimationFrame(() => setTimeout(() => done(list.scrollTop === before), 50));
      }),
    undefined,
    { polling: 50, timeout: 10_000 },
  );
}

/** The scrolled fraction of the list (0 top, 1 bottom). */
async function scrolledFraction(page: Page): Promise<number> {
  return page.$eval('.message-list', (l) => l.scrollTop / (l.scrollHeight - l.clientHeight));
}

/** Drags the list's scrollbar thumb from `from` (where it is) to `fraction` of the track (0 top, 1 bottom). */
async function dragThumb(page: Page, from: number, fraction: number): Promise<void> {
  const box = await page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('.message-list')!;
    const r = list.getBoundingClientRect();
    const bar = list.offsetWidth - list.clientWidth;
    return {
      x: r.right - bar / 2,
      top: r.top,
      height: list.clientHeight,
      bar,
    };
  });
  // The track runs between the arrow buttons (each as tall as the bar is wide); the thumb is a few pixels long.
  const track = { top: box.top + box.bar, length: box.height - 2 * box.bar };
  const thumb = 8;
  const y = (f: number) => track.top + thumb / 2 + f * (track.length - thumb);
  await page.mouse.move(box.x, y(from));
  await page.mouse.down();
  await page.mouse.move(box.x, fraction >= 1 ? box.top + box.height + 200 : y(fraction), { steps: 8 });
  // held until the list stops moving, as a hand does: released at once, the last moves can be dropped
  await scrollSettled(page);
  await page.mouse.up();
  await scrollSettled(page);
}

/**
 * Drags the thumb until the list is scrolled to within `within` of `fraction`. A busy browser can leave a drag short
 * of where the pointer went (the app only follows the scrollTop it is given); the thumb is then dragged again from
 * where it stopped, as a user would, at most three times.
 */
async function dragThumbTo(page: Page, fraction: number, within = 0): Promise<number> {
  let at = await scrolledFraction(page);
  for (let attempt = 0; attempt < 3 && Math.abs(at - fraction) > within; attempt++) {
    await dragThumb(page, at, fraction);
    at = await scrolledFraction(page);
  }
  return at;
}

describe('a capture of a million messages', () => {
  it('shows rows while it loads, with a progress bar that can cancel', async () => {
    await page.waitForSelector('.main-window');
    await page.waitForSelector('.load-progress button:has-text("Cancel")', { timeout: 20_000 });
    await expect.poll(() => rowCount(page), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForSelector('.message-row[data-index="0"]');
    await screenshot(page, 'million-loading');
  });

  it('lists every message once read', async () => {
    await waitUntilLoaded(page);
    expect(await rowCount(page)).toBe(total);
    expect(await page.textContent('[data-testid="status-counts"]')).toContain('1,000,032');
  });

  it('scrolls through them smoothly, fetching the rows that come into view', async () => {
    const gaps = await scrollFrames(page, 90);
    const sorted = [...gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(median).toBeLessThan(50);
    // Where the scrolling stopped, the rows arrive.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.message-row[data-index]')];
      return rows.length > 10 && Number(rows[0]!.getAttribute('data-index')) > 100_000;
    });
    await screenshot(page, 'million-scrolled');
  });

  it('goes to the last and first message with End and Home', async () => {
    await page.focus('.message-list');
    await page.keyboard.press('End');
    await expect.poll(() => selectedIndex(page)).toBe(total - 1);
    await page.waitForSelector(`.detail-title:has-text("#${total - 1} ")`);
    await screenshot(page, 'million-end');
    await page.keyboard.press('Home');
    await expect.poll(() => selectedIndex(page)).toBe(0);
  });

  it('keeps the list under the browsers` height limit, and End and Ctrl+End bring the last row into view', async () => {
    const { height, client } = await page.$eval('.message-list', (l) => ({
      height: l.scrollHeight,
      client: l.clientHeight,
    }));
    expect(height).toBeLessThanOrEqual(MAX_SCROLL_HEIGHT);
    expect(height).toBeGreaterThan(client);
    await page.focus('.message-list');
    await page.keyboard.press('Control+End');
    await expect.poll(() => selectedIndex(page)).toBe(total - 1);
    await expectRowInView(page, total - 1);
    await page.keyboard.press('Home');
    await expectRowInView(page, 0);
    await page.keyboard.press('End');
    await expectRowInView(page, total - 1);
    expect(await page.$eval('.message-list', (l) => l.scrollTop + l.clientHeight - l.scrollHeight)).toBeCloseTo(0, 0);
    await page.keyboard.press('Home');
    await expectRowInView(page, 0);
  });

  it('reaches the middle and the last row by dragging the scrollbar thumb', async () => {
    // Playwright starts headless Chromium with --hide-scrollbars: this test needs a browser that shows them.
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      ignoreDefaultArgs: ['--hide-scrollbars'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const other = await context.newPage();
      await other.goto(session.server.url);
      await waitUntilLoaded(other);
      // A window opened on a capture already loaded gets the Time column's zero too (no rows arrive any more).
      const time = other.locator('.message-row[data-index="1"] [data-column="time"]');
      await expect.poll(() => time.textContent()).toMatch(/^\d+\.\d{6}$/);
      const at = await dragThumbTo(other, 0.5, 0.1);
      expect(at).toBeGreaterThan(0.4);
      expect(at).toBeLessThan(0.6);
      // the rows shown are those the scrolled fraction maps to
      const viewport = await other.$eval('.message-list', (l) => l.clientHeight);
      const rowsShown = (viewport - HEADER) / ROW;
      const middle = await firstRowInView(other);
      expect(Math.abs(middle - at * (total - rowsShown))).toBeLessThanOrEqual(1);
      await screenshot(other, 'million-thumb-in-the-middle');
      await dragThumbTo(other, 1);
      await expectRowInView(other, total - 1);
      await screenshot(other, 'million-thumb-at-the-bottom');
      await dragThumbTo(other, 0);
      await expectRowInView(other, 0);
    } finally {
      await browser.close();
    }
  });

  it('goes to a far row with goto N, and moves from it by a page and by the wheel`s own pixels', async () => {
    const target = total - 12_345;
    await runConsoleCommand(page, `goto ${target}`);
    await expect.poll(() => selectedIndex(page)).toBe(target);
    await expectRowInView(page, target);
    await page.focus('.message-list');
    const step = Math.floor((await page.$eval('.message-list', (l) => l.clientHeight)) / ROW) - 2;
    await page.keyboard.press('PageDown');
    await expect.poll(() => selectedIndex(page)).toBe(target + step);
    await expectRowInView(page, target + step);
    // Space and Shift+Space page too (the browser's own page scroll would jump by the capped mapping)
    await page.keyboard.press('Shift+Space');
    await expect.poll(() => selectedIndex(page)).toBe(target);
    await page.keyboard.press('Space');
    await expect.poll(() => selectedIndex(page)).toBe(target + step);
    await expectRowInView(page, target + step);
    // a wheel turn of 200 px moves the rows 200 px (ten rows), as below the height limit
    const row = await firstRowInView(page);
    const top = await screenTop(page, row);
    const box = (await page.locator('.message-list').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 200);
    await expect.poll(async () => Math.abs((await screenTop(page, row + 10)) - top)).toBeLessThanOrEqual(1);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => Math.abs((await screenTop(page, row - 10)) - top)).toBeLessThanOrEqual(1);
    await screenshot(page, 'million-goto-wheel');
  });

  it('filters the million rows', async () => {
    await page.fill('.filter-input', 'message == PONG && tcp.srcport == 9000 && tcp.dstport == 40001');
    await page.press('.filter-input', 'Enter');
    await expect.poll(() => rowCount(page), { timeout: 20_000 }).toBe(total / 8);
    expect(errors).toEqual([]);
  });
});

describe('cancelling', () => {
  it('stops reading and keeps the rows read so far', async () => {
    const other = await session.openApp();
    current = other.page;
    await other.page.click('.toolbar button:has-text("Close")');
    await other.page.waitForSelector('.welcome');
    // The server opened it by path (as `peerscope web FILE` does), so it is a recent file now.
    const recent = other.page.locator(`.welcome-item:has-text("${join('e2e-captures', '')}")`).first();
    await recent.click();
    await other.page.click('.load-progress button:has-text("Cancel")', { timeout: 20_000 });
    await other.page.waitForSelector('.main-window[data-load-state="cancelled"]', { timeout: 20_000 });
    const rows = await rowCount(other.page);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(total);
    expect(await other.page.textContent('.status-bar')).toContain('Loading cancelled');
    await screenshot(other.page, 'million-cancelled');
    expect(other.errors).toEqual([]);
  });
});
