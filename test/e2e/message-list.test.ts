import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { pairText } from '../../src-renderer/model/pair-text';
import { formatSeconds, formatTimeOfDay } from '../../src-renderer/model/time-format';
import { runCli, runCliOk } from '../cli/run-cli';
import { applyFilter, listedRows, openSample, rowCount, selectedIndex, selectMessage } from './support/app-driver';
import { screenshot, screenshotEachTest, startUiSession, type UiSession } from './support/ui-session';

const HOBBITS = 'samples/hobbits.pcap';

async function inspectJson(file: string, ...args: string[]): Promise<MessageRecord[]> {
  const { stdout } = await runCliOk(['inspect', file, '--json', ...args]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MessageRecord);
}

let session: UiSession;
let page: Page;
let errors: string[];
let records: MessageRecord[];

beforeAll(async () => {
  [session, records] = await Promise.all([startUiSession(), inspectJson(HOBBITS)]);
  ({ page, errors } = await session.openApp());
}, 240_000);

afterAll(async () => {
  await session?.close();
});

screenshotEachTest(() => page);

describe('the welcome screen', () => {
  it('lists the bundled samples, each opened with one click', async () => {
    await page.waitForSelector('.welcome [data-sample]');
    const samples = await page.$$eval('[data-sample]', (items) => items.map((i) => i.getAttribute('data-sample')));
    expect(samples).toEqual(expect.arrayContaining(['hobbits', 'eth2rpc', 'rlpx-les', 'discv5']));
    expect(await page.textContent('[data-sample="hobbits"]')).toContain('hobbits.pcap');
  });
});

describe('the message list', () => {
  it('shows, after a sample is opened from the welcome screen, the messages inspect --json lists', async () => {
    await openSample(page, 'hobbits');
    const rows = await listedRows(page);
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const record = records[i]!;
      expect(row.index).toBe(record.index);
      expect(row.cells).toMatchObject({
        index: String(record.index),
        src: record.src,
        dst: record.dst,
        protocol: record.protocol,
        message: record.message,
        requestId: record.requestId ?? '',
        pair: pairText(record.pair),
      });
    });
    await screenshot(page, 'list-hobbits');
    expect(errors).toEqual([]);
  });

  it('narrows to what the CLI`s --filter selects, and shows the count and time taken', async () => {
    const filter = 'hobbits.header.id == 5 || pair == unanswered';
    const expected = await inspectJson(HOBBITS, '--filter', filter);
    await applyFilter(page, filter);
    await expect.poll(() => rowCount(page)).toBe(expected.length);
    expect((await listedRows(page)).map((r) => r.index)).toEqual(expected.map((r) => r.index));
    await expect
      .poll(() => page.textContent('[data-testid="filter-result"]'))
      .toMatch(new RegExp(`^${expected.length} of ${records.length} · \\d+\\.\\d ms$`));
    await screenshot(page, 'list-filtered');
    await applyFilter(page, '');
    await expect.poll(() => rowCount(page)).toBe(records.length);
  });

  it('underlines a bad filter where the CLI puts its caret, and keeps the list', async () => {
    const bad = 'hobbits.header.id == 5 && pair = unanswered';
    const cli = await runCli(['inspect', HOBBITS, '--filter', bad]);
    expect(cli.code).not.toBe(0);
    const caretLine = cli.stderr.split('\n').find((l) => /^\s*\^+\s*$/.test(l))!;
    const filterLine = cli.stderr.split('\n')[cli.stderr.split('\n').indexOf(caretLine) - 1]!;
    const caretColumn = caretLine.indexOf('^') - filterLine.indexOf(bad);
    await page.fill('.filter-input', bad);
    await page.locator('.filter-problem-span').waitFor();
    const before = await page.textContent('.filter-mirror > span:first-child');
    expect(before).toHaveLength(caretColumn);
    await page.press('.filter-input', 'Enter');
    await expect.poll(() => page.getAttribute('.filter-input', 'aria-invalid')).toBe('true');
    expect(await rowCount(page)).toBe(records.length);
    await screenshot(page, 'filter-error');
    await page.fill('.filter-input', '');
  });

  it('completes field names as they are typed', async () => {
    await page.fill('.filter-input', '');
    await page.type('.filter-input', 'hobbits.hea');
    const options = page.locator('.completion-list [role="option"]');
    await expect.poll(() => options.allTextContents()).toContain('hobbits.header');
    await page.press('.filter-input', 'Tab');
    expect(await page.inputValue('.filter-input')).toMatch(/^hobbits\.header/);
    await screenshot(page, 'filter-completion');
    await page.fill('.filter-input', '');
    await page.press('.filter-input', 'Escape');
  });

  it('jumps from a request to its response and back, with the response time', async () => {
    const request = records.find((r) => r.index === 9)!;
    await selectMessage(page, 9);
    expect(await page.textContent('[data-testid="detail-pair"]')).toBe(pairText(request.pair));
    await page.click('button:has-text("Go to response #11")');
    await expect.poll(() => selectedIndex(page)).toBe(11);
    await page.click('button:has-text("Go to request #9")');
    await expect.poll(() => selectedIndex(page)).toBe(9);
    await screenshot(page, 'go-to-request');
  });

  it('clears the filter when the partner it jumps to is filtered out', async () => {
    await applyFilter(page, 'index == 9');
    await expect.poll(() => rowCount(page)).toBe(1);
    await selectMessage(page, 9);
    await page.click('button:has-text("Go to response #11")');
    await expect.poll(() => selectedIndex(page)).toBe(11);
    expect(await page.inputValue('.filter-input')).toBe('');
    expect(await rowCount(page)).toBe(records.length);
  });

  it('moves the selection with the keyboard', async () => {
    await page.focus('.message-list');
    await page.keyboard.press('Home');
    await expect.poll(() => selectedIndex(page)).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedIndex(page)).toBe(2);
    await page.keyboard.press('End');
    await expect.poll(() => selectedIndex(page)).toBe(records.length - 1);
    await page.keyboard.press('PageUp');
    await expect.poll(async () => (await selectedIndex(page))! < records.length - 5).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('field-tree'))).toBe(true);
  });

  it('sorts by a column, descending on a second click, back to capture order on a third', async () => {
    const lengths = async () => (await listedRows(page)).map((r) => Number(r.cells.length));
    const header = page.locator('.message-header [role="columnheader"]:has-text("Length")');
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await lengths();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const descending = await lengths();
    expect(descending).toEqual([...ascending].sort((a, b) => b - a));
    await screenshot(page, 'sorted-by-length');
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('none');
    expect((await listedRows(page)).map((r) => r.index)).toEqual(records.map((r) => r.index));
  });

  it('shows time as absolute, relative to the first message, or as delta to the row above', async () => {
    const cell = (index: number) => page.textContent(`.message-row[data-index="${index}"] [data-column="time"]`);
    const [first, second] = [records[0]!, records[1]!];
    await page.selectOption('select[aria-label="Time display format"]', 'absolute');
    await expect.poll(() => cell(1)).toBe(formatTimeOfDay(second.time));
    await page.selectOption('select[aria-label="Time display format"]', 'delta');
    await expect.poll(() => cell(1)).toBe(formatSeconds(second.time - first.time));
    await page.selectOption('select[aria-label="Time display format"]', 'relative');
    await expect.poll(() => cell(0)).toBe('0.000000');
    expect(errors).toEqual([]);
  });
});
