import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { runCliOk } from '../cli/run-cli';
import {
  closeCapture,
  consoleText,
  listedRows,
  openPanel,
  openSample,
  rowCount,
  runConsoleCommand,
  selectedIndex,
  litOffsets,
  selectedFieldKey,
  selectField,
  selectMessage,
  waitUntilLoaded,
} from './support/app-driver';
import { screenshot, screenshotEachTest, startUiSession, type UiSession } from './support/ui-session';

const PING = { message: 'PING', fields: { body: `0x${'01'.repeat(32)}` } };
const RLPX = 'samples/rlpx/peerscope-dials-ethereumjs.pcap';
const RLPX_KEYLOG = 'samples/rlpx/peerscope-dials-ethereumjs.keylog';

async function cliEncode(message: object): Promise<string> {
  return (await runCliOk(['encode', 'hobbits', JSON.stringify(message)])).stdout.trim();
}

async function inspectJson(...args: string[]): Promise<MessageRecord[]> {
  const { stdout } = await runCliOk(['inspect', ...args, '--json']);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as MessageRecord);
}

let session: UiSession;
/** The page the running test works in (its screenshot is taken after it). */
let current: Page | undefined;

/** A fresh page of the app, made the current one. */
async function openApp(options?: { colorScheme?: 'light' | 'dark' }) {
  const opened = await session.openApp(options);
  current = opened.page;
  return opened;
}

beforeAll(async () => {
  session = await startUiSession();
}, 240_000);

afterAll(async () => {
  await session?.close();
});

screenshotEachTest(() => current);

describe('the console', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openApp());
    await openSample(page, 'hobbits');
  }, 60_000);

  afterAll(() => closeCapture(page));

  it('shows the engine`s log', async () => {
    await expect.poll(() => consoleText(page)).toMatch(/loaded hobbits\.pcap/);
  });

  it('goes to a message with goto N', async () => {
    const text = await runConsoleCommand(page, 'goto 5');
    expect(text).toContain('message #5');
    await expect.poll(() => selectedIndex(page)).toBe(5);
  });

  it('decodes hex with decode PROTOCOL HEX', async () => {
    const hex = await cliEncode(PING);
    const text = await runConsoleCommand(page, `decode hobbits ${hex}`);
    expect(text).toContain('"message": "PING"');
    expect(text).toContain(`"body": "${PING.fields.body}"`);
    await screenshot(page, 'console-decode');
  });

  it('filters with filter EXPR and dumps the selected message with hex', async () => {
    expect(await runConsoleCommand(page, 'filter pair == unanswered')).toMatch(/1 of 37 messages/);
    await runConsoleCommand(page, 'filter');
    await selectMessage(page, 18);
    const dump = await runConsoleCommand(page, 'hex');
    expect(dump).toMatch(/#18 message \(49 bytes\)/);
    expect(dump).toMatch(/0000 {2}45 57 50 /);
    expect(errors).toEqual([]);
  });

  it('brings back earlier commands with the up arrow', async () => {
    await page.click('.console-pane .xterm-screen');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => consoleText(page)).toMatch(/peerscope> filter\s*\n[\s\S]*37 of 37 messages/);
  });
});

describe('the composer', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openApp());
    await openSample(page, 'hobbits');
    await openPanel(page, 'Composer');
    await page.waitForSelector('[data-testid="composer-editor"] .monaco-editor');
  }, 60_000);

  afterAll(() => closeCapture(page));

  async function setEditorText(text: string) {
    await page.click('[data-testid="composer-editor"] .view-lines');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  it('encodes the message in the editor to the bytes the CLI encodes', async () => {
    await page.selectOption('select[aria-label="Protocol"]', 'hobbits');
    await page.selectOption('select[aria-label="Message"]', 'PING');
    await setEditorText(JSON.stringify(PING));
    await page.click('button:has-text("Encode →")');
    await expect.poll(() => page.inputValue('#composer-hex')).toBe(await cliEncode(PING));
    await screenshot(page, 'composer-encoded');
  });

  it('shows an encoder error at its path in the editor', async () => {
    await setEditorText(JSON.stringify({ message: 'HELLO', fields: { header: {}, body: { body: {} } } }));
    await page.click('button:has-text("Encode →")');
    await expect.poll(() => page.textContent('.composer-outcome')).toMatch(/^header\.id: /);
    await page.waitForSelector('[data-testid="composer-editor"] .squiggly-error');
    await screenshot(page, 'composer-error');
  });

  it('checks the JSON against the message`s schema and completes its field names', async () => {
    await page.selectOption('select[aria-label="Message"]', 'GET_STATUS');
    await setEditorText('{"message": "GET_STATUS", "fields": {"header": {"id": "two"}, "body": {"body": {}}}}');
    await page.waitForSelector(
      '[data-testid="composer-editor"] .squiggly-warning, [data-testid="composer-editor"] .squiggly-error',
    );
    await setEditorText('{"message": "GET_STATUS", "fields": {"');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget .monaco-list-row');
    await expect
      .poll(() => suggestions.allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^header/)]));
    await screenshot(page, 'composer-completion');
    await page.keyboard.press('Escape');
  });

  it('decodes hex back to JSON, and starts from the selected message with "Edit as new"', async () => {
    await page.fill('#composer-hex', await cliEncode(PING));
    await page.click('button:has-text("← Decode")');
    await expect.poll(() => page.textContent('[data-testid="composer-editor"] .view-lines')).toContain('PING');
    await selectMessage(page, 9);
    await page.click('button:has-text("Edit as new")');
    await expect.poll(() => page.inputValue('select[aria-label="Message"]')).toBe('GET_STATUS');
    await page.click('button:has-text("Encode →")');
    await expect.poll(() => page.textContent('.composer-outcome')).toMatch(/^Encoded: \d+ bytes/);
    expect(errors).toEqual([]);
  });
});

describe('keys', () => {
  it('decrypts the RLPx sample once its key log is loaded', async () => {
    const { page, errors } = await openApp();
    const [encrypted, decrypted] = await Promise.all([inspectJson(RLPX), inspectJson(RLPX, '--keylog', RLPX_KEYLOG)]);
    await page.setInputFiles('[data-testid="file-chooser"]', RLPX);
    await waitUntilLoaded(page);
    expect((await listedRows(page)).map((r) => r.cells.message)).toEqual(encrypted.map((r) => r.message));
    await screenshot(page, 'rlpx-encrypted');

    await page.click('button:has-text("Keys…")');
    await page.setInputFiles('.keys-dialog input[type="file"] >> nth=0', RLPX_KEYLOG);
    await expect.poll(() => page.inputValue('#keylog-text')).toMatch(/^# Peerscope RLPx key log/);
    await screenshot(page, 'keys-dialog');
    await page.click('button:has-text("Load and decode")');
    await page.waitForSelector('.keys-dialog', { state: 'detached' });
    await waitUntilLoaded(page);
    await expect
      .poll(async () => (await listedRows(page)).map((r) => `${r.cells.protocol} ${r.cells.message}`))
      .toEqual(decrypted.map((r) => `${r.protocol} ${r.message}`));
    await screenshot(page, 'rlpx-decrypted');

    // A decrypted message has its own byte sources: the frame as sent and as decrypted, and the message itself.
    const hello = decrypted.find((r) => r.message === 'Hello')!;
    await selectMessage(page, hello.index);
    const tabs = page.locator('.source-tabs [role="tab"]');
    expect(await tabs.allTextContents()).toEqual([
      expect.stringMatching(/^message/),
      expect.stringMatching(/^encrypted frame/),
      expect.stringMatching(/^decrypted frame/),
    ]);
    await selectField(page, 'frame.msgData');
    await expect.poll(() => page.getAttribute('.source-tabs [aria-selected="true"]', 'class')).toBe('active');
    expect(await page.textContent('.source-tabs [aria-selected="true"]')).toMatch(/^decrypted frame/);
    const title = await page.getAttribute('.tree-line[data-field="frame.msgData"]', 'title');
    const [, start, end] = /bytes (\d+)–(\d+)/.exec(title!)!;
    expect(await litOffsets(page)).toEqual(
      Array.from({ length: Number(end) - Number(start) }, (_, i) => Number(start) + i),
    );
    await page.click('.hex-byte[data-offset="0"]');
    expect(await selectedFieldKey(page)).toBe('frame.frameSize');
    await screenshot(page, 'rlpx-decrypted-frame');
    await closeCapture(page);
    expect(errors).toEqual([]);
  });
});

describe('files dropped on the window', () => {
  it('opens a dropped capture and loads the key log dropped with it', async () => {
    const { page, errors } = await openApp();
    const decrypted = await inspectJson(RLPX, '--keylog', RLPX_KEYLOG);
    const files = [RLPX, RLPX_KEYLOG].map((path) => ({ name: basename(path), base64: readFileSync(path, 'base64') }));
    await page.waitForSelector('.welcome');
    await page.evaluate((dropped) => {
      const transfer = new DataTransfer();
      for (const f of dropped) {
        transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    }, files);
    await page.waitForSelector('.main-window');
    await expect
      .poll(async () => (await listedRows(page)).map((r) => r.cells.message), { timeout: 20_000 })
      .toEqual(decrypted.map((r) => r.message));
    await screenshot(page, 'dropped-files');
    expect(errors).toEqual([]);
  });

  it('exports the view as CSV and JSON Lines downloads', async () => {
    const page = (await openApp()).page;
    await page.waitForSelector('.main-window'); // the dropped capture, taken up from the engine
    await waitUntilLoaded(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const csvLines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csvLines).toHaveLength(1 + (await rowCount(page)));
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export JSONL")')]);
    const first = JSON.parse(readFileSync((await jsonl.path())!, 'utf8').split('\n')[0]!) as MessageRecord;
    expect(first.index).toBe(0);
    await closeCapture(page);
  });
});

describe('dark mode', () => {
  it('reads well with prefers-color-scheme: dark', async () => {
    const { page, errors } = await openApp({ colorScheme: 'dark' });
    await openSample(page, 'eth2rpc');
    await selectMessage(page, 3);
    await page.click('.tree-line[data-field=""]', { button: 'right' });
    await page.click('[role="menuitem"]:has-text("Expand all")');
    await openPanel(page, 'Expert info');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(23, 25, 28)');
    await screenshot(page, 'dark-eth2rpc');
    await closeCapture(page);
    expect(errors).toEqual([]);
  });
});
