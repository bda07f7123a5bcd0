import { closeSync, openSync, readSync } from 'node:fs';
import type { Direction } from '../../decoders/core/dissector';
import type { FrameInfo } from '../../decoders/net/types';
import { ByteReader } from './growable-bytes';
import { EVENT } from './replay-log';

export type ReplayEvent =
  | { kind: 'data'; dir: Direction; at: FrameInfo; bytes: Uint8Array }
  | { kind: 'gap'; dir: Direction; at: FrameInfo; length: number }
  | { kind: 'end'; dir: Direction; at: FrameInfo }
  | { kind: 'datagram'; dir: Direction; at: FrameInfo; flow: number; bytes: Uint8Array }
  | { kind: 'flow-end'; at: FrameInfo; flow: number };

/** Where each group's runs lie in the replay log, in the order they were written. */
export class ReplayIndex {
  private readonly runs = new Map<number, { offsets: number[]; lengths: number[] }>();

  add(triples: Float64Array): void {
    for (let i = 0; i < triples.length; i += 3) {
      const group = triples[i]!;
      let entry = this.runs.get(group);
      if (!entry) {
        entry = { offsets: [], lengths: [] };
        this.runs.set(group, entry);
      }
      entry.offsets.push(triples[i + 1]!);
      entry.lengths.push(triples[i + 2]!);
    }
  }

  of(group: number): { offsets: readonly number[]; lengths: readonly number[] } {
    return this.runs.get(group) ?? { offsets: [], lengths: [] };
  }

  clear(): void {
    this.runs.clear();
  }
}

/** Reads ahead this much: a group's runs of nearby batches then come from one read. */
const WINDOW = 64 * 1024;

/** Reads a group's events back from the replay log file. */
export class ReplayLogReader {
  private fd: number | null = null;
  private window = new Uint8Array(WINDOW);
  private windowStart = 0;
  private windowLength = 0;

  constructor(private readonly path: string) {}

  /** The group's events in order; runs added to `runs` while iterating are read too. */
  *events(runs: { offsets: readonly number[]; lengths: readonly number[] }): Generator<ReplayEvent> {
    for (let i = 0; i < runs.offsets.length; i++) {
      // Parsed whole before yielding: another cursor may read (and move the window) between two events.
      const bytes = this.read(runs.offsets[i]!, runs.lengths[i]!).slice();
      yield* parseEvents(bytes);
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** The run's bytes; valid until the next read (events copy nothing, dissectors copy what they keep). */
  private read(offset: number, length: number): Uint8Array {
    const from = offset - this.windowStart;
    if (from >= 0 && from + length <= this.windowLength) return this.window.subarray(from, from + length);
    this.fd ??= openSync(this.path, 'r');
    const size = Math.max(WINDOW, length);
    if (this.window.length < size) this.window = new Uint8Array(size);
    this.windowStart = offset;
    this.windowLength = readSync(this.fd, this.window, 0, size, offset);
    if (this.windowLength < length) throw new Error(`replay log ${this.path} ends before offset ${offset + length}`);
    return this.window.subarray(0, length);
  }
}

function* parseEvents(bytes: Uint8Array): Generator<ReplayEvent> {
  const r = new ByteReader(bytes);
  while (r.position < bytes.length) {
    const event = r.byte();
    const dir = r.byte() as Direction;
    const at = { frame: r.varint(), time: r.f64() };
    switch (event) {
      case EVENT.DATA:
        yield { kind: 'data', dir, at, bytes: r.take(r.varint()) };
        break;
      case EVENT.GAP:
        yield { kind: 'gap', dir, at, length: r.varint() };
        break;
      case EVENT.END:
        yield { kind: 'end', dir, at };
        break;
      case EVENT.DATAGRAM: {
        const flow = r.varint();
        yield { kind: 'datagram', dir, at, flow, bytes: r.take(r.varint()) };
        break;
      }
      case EVENT.FLOW_END:
        yield { kind: 'flow-end', at, flow: r.varint() };
        break;
      default:
        throw new Error(`replay log: unknown event ${event}`);
    }
  }
}
