/**
 * The web mode's server: nothing without the token, nothing for another Host (DNS rebinding) or another Origin,
 * loopback only, the renderer with a strict CSP, and the API over a real WebSocket, uploads included.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { startWebServer, type RunningWebServer } from '../../src-main/web/web-server';
import { SAMPLES_DIR, startService, whenLoaded } from '../service/support/service-harness';
import { call, httpRequest, openSocket } from './support/web-client';

let harness: Awaited<ReturnType<typeof startService>>;
let web: RunningWebServer;
let renderer: string;
let origin: string;

beforeAll(async () => {
  harness = await startService();
  renderer = mkdtempSync(join(tmpdir(), 'peerscope-renderer-'));
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("peerscope")');
  writeFileSync(join(tmpdir(), 'peerscope-secret.txt'), 'outside the renderer');
  const { service } = harness;
  web = await startWebServer({
    backend: {
      api: service,
      onEvent: (listener) => service.onEvent(listener),
      uploadDir: service.uploadDir,
      registerUpload: (path) => service.registerUpload(path),
    },
    rendererDir: renderer,
  });
  origin = `http://127.0.0.1:${web.port}`;
});

afterAll(async () => {
  await web.close();
  harness.dispose();
  rmSync(renderer, { recursive: true, force: true });
});

describe('HTTP', () => {
  it('serves the page with the token, with a strict CSP, and sets the token cookie', async () => {
    const reply = await httpRequest(web.port, `/?token=${web.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('./assets/app.js');
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${web.port}`);
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
  });

  it('serves assets to the page by its cookie, with their types', async () => {
    const cookie = `peerscope-token-${web.port}=${web.token}`;
    const reply = await httpRequest(web.port, '/assets/app.js', { headers: { Cookie: cookie } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/javascript/);
    expect(reply.headers['content-security-policy']).toBeDefined();
  });

  it.each([
    ['no token', '/', {}],
    ['an empty token', '/?token=', {}],
    ['a wrong token', '/?token=AAAA', {}],
    ['a token one character off', () => `/?token=${web.token.slice(0, -1)}${web.token.endsWith('A') ? 'B' : 'A'}`, {}],
    ['a wrong cookie', '/assets/app.js', { Cookie: 'peerscope-token-1=nope' }],
  ])('refuses a request with %s (401)', async (_what, path, headers) => {
    const reply = await httpRequest(web.port, typeof path === 'function' ? path() : path, { headers });
    expect(reply.status).toBe(401);
    expect(reply.body).not.toContain('app.js');
  });

  it('refuses a foreign Host even with the token: a rebound DNS name reaches nothing', async () => {
    for (const host of [
      'evil.example:' + web.port,
      `127.0.0.1:${web.port + 1}`,
      '127.0.0.1',
      `localhost.evil.example:${web.port}`,
    ]) {
      const reply = await httpRequest(web.port, `/?token=${web.token}`, { headers: { Host: host } });
      expect(reply.status, host).toBe(421);
    }
    const local = await httpRequest(web.port, `/?token=${web.token}`, { headers: { Host: `localhost:${web.port}` } });
    expect(local.status).toBe(200);
  });

  it('refuses a foreign Origin and cross-site fetches', async () => {
    for (const foreign of [
      'http://evil.example',
      `http://127.0.0.1:${web.port + 1}`,
      `https://127.0.0.1:${web.port}`,
      'null',
    ]) {
      const reply = await httpRequest(web.port, `/?token=${web.token}`, { headers: { Origin: foreign } });
      expect(reply.status, foreign).toBe(403);
    }
    const site = await httpRequest(web.port, `/?token=${web.token}`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(site.status).toBe(403);
    const own = await httpRequest(web.port, `/?token=${web.token}`, { headers: { Origin: origin } });
    expect(own.status).toBe(200);
  });

  it('serves nothing outside the renderer directory', async () => {
    for (const path of [
      '/../peerscope-secret.txt',
      '/%2e%2e/peerscope-secret.txt',
      '/assets/%2e%2e/%2e%2e/peerscope-secret.txt',
      '/assets',
      '/%00',
    ]) {
      const reply = await httpRequest(web.port, `${path}?token=${web.token}`);
      expect(reply.status, path).toBe(404);
    }
  });

  it('listens on the loopback address only', async () => {
    const address = web.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '::1', port: web.port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });
});

describe('the API socket', () => {
  const socketUrl = () => `ws://127.0.0.1:${web.port}/api?token=${web.token}`;

  it('refuses a socket without the token, with a wrong one, from another Origin or for another Host', async () => {
    await expect(openSocket(`ws://127.0.0.1:${web.port}/api`, { Origin: origin })).rejects.toThrow(/401/);
    await expect(openSocket(`ws://127.0.0.1:${web.port}/api?token=x${web.token}`, { Origin: origin })).rejects.toThrow(
      /401/,
    );
    await expect(openSocket(socketUrl(), { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket(socketUrl(), {})).rejects.toThrow(/403/);
    await expect(openSocket(socketUrl(), { Origin: 'http://evil.example:1', Host: 'evil.example:1' })).rejects.toThrow(
      /421/,
    );
    await expect(openSocket(`ws://127.0.0.1:${web.port}/other?token=${web.token}`, { Origin: origin })).rejects.toThrow(
      /404/,
    );
  });

  it('answers API calls and pushes events over a real socket', async () => {
    const socket = await openSocket(socketUrl(), { Origin: origin });
    const events: PeerscopeEvent[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event?: PeerscopeEvent };
      if (message.event) events.push(message.event);
    });
    expect(await call(socket, 1, 'about')).toEqual({ id: 1, result: { version: '0.1.0', mode: 'web' } });
    const samples = (await call(socket, 2, 'listSamples')).result as { name: string }[];
    expect(samples.map((s) => s.name)).toContain('hobbits');
    const opened = (await call(socket, 'open', 'openCapture', [{ kind: 'sample', name: 'hobbits' }])).result as {
      id: string;
    };
    await whenLoaded(harness.service, opened.id);
    const rows = (await call(socket, 3, 'getRows', [opened.id, 0, 5])).result as { index: number }[];
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(events.some((e) => e.type === 'rows' && e.id === opened.id)).toBe(true);
    expect(events.some((e) => e.type === 'log')).toBe(true);
    expect((await call(socket, 4, 'openCaptures')).result).toContainEqual(expect.objectContaining({ id: opened.id }));
    socket.close();
  });

  it('refuses unknown methods and bad parameters, and keeps serving', async () => {
    const socket = await openSocket(socketUrl(), { Origin: origin });
    expect((await call(socket, 1, 'constructor')).error?.message).toMatch(/unknown method/);
    expect((await call(socket, 2, 'getRows', ['x', -1, 1])).error?.message).toMatch(/parameter 2/);
    expect((await call(socket, 3, 'openCapture', [{ kind: 'path', path: '/etc/passwd' }])).error?.message).toMatch(
      /not a pcap/,
    );
    expect((await call(socket, 4, 'about')).result).toMatchObject({ mode: 'web' });
    socket.close();
  });
});

describe('uploads', () => {
  it('take a capture as a raw POST body and open it', async () => {
    const body = readFileSync(join(SAMPLES_DIR, 'eth2rpc.pcapng'));
    const reply = await httpRequest(web.port, `/upload?token=${web.token}&name=eth2rpc.pcapng`, {
      method: 'POST',
      headers: { Origin: origin, 'Content-Type': 'application/octet-stream' },
      body,
    });
    expect(reply.status).toBe(200);
    const { uploadId, size } = JSON.parse(reply.body) as { uploadId: string; size: number };
    expect(size).toBe(body.length);
    const socket = await openSocket(`ws://127.0.0.1:${web.port}/api?token=${web.token}`, { Origin: origin });
    const opened = (await call(socket, 1, 'openCapture', [{ kind: 'uploaded', uploadId, name: 'eth2rpc.pcapng' }]))
      .result as { id: string };
    expect((await whenLoaded(harness.service, opened.id)).state).toBe('done');
    expect(
      (await call(socket, 2, 'openCapture', [{ kind: 'uploaded', uploadId, name: 'again' }])).error?.message,
    ).toMatch(/no upload/);
    socket.close();
  });

  it('are refused without the token, without our Origin, or as a form', async () => {
    const post = (path: string, headers: Record<string, string>) =>
      httpRequest(web.port, path, { method: 'POST', headers, body: Buffer.from('x') });
    expect((await post(`/upload?name=a`, { Origin: origin, 'Content-Type': 'application/octet-stream' })).status).toBe(
      401,
    );
    expect((await post(`/upload?token=${web.token}`, { 'Content-Type': 'application/octet-stream' })).status).toBe(403);
    expect(
      (
        await post(`/upload?token=${web.token}`, {
          Origin: 'http://evil.example',
          'Content-Type': 'application/octet-stream',
        })
      ).status,
    ).toBe(403);
    expect((await post(`/upload?token=${web.token}`, { Origin: origin, 'Content-Type': 'text/plain' })).status).toBe(
      415,
    );
  });
});
