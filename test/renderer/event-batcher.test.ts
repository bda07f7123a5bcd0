import { describe, expect, it } from 'vitest';
import type { LoadProgress, PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { coalesceEvents, EventBatcher } from '../../src-renderer/api/event-batcher';

const progress = (id: string, bytesRead: number): PeerscopeEvent => ({
  type: 'progress',
  progress: { id, bytesRead, totalBytes: 100, frames: 0, messages: 0, state: 'loading', damage: [] } as LoadProgress,
});
const rows = (id: string, total: number, reset?: boolean): PeerscopeEvent => ({
  type: 'rows',
  id,
  total,
  viewCount: total,
  ...(reset && { reset }),
});
const log = (text: string): PeerscopeEvent => ({ type: 'log', level: 'info', text, time: 0 });

/** A scheduler that runs its callbacks when the test says a frame has passed. */
function frames() {
  const queued: (() => void)[] = [];
  return {
    schedule: (callback: () => void) => queued.push(callback),
    next: () => queued.splice(0).forEach((c) => c()),
    pending: () => queued.length,
  };
}

describe('event batching per animation frame', () => {
  it('applies all events of a frame at once, scheduling one frame for any number of events', () => {
    const clock = frames();
    const batches: PeerscopeEvent[][] = [];
    const batcher = new EventBatcher((batch) => batches.push(batch), clock.schedule);
    for (let i = 0; i < 1000; i++) batcher.push(log(`line ${i}`));
    expect(clock.pending()).toBe(1);
    expect(batches).toHaveLength(0);
    clock.next();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1000);
    batcher.push(log('later'));
    clock.next();
    expect(batches.map((b) => b.length)).toEqual([1000, 1]);
  });

  it('applies nothing for a frame without events', () => {
    const clock = frames();
    const batches: PeerscopeEvent[][] = [];
    const batcher = new EventBatcher((batch) => batches.push(batch), clock.schedule);
    batcher.flush();
    expect(batches).toHaveLength(0);
  });

  it('keeps the latest progress and row count of each capture, every log line and menu command in order', () => {
    const menu: PeerscopeEvent = { type: 'menu', command: 'open' };
    const events = [
      progress('a', 1),
      rows('a', 10),
      log('one'),
      progress('b', 5),
      progress('a', 2),
      rows('a', 20),
      menu,
      log('two'),
    ];
    expect(coalesceEvents(events)).toEqual([
      log('one'),
      progress('b', 5),
      progress('a', 2),
      rows('a', 20),
      menu,
      log('two'),
    ]);
  });

  it('keeps a reset among the row events it folds together', () => {
    expect(coalesceEvents([rows('a', 0, true), rows('a', 5)])).toEqual([rows('a', 5, true)]);
    expect(coalesceEvents([rows('a', 3), rows('b', 0, true), rows('a', 5)])).toEqual([
      rows('b', 0, true),
      rows('a', 5),
    ]);
  });
});
