/** What the end-to-end tests do in the app, in the words of its screen: open a sample, read rows, pick a field… */
import type { Page } from 'playwright-core';

export interface ListedRow {
  index: number;
  cells: Record<string, string>;
}

/** Closes the capture (the engine keeps captures open for pages that come later: a test leaves none behind). */
export async function closeCapture(page: Page): Promise<void> {
  await page.click('.toolbar button:has-text("Close")');
  await page.waitForSelector('.welcome');
}

export async function openSample(page: Page, name: string): Promise<void> {
  await page.click(`[data-sample="${name}"]`);
  await page.waitForSelector('.message-list');
  await waitUntilLoaded(page);
}

/** Waits for the capture to be read and the list to show its first row. */
export async function waitUntilLoaded(page: Page): Promise<void> {
  await page.waitForSelector('.main-window[data-load-state="done"]', { timeout: 20_000 });
  await page.waitForFunction(() => {
    const count = Number(document.querySelector('.message-list')?.getAttribute('aria-rowcount') ?? 0);
    return count === 0 || document.querySelector('.message-row[data-index]') !== null;
  });
}

/** The rows of the list in view order, scrolling through it to meet every one (it is virtualized). */
export async function listedRows(page: Page): Promise<ListedRow[]> {
  const seen = new Map<number, ListedRow>();
  const count = Number(await page.getAttribute('.message-list', 'aria-rowcount'));
  for (let pass = 0; pass < 1000 && seen.size < count; pass++) {
    const visible = await page.$$eval('.message-row[data-index]', (rows) =>
      rows.map((row) => ({
        position: Number(row.getAttribute('aria-rowindex')) - 1,
        index: Number(row.getAttribute('data-index')),
        cells: Object.fromEntries(
          [...row.querySelectorAll('[data-column]')].map((c) => [
            c.getAttribute('data-column'),
            // the cell's own text, not the severity icon's tooltip
            [...c.childNodes]
              .filter((n) => n.nodeType === Node.TEXT_NODE)
              .map((n) => n.textContent)
              .join(''),
          ]),
        ),
      })),
    );
    for (const row of visible) seen.set(row.position, { index: row.index, cells: row.cells });
    await page.$eval('.message-list', (list) => list.scrollBy(0, list.clientHeight / 2));
    await page.waitForTimeout(50);
  }
  await page.$eval('.message-list', (list) => list.scrollTo(0, 0));
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

export async function selectMessage(page: Page, index: number): Promise<void> {
  await page.click(`.message-row[data-index="${index}"]`);
  await page.waitForSelector(`.detail-title:has-text("#${index} ")`);
}

/** Opens the tree down to a field (its expansion key, `header.id`) and selects it. */
export async function selectField(page: Page, key: string): Promise<void> {
  const parts = key.split('.');
  for (let depth = 1; depth < parts.length; depth++) {
    const parent = parts.slice(0, depth).join('.');
    const line = page.locator(`.tree-line[data-field="${parent}"]`);
    if ((await line.getAttribute('aria-expanded')) === 'false')
      await line.locator('.twisty').dispatchEvent('mousedown');
  }
  await page.click(`.tree-line[data-field="${key}"]`);
}

/** Offsets of the bytes lit in the hex pane. */
export async function litOffsets(page: Page): Promise<number[]> {
  return page.$$eval('.hex-byte.lit', (bytes) => bytes.map((b) => Number(b.getAttribute('data-offset'))));
}

export async function selectedFieldKey(page: Page): Promise<string | null> {
  return page.getAttribute('.tree-line.selected', 'data-field');
}

export async function applyFilter(page: Page, filter: string): Promise<void> {
  await page.fill('.filter-input', filter);
  await page.press('.filter-input', 'Enter');
}

/** The list's row count (what the view shows). */
export async function rowCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('.message-list', 'aria-rowcount'));
}

export async function selectedIndex(page: Page): Promise<number | null> {
  const index = await page.getAttribute('.message-row.selected', 'data-index');
  return index === null ? null : Number(index);
}

export async function openPanel(page: Page, label: string): Promise<void> {
  await page.click(`.panel-tabs [role="tab"]:has-text("${label}")`);
}

/** Types a command into the console and waits for the prompt to come back after its output. */
export async function runConsoleCommand(page: Page, command: string): Promise<string> {
  await openPanel(page, 'Console');
  await page.click('.console-pane .xterm-screen');
  const before = await consoleText(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await page.waitForFunction((length) => {
    const text = document.querySelector('.console-pane .xterm-rows')?.textContent ?? '';
    return text.length !== length;
  }, before.length);
  await page.waitForTimeout(300);
  return consoleText(page);
}

export async function consoleText(page: Page): Promise<string> {
  return page.$$eval('.console-pane .xterm-rows > div', (rows) => rows.map((r) => r.textContent ?? '').join('\n'));
}
