/**
 * One end-to-end session: the renderer built, `peerscope web` on a random loopback port, and Debian's Chromium
 * driven by playwright-core. Pages record their console errors so that a test can insist there were none.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { builtRenderer } from './build-renderer';
import { startPeerscopeWeb, type RunningServer } from './peerscope-web';

export const SCREENSHOT_DIR = resolve('test-results', 'e2e');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface UiSession {
  server: RunningServer;
  browser: Browser;
  /** A fresh page (own storage) at the app's address, with its console errors collected. */
  openApp(options?: { colorScheme?: 'light' | 'dark' }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Starts the server (with `open` already opened, as `peerscope web FILE`) and the browser. */
export async function startUiSession(open?: string): Promise<UiSession> {
  const rendererDir = await builtRenderer();
  const configDir = mkdtempSync(join(tmpdir(), 'peerscope-e2e-'));
  const server = await startPeerscopeWeb(rendererDir, configDir, open);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    server,
    browser,
    async openApp(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        colorScheme: options.colorScheme ?? 'light',
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(server.url);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** A file name for a test's screenshot: `file-stem--the-test-name`. */
export function screenshotName(file: string, test: string): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80);
  return `${slug(file.replace(/^.*\//, '').replace(/\.test\.ts$/, ''))}--${slug(test)}`;
}

/**
 * Registers an afterEach that saves, for every test of the file, what its page shows at the end (named after the
 * test), so that each test leaves a screenshot to look at whether it passed or not.
 */
export function screenshotEachTest(currentPage: () => Page | undefined): void {
  afterEach(async ({ task }) => {
    const page = currentPage();
    if (page && !page.isClosed()) await screenshot(page, screenshotName(task.file.name, task.name));
  });
}

/** Saves what the page shows under test-results/e2e/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
