/** IPC is guarded (sender, frame, method, parameters); the preload exposes only the API; the menu sends commands. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-main/app/app-origin';
import { guardIpcCall, IpcRefused } from '../../src-main/app/ipc-guard';
import { keyMaterialOfFiles } from '../../src-main/app/key-files';
import { capturesIn } from '../../src-main/app/launch-files';
import { MENU_COMMANDS, menuTemplate } from '../../src-main/app/menu-template';
import { createPreloadBridge } from '../../src-main/app/preload-api';
import { ApiParamError } from '../../src-main/service/api-params';

const ours = { webContentsId: 7, frameUrl: APP_ENTRY, isMainFrame: true };
const window = { webContentsId: 7 };

describe('the IPC guard', () => {
  it('lets through an API call from our window’s main frame', () => {
    expect(guardIpcCall(ours, window, 'getRows', ['c', 0, 10])).toEqual({ method: 'getRows', args: ['c', 0, 10] });
  });

  it.each([
    ['another window', { ...ours, webContentsId: 8 }],
    ['a subframe', { ...ours, isMainFrame: false }],
    ['a foreign page', { ...ours, frameUrl: 'https://evil.example/' }],
    ['a file page', { ...ours, frameUrl: 'file:///tmp/x.html' }],
    ['a frame that is gone', { ...ours, frameUrl: null }],
  ])('refuses a call from %s', (_what, sender) => {
    expect(() => guardIpcCall(sender, window, 'about', [])).toThrow(IpcRefused);
  });

  it('refuses calls before the window exists, unknown methods and bad parameters', () => {
    expect(() => guardIpcCall(ours, { webContentsId: null }, 'about', [])).toThrow(IpcRefused);
    expect(() => guardIpcCall(ours, window, 'dispose', [])).toThrow(ApiParamError);
    expect(() => guardIpcCall(ours, window, 'onEvent', [])).toThrow(/unknown method/);
    expect(() => guardIpcCall(ours, window, 'openCapture', [{ kind: 'path', path: 3 }])).toThrow(
      /path: expected a string/,
    );
    expect(() => guardIpcCall(ours, window, 'getRows', 'c')).toThrow(/must be an array/);
  });

  it('accepts the dev server page in a development run only', () => {
    const dev = { ...ours, frameUrl: 'http://localhost:5173/' };
    expect(() => guardIpcCall(dev, window, 'about', [])).toThrow(IpcRefused);
    expect(guardIpcCall(dev, { ...window, devServer: 'http://localhost:5173' }, 'about', []).method).toBe('about');
  });
});

describe('the preload bridge', () => {
  function fakeIpc() {
    const calls: unknown[][] = [];
    const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
    return {
      calls,
      listeners,
      ipc: {
        invoke: async (...args: unknown[]) => (calls.push(args), 'answer'),
        on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)!.add(listener);
        },
        removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
          listeners.get(channel)?.delete(listener);
        },
      },
    };
  }

  it('invokes API methods on one channel and refuses others without calling main', async () => {
    const fake = fakeIpc();
    const bridge = createPreloadBridge(fake.ipc, { getPathForFile: () => '/x.pcap' });
    await expect(bridge.invoke('getRows', 'c', 0, 5)).resolves.toBe('answer');
    expect(fake.calls).toEqual([[INVOKE_CHANNEL, 'getRows', ['c', 0, 5]]]);
    await expect(bridge.invoke('send', 'x')).rejects.toThrow(/unknown method/);
    expect(fake.calls.length).toBe(1);
    expect(Object.keys(bridge).sort()).toEqual(['getPathForFile', 'invoke', 'onEvent']);
  });

  it('delivers events and unsubscribes', () => {
    const fake = fakeIpc();
    const bridge = createPreloadBridge(fake.ipc, { getPathForFile: () => '' });
    const seen: unknown[] = [];
    const unsubscribe = bridge.onEvent((e) => seen.push(e));
    for (const l of fake.listeners.get(EVENT_CHANNEL)!)
      l({ sender: 'ipc internals' }, { type: 'log', level: 'info', text: 'x', time: 1 });
    expect(seen).toEqual([{ type: 'log', level: 'info', text: 'x', time: 1 }]);
    unsubscribe();
    expect(fake.listeners.get(EVENT_CHANNEL)!.size).toBe(0);
  });
});

describe('the application menu', () => {
  const recent = [{ path: '/captures/a.pcap', name: 'a.pcap', openedAt: 1 }];
  const samples = [
    { name: 'hobbits', title: 'Hobbits (EWP)', description: 'd', file: '/s/hobbits.pcap', size: 1, keyFiles: [] },
  ];

  function build(platform: NodeJS.Platform = 'linux') {
    const sent: unknown[][] = [];
    const chosen: string[] = [];
    const template = menuTemplate(
      recent,
      samples,
      {
        send: (command, payload) => sent.push([command, payload]),
        chooseCapture: () => chosen.push('capture'),
        chooseKeys: () => chosen.push('keys'),
      },
      platform,
    );
    const file = template.find((m) => m.label === '&File')!.submenu as MenuItemConstructorOptions[];
    const item = (label: string, within = file) => within.find((m) => m.label === label)!;
    const click = (m: MenuItemConstructorOptions) => (m.click as unknown as () => void)();
    return { template, file, item, click, sent, chosen };
  }

  it('has Open, Open Recent, Open Sample, Load Keys, Save As pcapng, Export and Quit', () => {
    const { file } = build();
    expect(file.filter((m) => m.label).map((m) => m.label)).toEqual([
      '&Open…',
      'Open &Recent',
      'Open &Sample',
      'Load &Keys…',
      'Save &As pcapng…',
      '&Export',
      '&Quit',
    ]);
    expect(file.find((m) => m.role === 'quit')?.accelerator).toBe('CmdOrCtrl+Q');
  });

  it('sends each command to the renderer with what it needs', () => {
    const { item, click, sent, chosen } = build();
    click(item('&Open…'));
    click(item('Load &Keys…'));
    click(item('/captures/a.pcap', item('Open &Recent').submenu as MenuItemConstructorOptions[]));
    click(item('Hobbits (EWP)', item('Open &Sample').submenu as MenuItemConstructorOptions[]));
    click(item('Save &As pcapng…'));
    const exports = item('&Export').submenu as MenuItemConstructorOptions[];
    click(item('Messages as &JSON Lines…', exports));
    click(item('Current View as &CSV…', exports));
    expect(chosen).toEqual(['capture', 'keys']);
    expect(sent).toEqual([
      [MENU_COMMANDS.open, { path: '/captures/a.pcap' }],
      [MENU_COMMANDS.openSample, { name: 'hobbits' }],
      [MENU_COMMANDS.savePcapng, undefined],
      [MENU_COMMANDS.exportJsonl, undefined],
      [MENU_COMMANDS.exportCsv, undefined],
    ]);
  });

  it('follows macOS conventions there (app menu, Close instead of Quit)', () => {
    const { template, file } = build('darwin');
    expect(template[0]!.role).toBe('appMenu');
    expect(file.some((m) => m.role === 'quit')).toBe(false);
  });
});

describe('files from the system', () => {
  it('takes capture files from the command line, and key files as key material', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peerscope-files-'));
    try {
      const pcap = join(dir, 'a.pcapng');
      const keylog = join(dir, 'session.keylog');
      const nodeKey = join(dir, 'node.key');
      writeFileSync(pcap, '');
      writeFileSync(keylog, 'RLPX aa bb');
      writeFileSync(nodeKey, `${'ab'.repeat(32)}\n`);
      expect(capturesIn(['--inspect', '.', pcap, join(dir, 'missing.pcap'), keylog])).toEqual([pcap]);
      expect(keyMaterialOfFiles([keylog, nodeKey])).toEqual({
        keylogText: 'RLPX aa bb\n',
        keylogName: 'session.keylog',
        nodeKeys: ['ab'.repeat(32)],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
