import { describe, expect, it } from 'vitest';
import type { CaptureInfo, PeerscopeApi, PeerscopeEvent, ViewState } from '../../src-main/api/peerscope-api';
import type { ApiTransport } from '../../src-renderer/api/api-transport';
import { runMenuCommand } from '../../src-renderer/state/menu-commands';
import { createWorkbench, type Workbench } from '../../src-renderer/state/workbench';

/** A workbench over an engine that records the calls it gets and answers the few the menu leads to. */
function workbenchWithFakeEngine() {
  const calls: [string, unknown[]][] = [];
  const info: CaptureInfo = { id: 'c1', name: 'x.pcap', path: '/x.pcap', size: 1, format: 'pcap' };
  const view: ViewState = { id: 'c1', filter: '', sort: null, count: 0, total: 0, elapsedMs: 0, error: null };
  const answers: Record<string, unknown> = {
    openCaptures: [],
    openCapture: info,
    setView: view,
    loadKeys: info,
    getRows: [],
  };
  const transport: ApiTransport = {
    mode: 'electron',
    invoke: async (method, params) => {
      calls.push([method, params]);
      return answers[method] ?? null;
    },
    onEvent: (_listener: (event: PeerscopeEvent) => void) => () => {},
    onLinkState: () => () => {},
    pathForFile: () => null,
  };
  const api = new Proxy({} as PeerscopeApi, {
    get:
      (_t, method: string) =>
      (...params: unknown[]) =>
        transport.invoke(method, params),
  });
  const workbench: Workbench = createWorkbench(api, transport);
  let chosen = 0;
  workbench.chooseFiles = () => chosen++;
  return { workbench, calls, chosenFiles: () => chosen };
}

const methods = (calls: [string, unknown[]][]) => calls.map(([m]) => m);

describe('Electron menu commands', () => {
  it('opens the file the menu chose, or a recent file, by its path', async () => {
    const { workbench, calls } = workbenchWithFakeEngine();
    await runMenuCommand(workbench, 'open', { path: '/captures/a.pcap' });
    expect(calls.find(([m]) => m === 'openCapture')?.[1][0]).toEqual({ kind: 'path', path: '/captures/a.pcap' });
    expect(workbench.capture.get().capture?.id).toBe('c1');
  });

  it('opens the file chooser when the menu sends no file', async () => {
    const { workbench, calls, chosenFiles } = workbenchWithFakeEngine();
    await runMenuCommand(workbench, 'open');
    expect(chosenFiles()).toBe(1);
    expect(methods(calls)).not.toContain('openCapture');
  });

  it('opens a sample by name', async () => {
    const { workbench, calls } = workbenchWithFakeEngine();
    await runMenuCommand(workbench, 'open-sample', { name: 'hobbits' });
    expect(calls.find(([m]) => m === 'openCapture')?.[1][0]).toEqual({ kind: 'sample', name: 'hobbits' });
  });

  it('loads keys the menu read, or opens the keys dialog when it sends none', async () => {
    const { workbench, calls } = workbenchWithFakeEngine();
    await runMenuCommand(workbench, 'open', { path: '/x.pcap' });
    await runMenuCommand(workbench, 'load-keys', { keylogText: 'RLPX …', keylogName: 'a.keylog' });
    expect(calls.find(([m]) => m === 'loadKeys')?.[1]).toEqual([
      'c1',
      { keylogText: 'RLPX …', keylogName: 'a.keylog' },
    ]);
    await runMenuCommand(workbench, 'load-keys');
    expect(workbench.ui.get().keysDialogOpen).toBe(true);
  });

  it('says when keys come with no capture open, and logs commands it does not know', async () => {
    const { workbench } = workbenchWithFakeEngine();
    await runMenuCommand(workbench, 'load-keys', { nodeKeys: ['00'] });
    expect(workbench.ui.get().notice).toMatchObject({ tone: 'error', text: 'load-keys: no capture is open' });
    const logged: string[] = [];
    workbench.logs.subscribe(() => logged.push(...workbench.logs.since(0).map((e) => e.text)));
    await runMenuCommand(workbench, 'frobnicate');
    expect(logged).toEqual(['unknown menu command frobnicate']);
  });
});
