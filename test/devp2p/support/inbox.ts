import { withTimeout } from './tcpdump-recording';

/**
 * What one peer received, in arrival order, taken one at a time: a session script waits for "the next message" on
 * either peer without caring whether it has already arrived. Every wait is bounded.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T) => void)[] = [];

  push(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  /** The next item; rejects after `timeoutMs`, saying `what` was awaited. */
  next(timeoutMs: number, what: string): Promise<T> {
    const ready = this.items.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    let waiter: (item: T) => void = () => {};
    const arrived = new Promise<T>((resolve) => {
      waiter = resolve;
      this.waiting.push(waiter);
    });
    return withTimeout(arrived, timeoutMs, what).catch((e: unknown) => {
      // A late item must not go to a wait that gave up: it stays for the next one.
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      throw e;
    });
  }
}
