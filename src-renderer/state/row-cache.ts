import type { MessageRow } from '../../src-main/api/peerscope-api';

export type RowPageLoader = (start: number, count: number) => Promise<MessageRow[]>;

interface Page {
  rows: MessageRow[];
  /** The freshness it was fetched at: older than the cache's means "show, but fetch again". */
  freshness: number;
}

/**
 * The message list's rows, fetched by page as they scroll into view and kept (least recently used first out).
 * `reset` forgets everything (a new view: the rows mean something else); `markStale` keeps showing the pages but
 * fetches them again when next wanted (new rows or pairing updates arrived).
 */
export class RowCache {
  private pages = new Map<number, Page>();
  private inFlight = new Map<number, number>();
  /** Bumped by reset: answers to requests made before it are dropped. */
  private epoch = 0;
  private freshness = 0;
  private listeners = new Set<() => void>();
  private version = 0;

  constructor(
    private load: RowPageLoader,
    readonly pageSize = 256,
    private readonly maxPages = 64,
  ) {}

  /** A change counter for renders: it moves whenever a page lands or the cache is reset. */
  get revision(): number {
    return this.version;
  }

  setLoader(load: RowPageLoader): void {
    this.load = load;
    this.reset();
  }

  row(index: number): MessageRow | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.rows[index % this.pageSize];
  }

  /** Makes rows `first … last` (inclusive) available, fetching the pages missing or stale. */
  ensure(first: number, last: number): void {
    if (last < first) return;
    const firstPage = Math.floor(Math.max(0, first) / this.pageSize);
    const lastPage = Math.floor(last / this.pageSize);
    for (let page = firstPage; page <= lastPage; page++) {
      const cached = this.pages.get(page);
      if (cached) this.touch(page, cached);
      if (cached?.freshness === this.freshness || this.inFlight.get(page) === this.freshness) continue;
      void this.fetch(page);
    }
  }

  reset(): void {
    this.epoch++;
    this.freshness++;
    this.pages.clear();
    this.inFlight.clear();
    this.changed();
  }

  markStale(): void {
    this.freshness++;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private async fetch(page: number): Promise<void> {
    const { epoch, freshness } = this;
    this.inFlight.set(page, freshness);
    let rows: MessageRow[];
    try {
      rows = await this.load(page * this.pageSize, this.pageSize);
    } catch {
      if (this.inFlight.get(page) === freshness) this.inFlight.delete(page);
      return; // the next ensure asks again
    }
    if (epoch !== this.epoch) return;
    if (this.inFlight.get(page) === freshness) this.inFlight.delete(page);
    const cached = this.pages.get(page);
    if (cached && cached.freshness > freshness) return;
    this.pages.set(page, { rows, freshness });
    this.touch(page, this.pages.get(page)!);
    this.evict();
    this.changed();
  }

  private touch(page: number, entry: Page): void {
    this.pages.delete(page);
    this.pages.set(page, entry);
  }

  private evict(): void {
    for (const page of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) return;
      this.pages.delete(page);
    }
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
