/**
 * `peerscope web FILE` from the built CLI (whose bundle is also the capture worker) and `peerscope start` without
 * an Electron binary: both print a URL with the token, and serve the API on it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../src-main/cli/electron-binary';
import { NO_ELECTRON, startCommand } from '../../src-main/cli/start-command';
import { REPOSITORY_ROOT } from '../../samples/recording/sample-list';
import { cliPath, runCli } from '../cli/run-cli';
import { call, httpRequest, openSocket } from './support/web-client';

function urlIn(text: string): URL | null {
  const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(text);
  return match ? new URL(match[0]) : null;
}

async function apiOf(url: URL) {
  return openSocket(`ws://${url.host}/api${url.search}`, { Origin: url.origin });
}

describe('peerscope web', () => {
  it('opens FILE with its keys and serves it until stopped', async () => {
    const sample = join(REPOSITORY_ROOT, 'samples/rlpx/peerscope-dials-ethereumjs.pcap');
    const keylog = join(REPOSITORY_ROOT, 'samples/rlpx/peerscope-dials-ethereumjs.keylog');
    const child = spawn(process.execPath, [cliPath(), 'web', '--port', '0', sample, '--keylog', keylog], {
      cwd: REPOSITORY_ROOT,
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 20_000);
        child.stdout.on('data', () => {
          const found = urlIn(out);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      expect(out).toMatch(/127\.0\.0\.1 only/);
      expect((await httpRequest(Number(url.port), '/')).status).toBe(401);
      const socket = await apiOf(url);
      const [capture] = (await call(socket, 1, 'openCaptures')).result as { id: string; name: string }[];
      expect(capture!.name).toBe('peerscope-dials-ethereumjs.pcap');
      let rows: { message: string }[] = [];
      for (let attempt = 0; attempt < 100; attempt++) {
        const progress = (await call(socket, 2, 'progress', [capture!.id])).result as { state: string };
        if (progress.state !== 'loading') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      rows = (await call(socket, 3, 'getRows', [capture!.id, 0, 100])).result as { message: string }[];
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.some((r) => r.message === 'Encrypted')).toBe(false);
      socket.close();
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });

  it.each([
    ['a missing capture', join(tmpdir(), 'peerscope-no-such-capture.pcap'), /no-such-capture\.pcap: no such file/],
    ['a file that is no capture', join(REPOSITORY_ROOT, 'samples/hobbits.sent.json'), /not a pcap or pcapng capture/],
  ])('exits with the reason when given %s, leaving no server running', async (_, file, reason) => {
    const { code, stdout, stderr } = await runCli(['web', '--port', '0', file], { timeoutMs: 20_000 });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(reason);
    expect(urlIn(stdout)).toBeNull();
  });

  it('refuses a bad port', async () => {
    const child = spawn(process.execPath, [cliPath(), 'web', '--port', '70000'], { cwd: REPOSITORY_ROOT });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(err).toMatch(/--port 70000/);
  });
});

describe('peerscope start', () => {
  it('says Electron is missing and serves the web mode with the samples listed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'peerscope-start-'));
    try {
      for (const file of ['out/main/index.js', 'out/preload/preload.cjs', 'out/renderer/index.html']) {
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), '<!doctype html>');
      }
      writeFileSync(join(root, 'package.json'), '{"name":"app","type":"module"}');
      mkdirSync(join(root, 'samples'));
      writeFileSync(join(root, 'samples', 'hobbits.pcap'), Buffer.alloc(24));
      const lines: string[] = [];
      let stop: () => void = () => {};
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const running = startCommand(
        (line) => lines.push(line),
        root,
        () => stopped,
      );
      await expect.poll(() => urlIn(lines.join('\n')), { timeout: 20_000 }).not.toBeNull();
      expect(lines[0]).toBe(NO_ELECTRON);
      const url = urlIn(lines.join('\n'))!;
      const page = await httpRequest(Number(url.port), `/${url.search}`);
      expect(page.status).toBe(200);
      const socket = await apiOf(url);
      expect(((await call(socket, 1, 'listSamples')).result as { name: string }[]).map((s) => s.name)).toEqual([
        'hobbits',
      ]);
      socket.close();
      stop();
      expect(await running).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds an Electron binary only where the package put one', () => {
    const root = mkdtempSync(join(tmpdir(), 'peerscope-electron-'));
    try {
      const pkg = join(root, 'node_modules', 'electron');
      mkdirSync(join(pkg, 'dist'), { recursive: true });
      writeFileSync(join(pkg, 'package.json'), '{"name":"electron","main":"index.js"}');
      writeFileSync(join(root, 'package.json'), '{"name":"app"}');
      expect(electronBinary(join(root, 'package.json'))).toBeNull();
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      expect(electronBinary(join(root, 'package.json'))).toBeNull();
      writeFileSync(join(pkg, 'dist', 'electron'), '');
      expect(electronBinary(join(root, 'package.json'))).toBe(join(pkg, 'dist', 'electron'));
      expect(electronBinary(join(tmpdir(), 'nowhere', 'package.json'))).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
