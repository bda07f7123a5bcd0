import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCount, selectedIndex, waitUntilLoaded } from './support/app-driver';
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
