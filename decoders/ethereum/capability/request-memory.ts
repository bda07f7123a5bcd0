import type { Direction } from '../../core/dissector';

/**
 * What a session remembers about requests in flight, keyed by the requester's direction and request id, so a
 * response can be checked against what was asked (a header's hash, a code hash, a count). Bounded: the oldest
 * entries go first when a peer never answers.
 */
export class RequestMemory<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 4096) {}

  remember(requester: Direction, id: string, value: T): void {
    const key = `${requester}:${id}`;
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  /** The request a response sent in `responder` direction answers, forgotten once taken. */
  take(responder: Direction, id: string): T | undefined {
    const key = `${responder === 0 ? 1 : 0}:${id}`;
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value;
  }

  /** Every request of `requester` still remembered, oldest first, and forgets them (a StopMsg cancels them all). */
  takeAll(requester: Direction): { id: string; value: T }[] {
    const out: { id: string; value: T }[] = [];
    for (const [key, value] of this.entries) {
      if (!key.startsWith(`${requester}:`)) continue;
      out.push({ id: key.slice(2), value });
      this.entries.delete(key);
    }
    return out;
  }
}

/** A bounded map from keys to values (the headers a connection has seen, by hash), oldest dropped first. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity = 4096) {}

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }
}
