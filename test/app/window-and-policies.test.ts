/** The Electron shell's policies, asserted from the pure modules (no Electron needed to run them). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY, APP_ORIGIN } from '../../src-main/app/app-origin';
import { appProtocolReply } from '../../src-main/app/app-protocol';
import { appContentSecurityPolicy } from '../../src-main/app/content-security-policy';
import { externalLink, isAppUrl, navigationDecision } from '../../src-main/app/navigation-policy';
import { mainWindowOptions } from '../../src-main/app/window-options';

describe('the main window', () => {
  it('gives the page no Node, a sandbox, isolation and web security', () => {
    const options = mainWindowOptions('/app/out/preload/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(options.show).toBe(false);
  });
});

describe('the content security policy', () => {
  const directives = (policy: string) =>
    Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

  it('allows scripts from the app only, workers from the app and blob:, nothing remote', () => {
    const csp = directives(appContentSecurityPolicy());
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(appContentSecurityPolicy()).not.toMatch(/unsafe-eval|https?:|\*|wasm-unsafe/);
  });

  it('opens only the dev server (and its HMR socket) in a development run', () => {
    const csp = directives(appContentSecurityPolicy('http://localhost:5173/'));
    expect(csp['script-src']).toEqual(["'self'", 'http://localhost:5173', "'unsafe-inline'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(JSON.stringify(csp)).not.toMatch(/unsafe-eval|\*/);
  });
});

describe('navigation and windows', () => {
  it('knows the app page from anything else', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/assets/index.js`)).toBe(true);
    for (const url of [
      'https://example.org/',
      'file:///etc/passwd',
      'peerscope://other/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', 'http://localhost:5173')).toBe(false);
  });

  it('never navigates nor opens a window; sends only web links to the system browser', () => {
    expect(navigationDecision('https://ethereum.org/en/')).toEqual({
      allow: false,
      openExternally: 'https://ethereum.org/en/',
    });
    expect(navigationDecision('http://example.org')).toEqual({ allow: false, openExternally: 'http://example.org/' });
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>x</script>',
      'smb://host/share',
      'peerscope://app/x',
      '',
    ]) {
      expect(navigationDecision(url), url).toEqual({ allow: false, openExternally: null });
    }
    expect(externalLink('HTTPS://Example.org/a b')).toBe('https://example.org/a%20b');
  });
});

describe('the app scheme', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'peerscope-app-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'renderer', 'assets', 'editor.worker.js'), 'self.onmessage = () => {}');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the built renderer with the CSP', () => {
    const page = appProtocolReply(APP_ENTRY, join(dir, 'renderer'));
    expect(page.status).toBe(200);
    expect(page.headers['Content-Type']).toMatch(/^text\/html/);
    expect(page.headers['Content-Security-Policy']).toBe(appContentSecurityPolicy());
    const worker = appProtocolReply(`${APP_ORIGIN}/assets/editor.worker.js`, join(dir, 'renderer'));
    expect(worker.headers['Content-Type']).toMatch(/^text\/javascript/);
  });

  it('serves nothing outside it, nor for another host of the scheme', () => {
    for (const url of [
      `${APP_ORIGIN}/../secret.txt`,
      `${APP_ORIGIN}/%2e%2e/secret.txt`,
      `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`,
      'peerscope://evil/index.html',
    ]) {
      const reply = appProtocolReply(url, join(dir, 'renderer'));
      expect(reply.status, url).toBe(404);
      expect(reply.body).toBeNull();
    }
  });
});
