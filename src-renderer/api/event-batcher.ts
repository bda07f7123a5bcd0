import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';

/** Schedules one callback: the next animation frame in a visible window, a short timer in a hidden one. */
export type FrameScheduler = (callback: () => void) => void;

export const nextFrame: FrameScheduler = (callback) => {
  // Hidden windows get no animation frames: without a timer the queue would only grow.
  if (typeof document !== 'undefined' && document.hidden) setTimeout(callback, 100);
  else requestAnimationFrame(() => callback());
};

/**
 * Collects engine events and hands them over once per animation frame, coalesced: a flood of events makes bigger
 * batches, not more renders.
 */
export class EventBatcher {
  private queue: PeerscopeEvent[] = [];
  private scheduled = false;

  constructor(
    private readonly apply: (batch: PeerscopeEvent[]) => void,
    private readonly schedule: FrameScheduler = nextFrame,
  ) {}

  push(event: PeerscopeEvent): void {
    this.queue.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const batch = coalesceEvents(this.queue);
    this.queue = [];
    if (batch.length > 0) this.apply(batch);
  }
}

/**
 * Keeps what a frame needs: the latest progress and the latest row counts of each capture (each only says "now it
 * stands at"; a `reset` among a capture's row events is kept), every log line and menu command in order.
 */
export function coalesceEvents(events: readonly PeerscopeEvent[]): PeerscopeEvent[] {
  const lastOfKind = new Map<string, number>();
  const resetCaptures = new Set<string>();
  events.forEach((event, i) => {
    if (event.type === 'progress') lastOfKind.set(`progress:${event.progress.id}`, i);
    else if (event.type === 'rows') {
      lastOfKind.set(`rows:${event.id}`, i);
      if (event.reset) resetCaptures.add(event.id);
    }
  });
  const out: PeerscopeEvent[] = [];
  events.forEach((event, i) => {
    if (event.type === 'progress') {
      if (lastOfKind.get(`progress:${event.progress.id}`) === i) out.push(event);
    } else if (event.type === 'rows') {
      if (lastOfKind.get(`rows:${event.id}`) === i)
        out.push(resetCaptures.has(event.id) ? { ...event, reset: true } : event);
    } else out.push(event);
  });
  return out;
}
