import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../src-main/api/peerscope-api';
import { RowCache } from '../../src-renderer/state/row-cache';

function row(index: number, info = ''): MessageRow {
  return {
    index,
    frame: index + 1,
    time: index,
    stream: 'tcp:0',
    src: 'a',
    dst: 'b',
    protocol: 'hobbits',
    message: 'PING',
    code: null,
    requestId: null,
    pair: null,
    length: 10,
    info,
    severity: null,
    noteCount: 0,
  };
}

/** A loader that answers only when told to, recording what was asked. */
function manualLoader(total: number) {
  const asked: { start: number; count: number; answer(info?: string): Promise<void> }[] = [];
  const load = (start: number, count: number) =>
    new Promise<MessageRow[]>((resolve) => {
      asked.push({
        start,
        count,
        answer: async (info = '') => {
          const rows = [];
          for (let i = start; i < Math.min(total, start + count); i++) rows.push(row(i, info));
          resolve(rows);
          await new Promise((r) => setTimeout(r, 0));
        },
      });
    });
  return { load, asked };
}

describe('the row cache', () => {
  it('fetches the pages covering the rows in view, once each', async () => {
    const { load, asked } = manualLoader(1000);
    const cache = new RowCache(load, 100);
    cache.ensure(150, 320);
    cache.ensure(150, 320);
    expect(asked.map((a) => [a.start, a.count])).toEqual([
      [100, 100],
      [200, 100],
      [300, 100],
    ]);
    expect(cache.row(150)).toBeUndefined();
    await asked[0]!.answer();
    expect(cache.row(150)?.index).toBe(150);
    cache.ensure(100, 199);
    expect(asked).toHaveLength(3);
  });

  it('tells its subscribers when a page lands', async () => {
    const { load, asked } = manualLoader(1000);
    const cache = new RowCache(load, 100);
    let changes = 0;
    cache.subscribe(() => changes++);
    cache.ensure(0, 10);
    const before = cache.revision;
    await asked[0]!.answer();
    expect(changes).toBe(1);
    expect(cache.revision).toBeGreaterThan(before);
  });

  it('keeps showing stale pages while fetching them again', async () => {
    const { load, asked } = manualLoader(1000);
    const cache = new RowCache(load, 100);
    cache.ensure(0, 10);
    await asked[0]!.answer('old');
    cache.markStale();
    cache.ensure(0, 10);
    expect(asked).toHaveLength(2);
    expect(cache.row(5)?.info).toBe('old');
    await asked[1]!.answer('new');
    expect(cache.row(5)?.info).toBe('new');
  });

  it('drops answers to requests made before a reset (another view)', async () => {
    const { load, asked } = manualLoader(1000);
    const cache = new RowCache(load, 100);
    cache.ensure(0, 10);
    cache.reset();
    await asked[0]!.answer('old view');
    expect(cache.row(0)).toBeUndefined();
    cache.ensure(0, 10);
    await asked[1]!.answer('new view');
    expect(cache.row(0)?.info).toBe('new view');
  });

  it('forgets the least recently used pages beyond its limit', async () => {
    const { load, asked } = manualLoader(10_000);
    const cache = new RowCache(load, 10, 3);
    for (const start of [0, 10, 20]) {
      cache.ensure(start, start);
      await asked.at(-1)!.answer();
    }
    cache.ensure(0, 0); // page 0 used again: page 1 is now the oldest
    cache.ensure(30, 30);
    await asked.at(-1)!.answer();
    expect(cache.row(0)).toBeDefined();
    expect(cache.row(10)).toBeUndefined();
    expect(cache.row(20)).toBeDefined();
    expect(cache.row(30)).toBeDefined();
  });

  it('asks again after a failed fetch', async () => {
    let fail = true;
    const cache = new RowCache(async (start) => {
      if (fail) throw new Error('link down');
      return [row(start)];
    }, 100);
    cache.ensure(0, 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.row(0)).toBeUndefined();
    fail = false;
    cache.ensure(0, 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.row(0)?.index).toBe(0);
  });
});
