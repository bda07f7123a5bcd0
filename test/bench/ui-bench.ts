/**
 * The UI benchmark (a script: `npx tsx test/bench/ui-bench.ts [--no-browser]`). Two goals, measured on the engine
 * service as the UI uses it, then end to end in headless Chromium through the web mode:
 *
 *   1. opening a ≥ 1 GiB capture shows its first rows in under 1 s (the benchmark's capture, .bench/capture-1gib.pcap,
 *      generated when absent);
 *   2. applying a filter over a million messages takes under 1 s (a capture of ≥ 1M small Hobbits messages,
 *      .bench/small-1m.pcap, generated when absent), message-level filters and protocol-field filters alike.
 *
 * The capture worker runs from a bundle built here (as the shipped CLI and app run it). Figures go to stdout and
 * to .bench/ui-bench.json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build as esbuild } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { PeerscopeService } from '../../src-main/service/peerscope-service';
import { RecentFiles } from '../../src-main/service/recent-files';
import { startWebServer } from '../../src-main/web/web-server';
import { rendererViteConfig } from '../../src-renderer/renderer-vite-config';
import { generateCapture } from './bench-capture';
import { buildPools } from './bench-messages';
import { generateSmallMessagesCapture } from './small-messages-capture';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH = join(ROOT, '.bench');
const OUT = join(ROOT, 'out', 'bench', 'ui');
const LARGE = join(BENCH, 'capture-1gib.pcap');
const SMALL = join(BENCH, 'small-1m.pcap');
const SMALL_MESSAGES = 1_000_000;
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const MESSAGE_FILTERS = [
  'hobbits',
  'message == "GET_STATUS"',
  'pair == unanswered',
  'pair.latency > 0.5',
  'note',
  'tcp.stream == 7',
  'ip.addr == 10.0.0.5',
  'requestId == "500"',
  'frame > 500000 && src == "10.0.0.3:40002"',
];
const FIELD_FILTERS = [
  'hobbits.header.id == 5',
  'hobbits.body.body.timestamp > 1600000000900',
  'hobbits.get_status.header.id in {1..20}',
  'hobbits.body.body.user_agent contains "bench"',
  'hobbits.header.id == 5 && pair == matched',
];
const SORTS = ['time', 'length', 'src', 'message', 'requestId'] as const;

interface Report {
  machine: string;
  large: Record<string, unknown>;
  small: Record<string, unknown>;
  filters: { filter: string; count: number; ms: number }[];
  sorts: { column: string; descending: boolean; ms: number }[];
  browser: Record<string, unknown> | { skipped: string };
}

async function main(): Promise<void> {
  const noBrowser = process.argv.includes('--no-browser');
  mkdirSync(BENCH, { recursive: true });
  mkdirSync(OUT, { recursive: true });
  ensureCaptures();
  const worker = await buildWorkerBundle();
  const report: Report = {
    machine: `${process.platform} ${process.arch}, node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start`,
    large: {},
    small: {},
    filters: [],
    sorts: [],
    browser: { skipped: 'not run' },
  };
  report.large = await measureLoad(worker, LARGE);
  const small = await measureLoad(worker, SMALL, async (service, id) => {
    for (const filter of [...MESSAGE_FILTERS, ...FIELD_FILTERS])
      report.filters.push(await timeFilter(service, id, filter));
    for (const column of SORTS) {
      for (const descending of [false, true]) {
        const state = await service.setView(id, { filter: '', sort: { column, descending } });
        report.sorts.push({ column, descending, ms: round(state.elapsedMs) });
      }
    }
  });
  report.small = small;
  report.browser = noBrowser
    ? { skipped: '--no-browser' }
    : await measureBrowser(worker).catch((e: unknown) => ({ skipped: String(e) }));
  print(report);
  writeFileSync(join(BENCH, 'ui-bench.json'), JSON.stringify(report, null, 2));
}

function ensureCaptures(): void {
  if (!existsSync(LARGE)) {
    console.log(`generating ${LARGE} (1 GiB)…`);
    generateCapture(LARGE, buildPools(2019), { targetBytes: 2 ** 30, seed: 2019, concurrency: 300, mss: 1448 });
  }
  if (!existsSync(SMALL)) {
    console.log(`generating ${SMALL} (${SMALL_MESSAGES} messages)…`);
    generateSmallMessagesCapture(SMALL, { messages: SMALL_MESSAGES, connections: 64 });
  }
}

/** The capture worker as the shipped CLI runs it: the CLI bundle, which is also the worker's script. */
async function buildWorkerBundle(): Promise<string> {
  const outfile = join(OUT, 'peerscope.mjs');
  await esbuild({
    entryPoints: [join(ROOT, 'src-main/cli/peerscope.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Opens a capture in a fresh service; times the first rows and the whole load, samples memory. */
async function measureLoad(
  worker: string,
  path: string,
  after?: (service: PeerscopeService, id: string) => Promise<void>,
): Promise<Record<string, unknown>> {
  const config = mkdtempSync(join(tmpdir(), 'peerscope-bench-'));
  const service = await PeerscopeService.create({
    mode: 'web',
    configDir: config,
    workerScript: { kind: 'script', path: worker },
  });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  let firstRows = Number.NaN;
  let batches = 0;
  const started = performance.now();
  const done = new Promise<void>((resolveDone) => {
    service.onEvent((e: PeerscopeEvent) => {
      if (e.type === 'rows' && e.total > 0) {
        batches++;
        if (Number.isNaN(firstRows)) firstRows = performance.now() - started;
      }
      if (e.type === 'progress' && e.progress.state !== 'loading') resolveDone();
    });
  });
  const info = await service.openCapture({ kind: 'path', path });
  await done;
  const loadMs = performance.now() - started;
  clearInterval(sampler);
  const progress = await service.progress(info.id);
  const firstPage = await timed(() => service.getRows(info.id, 0, 100));
  const details = [];
  for (const index of [0, Math.floor(progress.messages / 2), progress.messages - 1]) {
    details.push({ index, ms: round((await timed(() => service.getMessage(info.id, index))).ms) });
  }
  if (after) await after(service, info.id);
  const memory = process.memoryUsage();
  const result = {
    file: path,
    bytes: statSync(path).size,
    frames: progress.frames,
    messages: progress.messages,
    firstRowsMs: round(firstRows),
    loadMs: round(loadMs),
    rowBatches: batches,
    getRows100Ms: round(firstPage.ms),
    getMessage: details,
    rssPeakMB: round((peak - baseline) / 1e6),
    heapUsedMB: round(memory.heapUsed / 1e6),
    arrayBuffersMB: round(memory.arrayBuffers / 1e6),
  };
  service.dispose();
  rmSync(config, { recursive: true, force: true });
  return result;
}

/** The median of three applications of a filter, as setView reports it. */
async function timeFilter(service: PeerscopeService, id: string, filter: string) {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const state = await service.setView(id, { filter });
    if (state.error) throw new Error(`${filter}: ${state.error.message}`);
    runs.push(state.elapsedMs);
    count = state.count;
  }
  return { filter, count, ms: round(runs.sort((a, b) => a - b)[1]!) };
}

/**
 * End to end in Chromium through the web mode: the welcome screen's recent file opens the 1 GiB capture (time to
 * the first row on screen), then the 1M-message capture is filtered from the filter bar (time from Enter to the
 * count shown).
 */
async function measureBrowser(worker: string): Promise<Record<string, unknown>> {
  const rendererDir = join(OUT, 'renderer');
  await viteBuild({ ...rendererViteConfig(rendererDir), logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  try {
    const large = await browserSession(browser, worker, rendererDir, LARGE, async (page) => {
      const started = performance.now();
      await page
        .getByRole('button', { name: /capture-1gib\.pcap/ })
        .first()
        .click();
      await page.locator('[role="row"][data-index="0"]').waitFor({ timeout: 30_000 });
      return { firstRowOnScreenMs: round(performance.now() - started) };
    });
    const small = await browserSession(browser, worker, rendererDir, SMALL, async (page, service) => {
      await page
        .getByRole('button', { name: /small-1m\.pcap/ })
        .first()
        .click();
      await page.locator('[role="row"][data-index="0"]').waitFor({ timeout: 30_000 });
      const [capture] = await service.openCaptures();
      while ((await service.progress(capture!.id)).state === 'loading') await new Promise((r) => setTimeout(r, 200));
      const result: Record<string, number> = {};
      for (const filter of ['hobbits.header.id == 5', 'tcp.stream == 7']) {
        const expected = (await service.setView(capture!.id, { filter })).count;
        await service.setView(capture!.id, { filter: '' });
        const input = page.getByLabel('Display filter');
        await input.fill(filter);
        const started = performance.now();
        await input.press('Enter');
        await page
          .getByTestId('filter-result')
          .filter({ hasText: new RegExp(`^${expected.toLocaleString('en-US').replace(/,/g, '[,. \u202f]?')} of`) })
          .waitFor({ timeout: 30_000 });
        result[filter] = round(performance.now() - started);
      }
      return { filterOnScreenMs: result };
    });
    return { ...large, ...small };
  } finally {
    await browser.close();
  }
}

async function browserSession<T>(
  browser: Browser,
  worker: string,
  rendererDir: string,
  capture: string,
  act: (page: Page, service: PeerscopeService) => Promise<T>,
): Promise<T> {
  const config = mkdtempSync(join(tmpdir(), 'peerscope-bench-'));
  new RecentFiles(config).add(capture);
  const service = await PeerscopeService.create({
    mode: 'web',
    configDir: config,
    workerScript: { kind: 'script', path: worker },
  });
  const web = await startWebServer({
    backend: {
      api: service,
      onEvent: (l) => service.onEvent(l),
      uploadDir: service.uploadDir,
      registerUpload: (p) => service.registerUpload(p),
    },
    rendererDir,
  });
  const page = await browser.newPage();
  try {
    await page.goto(web.url);
    await page.getByRole('heading', { name: 'Recent files' }).waitFor({ timeout: 30_000 });
    return await act(page, service);
  } finally {
    await page.close();
    await web.close();
    service.dispose();
    rmSync(config, { recursive: true, force: true });
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function print(report: Report): void {
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const large = report.large as {
    firstRowsMs: number;
    loadMs: number;
    messages: number;
    bytes: number;
    rssPeakMB: number;
  };
  const small = report.small as { firstRowsMs: number; loadMs: number; messages: number; rssPeakMB: number };
  console.log(`\n=== Peerscope UI benchmark ===\n${report.machine}\n`);
  console.log(JSON.stringify(report.large, null, 2));
  console.log(JSON.stringify(report.small, null, 2));
  console.log(
    `\nfirst rows of ${(large.bytes / 2 ** 30).toFixed(2)} GiB: ${large.firstRowsMs} ms (goal < 1000 ms: ${verdict(large.firstRowsMs < 1000)})`,
  );
  console.log(`\nfilters over ${small.messages.toLocaleString('en-US')} messages (median of 3):`);
  for (const f of report.filters)
    console.log(`  ${String(f.ms).padStart(8)} ms  ${String(f.count).padStart(9)}  ${f.filter}`);
  const slowest = Math.max(...report.filters.map((f) => f.ms));
  console.log(`  slowest ${slowest} ms (goal < 1000 ms: ${verdict(slowest < 1000)})`);
  console.log('\nsorts:');
  for (const s of report.sorts)
    console.log(`  ${String(s.ms).padStart(8)} ms  ${s.column}${s.descending ? ' descending' : ''}`);
  console.log('\nbrowser:', JSON.stringify(report.browser));
}

await main();
