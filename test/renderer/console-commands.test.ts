import { describe, expect, it } from 'vitest';
import type { DecodeResult, FilterProblem, ViewState } from '../../src-main/api/peerscope-api';
import { runConsoleCommand, type ConsoleHost } from '../../src-renderer/console/console-commands';

function fakeHost(overrides: Partial<ConsoleHost> = {}) {
  const calls: string[] = [];
  const view: ViewState = { id: '1', filter: '', sort: null, count: 3, total: 37, elapsedMs: 1.25, error: null };
  const host: ConsoleHost = {
    applyFilter: async (filter) => {
      calls.push(`filter ${filter}`);
      return { ...view, filter };
    },
    goTo: async (index) => {
      calls.push(`goto ${index}`);
      return index < 37;
    },
    decode: async (protocol, hex) => {
      calls.push(`decode ${protocol} ${hex}`);
      return {
        record: {
          protocol,
          message: 'PING',
          code: null,
          requestId: null,
          fields: { body: '0x01' },
          notes: [{ severity: 'warning', kind: 'x.y', text: 'odd', field: 'body' }],
        },
        tree: { name: protocol, shape: 'struct' },
        sources: [],
      } as DecodeResult;
    },
    selectedSources: () => ({ index: 4, sources: [{ name: 'frame', bytes: new Uint8Array([0x45, 0x57, 0x50]) }] }),
    hasCapture: () => true,
    clear: () => calls.push('clear'),
    ...overrides,
  };
  return { host, calls };
}

const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

describe('console commands', () => {
  it('applies a filter and reports how many messages it shows', async () => {
    const { host, calls } = fakeHost();
    const out = await runConsoleCommand('filter  hobbits.header.id == 5 ', host);
    expect(calls).toEqual(['filter hobbits.header.id == 5']);
    expect(out).toEqual([{ text: '3 of 37 messages (1.3 ms)', tone: 'ok' }]);
  });

  it('shows a bad filter with a caret under the problem', async () => {
    const problem: FilterProblem = { message: 'unknown field', position: 4, length: 3, suggestion: 'pair' };
    const { host } = fakeHost({ applyFilter: async () => problem });
    expect(texts(await runConsoleCommand('filter a == pear', host))).toEqual([
      '  a == pear',
      '      ^^^',
      'unknown field (did you mean pair?)',
    ]);
  });

  it('goes to a message by number, and says when there is none', async () => {
    const { host, calls } = fakeHost();
    expect(await runConsoleCommand('goto 5', host)).toEqual([{ text: 'message #5', tone: 'ok' }]);
    expect(await runConsoleCommand('goto #99', host)).toEqual([{ text: 'no message #99', tone: 'error' }]);
    expect((await runConsoleCommand('goto five', host))[0]?.tone).toBe('error');
    expect(calls).toEqual(['goto 5', 'goto 99']);
  });

  it('decodes hex with the named protocol (spaces in the hex ignored) and prints fields and notes', async () => {
    const { host, calls } = fakeHost();
    const out = await runConsoleCommand('decode HOBBITS 4557 50', host);
    expect(calls).toEqual(['decode hobbits 455750']);
    expect(out[0]).toEqual({ text: 'hobbits PING', tone: 'heading' });
    expect(texts(out)).toContain('    "body": "0x01"');
    expect(out.at(-1)).toEqual({ text: 'warning: x.y: odd (body)', tone: 'warn' });
  });

  it('dumps the selected message`s bytes', async () => {
    const { host } = fakeHost();
    expect(texts(await runConsoleCommand('hex', host))).toEqual([
      '#4 frame (3 bytes)',
      '0000  45 57 50                                          EWP',
    ]);
    const none = fakeHost({ selectedSources: () => null }).host;
    expect(await runConsoleCommand('hex', none)).toEqual([{ text: 'no message is selected', tone: 'error' }]);
  });

  it('answers help, clear and unknown commands, and turns failures into red lines', async () => {
    const { host, calls } = fakeHost({
      decode: async () => {
        throw new Error('unknown protocol zz');
      },
    });
    expect(texts(await runConsoleCommand('help', host)).join('\n')).toMatch(/filter EXPR[\s\S]*goto N[\s\S]*decode/);
    expect(await runConsoleCommand('clear', host)).toEqual([]);
    expect(calls).toEqual(['clear']);
    expect(await runConsoleCommand('frobnicate', host)).toEqual([
      { text: 'unknown command "frobnicate"; type help', tone: 'error' },
    ]);
    expect(await runConsoleCommand('decode zz 00', host)).toEqual([{ text: 'unknown protocol zz', tone: 'error' }]);
    expect(await runConsoleCommand('   ', host)).toEqual([]);
  });

  it('needs an open capture for filter and goto', async () => {
    const { host } = fakeHost({ hasCapture: () => false });
    expect(await runConsoleCommand('goto 1', host)).toEqual([{ text: 'no capture is open', tone: 'error' }]);
  });
});
