import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { runCliOk } from '../cli/run-cli';
import {
  litOffsets,
  openPanel,
  openSample,
  rowCount,
  selectedFieldKey,
  selectedIndex,
  selectField,
  selectMessage,
} from './support/app-driver';
import { screenshot, screenshotEachTest, startUiSession, type UiSession } from './support/ui-session';

let session: UiSession;
let page: Page;
let errors: string[];

beforeAll(async () => {
  session = await startUiSession();
  ({ page, errors } = await session.openApp());
  await openSample(page, 'hobbits');
}, 240_000);

afterAll(async () => {
  await session?.close();
});

screenshotEachTest(() => page);

/** The byte range the engine gives a field, read from the tree line's tooltip (`bytes 35–43 (8 bytes) of …`). */
async function fieldRange(key: string): Promise<[number, number]> {
  const title = await page.getAttribute(`.tree-line[data-field="${key}"]`, 'title');
  const match = /bytes (\d+)–(\d+)/.exec(title ?? '');
  if (!match) throw new Error(`no byte range for ${key}: ${title}`);
  return [Number(match[1]), Number(match[2])];
}

const span = ([start, end]: [number, number]) => Array.from({ length: end - start }, (_, i) => start + i);

describe('the field tree and the hex pane', () => {
  it('lights the bytes of the selected field, including encoding details', async () => {
    await selectMessage(page, 9);
    await selectField(page, 'header.id');
    expect(await litOffsets(page)).toEqual(span(await fieldRange('header.id')));
    await selectField(page, 'header.id.type');
    expect(await litOffsets(page)).toEqual(span(await fieldRange('header.id.type')));
    await screenshot(page, 'field-bytes');
  });

  it('selects the deepest field covering a clicked byte', async () => {
    await selectField(page, 'header.method_id.name'); // opens its parents, to read its range
    const [start] = await fieldRange('header.method_id.name');
    await selectField(page, 'version');
    await page.click(`.hex-byte[data-offset="${start + 1}"]`);
    expect(await selectedFieldKey(page)).toBe('header.method_id.name');
    await page.click(`.hex-ascii [data-offset="${start}"]`);
    expect(await selectedFieldKey(page)).toBe('header.method_id.name');
    expect(await litOffsets(page)).toEqual(span(await fieldRange('header.method_id.name')));
    await page.click('.hex-byte[data-offset="1"]');
    expect(await selectedFieldKey(page)).toBe('preamble');
  });

  it('shows generated fields in brackets and encoding details apart from spec fields', async () => {
    expect(await page.textContent('.tree-line[data-field="framing"]')).toMatch(/^\[framing: /);
    expect(await page.getAttribute('.tree-line[data-field="header_length"]', 'class')).toContain('encoding');
    expect(await page.getAttribute('.tree-line[data-field="version"]', 'class')).not.toContain('encoding');
  });

  it('expands and collapses everything from the context menu', async () => {
    await page.click('.tree-line[data-field="header"]', { button: 'right' });
    await page.click('[role="menuitem"]:has-text("Expand all")');
    await page.waitForSelector('.tree-line[data-field="body.body.user_agent"]');
    await screenshot(page, 'tree-expanded');
    await page.click('.tree-line[data-field="header"]', { button: 'right' });
    await page.click('[role="menuitem"]:has-text("Collapse all")');
    await expect.poll(() => page.locator('.tree-line[data-field="header.id"]').count()).toBe(0);
  });

  it('copies a field`s value and its bytes as hex', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await selectField(page, 'header.id');
    const [start, end] = await fieldRange('header.id');
    const hex = await page.$$eval(
      '.hex-byte.lit',
      (bytes, [from, to]) =>
        bytes
          .filter((b) => Number(b.getAttribute('data-offset')) >= from! && Number(b.getAttribute('data-offset')) < to!)
          .map((b) => b.textContent)
          .join(''),
      [start, end],
    );
    await page.click('.tree-line[data-field="header.id"]', { button: 'right' });
    await page.click('[role="menuitem"]:has-text("Copy as hex")');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(hex);
    await page.click('.tree-line[data-field="header.id"]', { button: 'right' });
    await page.click('[role="menuitem"]:has-text("Copy value")');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('2');
  });

  it('applies a field as a filter: protocol.path == value, selecting what the CLI selects', async () => {
    await selectField(page, 'header.id');
    await page.click('.tree-line[data-field="header.id"]', { button: 'right' });
    await page.click('[role="menuitem"]:has-text("Apply as filter")');
    await expect.poll(() => page.inputValue('.filter-input')).toBe('hobbits.header.id == 2');
    const { stdout } = await runCliOk([
      'inspect',
      'samples/hobbits.pcap',
      '--json',
      '--filter',
      'hobbits.header.id == 2',
    ]);
    await expect.poll(() => rowCount(page)).toBe(stdout.trim().split('\n').length);
    await screenshot(page, 'apply-as-filter');
    await page.fill('.filter-input', '');
    await page.press('.filter-input', 'Enter');
    expect(errors).toEqual([]);
  });
});

describe('the expert info panel', () => {
  it('lists the sample`s problems by severity and kind, the unanswered request and the malformed message among them', async () => {
    const { stdout } = await runCliOk(['inspect', 'samples/hobbits.pcap', '--json']);
    const records = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as MessageRecord);
    const unanswered = records.find((r) => r.pair?.status === 'unanswered')!;
    const malformed = records.find((r) => r.notes.some((n) => n.kind === 'decode.truncated'))!;
    await openPanel(page, 'Expert info');
    const unansweredGroup = page.locator('.expert-kind[data-kind="pair.unanswered"]');
    await unansweredGroup.waitFor();
    expect(await unansweredGroup.textContent()).toContain(`#${unanswered.index}`);
    const truncated = page.locator('.sev-section-error .expert-kind[data-kind="decode.truncated"]');
    expect(await truncated.textContent()).toContain(`#${malformed.index}`);
    const noteCount = (kind: string) => records.flatMap((r) => r.notes).filter((n) => n.kind === kind).length;
    expect(await truncated.locator('.expert-count').textContent()).toBe(String(noteCount('decode.truncated')));
    await screenshot(page, 'expert-info');
    await truncated.locator(`.expert-item:has-text("#${malformed.index}")`).first().click();
    await expect.poll(() => selectedIndex(page)).toBe(malformed.index);
  });
});

describe('conversations and statistics', () => {
  it('lists the TCP conversations with their message counts; a click filters to one', async () => {
    const { stdout } = await runCliOk(['inspect', 'samples/hobbits.pcap', '--streams', '--json']);
    const streams = stdout.trim().split('\n').filter(Boolean);
    await openPanel(page, 'Conversations');
    const rows = page.locator('table[aria-label="Conversations"] tbody tr');
    await expect.poll(() => rows.count()).toBe(streams.length);
    await screenshot(page, 'conversations');
    const first = await rows.first().locator('td').first().textContent();
    await rows.first().click();
    await expect.poll(() => page.inputValue('.filter-input')).toBe(`stream == ${first}`);
    const messages = Number(await rows.first().locator('td').nth(8).textContent());
    await expect.poll(() => rowCount(page)).toBe(messages);
    await page.fill('.filter-input', '');
    await page.press('.filter-input', 'Enter');
  });

  it('counts messages per type and draws the response-time histogram', async () => {
    await openPanel(page, 'Statistics');
    const hello = page.locator('table[aria-label="Messages per type"] tr:has(td:text-is("HELLO"))');
    await expect.poll(() => hello.locator('td').nth(2).textContent()).toBe('6');
    await page.waitForSelector('.latency-histogram canvas');
    await screenshot(page, 'statistics');
    expect(errors).toEqual([]);
  });
});
