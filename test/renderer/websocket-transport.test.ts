import { describe, expect, it } from 'vitest';
import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import type { LinkState } from '../../src-renderer/api/api-transport';
import { ApiError } from '../../src-renderer/api/api-transport';
import {
  apiSocketUrl,
  reconnectDelay,
  WebSocketTransport,
  type SocketLike,
} from '../../src-renderer/api/websocket-transport';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; method: string; params: unknown[] }[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  reply(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: { ms: number; run(): void }[] = [];
  const transport = new WebSocketTransport({
    url: 'ws://127.0.0.1:4000/api?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (run, ms) => timers.push({ run, ms }),
  });
  return { transport, sockets, timers, last: () => sockets.at(-1)! };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the web mode`s API socket', () => {
  it('is found on the page`s host with the page`s token', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:4123', search: '?token=a+b%2F' })).toBe(
      'ws://127.0.0.1:4123/api?token=a%20b%2F',
    );
    expect(apiSocketUrl({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/api?token=');
  });

  it('sends requests made before the socket opens once it does, and resolves each by its id', async () => {
    const { transport, last } = setup();
    const about = transport.invoke('about', []);
    const rows = transport.invoke('getRows', ['1', 0, 50]);
    expect(last().sent).toHaveLength(0);
    last().open();
    expect(last().sent.map((s) => [s.method, s.params])).toEqual([
      ['about', []],
      ['getRows', ['1', 0, 50]],
    ]);
    const [first, second] = last().sent;
    last().reply({ id: second!.id, result: ['row'] });
    last().reply({ id: first!.id, result: { version: '0.1.0' } });
    await expect(about).resolves.toEqual({ version: '0.1.0' });
    await expect(rows).resolves.toEqual(['row']);
  });

  it('rejects with the engine`s error', async () => {
    const { transport, last } = setup();
    last().open();
    const call = transport.invoke('setView', ['9', { filter: '' }]);
    last().reply({ id: last().sent[0]!.id, error: { message: 'no capture 9' } });
    await expect(call).rejects.toThrow(new ApiError('setView', 'no capture 9'));
  });

  it('hands events to its listeners', () => {
    const { transport, last } = setup();
    const events: PeerscopeEvent[] = [];
    transport.onEvent((e) => events.push(e));
    last().open();
    last().reply({ event: { type: 'rows', id: '1', total: 5, viewCount: 5 } });
    expect(events).toEqual([{ type: 'rows', id: '1', total: 5, viewCount: 5 }]);
  });

  it('fails requests in flight when the socket drops, reconnects after a growing delay, and says so', async () => {
    const { transport, sockets, timers, last } = setup();
    const states: LinkState[] = [];
    transport.onLinkState((s) => states.push(s));
    last().open();
    const lost = transport.invoke('statistics', ['1']);
    last().drop();
    await expect(lost).rejects.toThrow(/connection .* lost/);
    expect(timers.map((t) => t.ms)).toEqual([reconnectDelay(0)]);
    const waiting = transport.invoke('about', []);
    timers[0]!.run();
    expect(sockets).toHaveLength(2);
    last().drop(); // refused again: the next delay is longer
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    timers[1]!.run();
    last().open();
    expect(last().sent.map((s) => s.method)).toEqual(['about']);
    last().reply({ id: last().sent[0]!.id, result: 1 });
    await expect(waiting).resolves.toBe(1);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'open']);
    await settle();
  });

  it('waits at most a few seconds between attempts', () => {
    expect(reconnectDelay(0)).toBeLessThan(reconnectDelay(3));
    expect(reconnectDelay(50)).toBe(5000);
  });
});
