import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';

export type LogEntry = Extract<PeerscopeEvent, { type: 'log' }> & { seq: number };

/** The engine's log lines, the newest few thousand, numbered so that a reader can take only the new ones. */
export class LogStore {
  private entries: LogEntry[] = [];
  private nextSeq = 0;
  private listeners = new Set<() => void>();

  constructor(private readonly kept = 5000) {}

  add(lines: readonly Omit<LogEntry, 'seq'>[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.entries.push({ ...line, seq: this.nextSeq++ });
    if (this.entries.length > this.kept) this.entries.splice(0, this.entries.length - this.kept);
    for (const listener of this.listeners) listener();
  }

  /** Entries numbered `seq` and after (those still kept). */
  since(seq: number): LogEntry[] {
    const first = this.entries.findIndex((e) => e.seq >= seq);
    return first < 0 ? [] : this.entries.slice(first);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
