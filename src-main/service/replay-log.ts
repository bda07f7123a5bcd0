import { closeSync, openSync, writevSync } from 'node:fs';
import type { Direction } from '../../decoders/core/dissector';
import type { FrameInfo } from '../../decoders/net/types';
import { GrowableBytes } from './growable-bytes';

/**
 * The replay log: what every dissector was given (a TCP connection's stream chunks, gaps and ends; a UDP flow's
 * datagrams and end), with frame and time, spilled to a temporary file while a capture is read. Decoding a message
 * again replays just its group (its TCP connection, or its protocol's UDP flows) through fresh dissectors, which
 * gives the same tree, notes and pairing as the first pass, without reading the capture again.
 *
 * Each group's events of one batch are written as one run; the service keeps the runs of every group.
 */
export const EVENT = { DATA: 1, GAP: 2, END: 3, DATAGRAM: 4, FLOW_END: 5 } as const;

/** A group's buffer starts small: a capture may hold thousands of connections. */
const GROUP_BUFFER_START = 1024;
/** After a flush, buffers that grew past this are dropped rather than kept for the next batch. */
const GROUP_BUFFER_KEEP = 256 * 1024;

export class ReplayLogWriter {
  private readonly fd: number;
  private readonly pending = new Map<number, GrowableBytes>();
  private readonly idle: GrowableBytes[] = [];
  private position = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  data(group: number, dir: Direction, bytes: Uint8Array, at: FrameInfo): void {
    const out = this.head(group, EVENT.DATA, dir, at);
    out.varint(bytes.length);
    out.append(bytes);
  }

  gap(group: number, dir: Direction, length: number, at: FrameInfo): void {
    this.head(group, EVENT.GAP, dir, at).varint(length);
  }

  end(group: number, dir: Direction, at: FrameInfo): void {
    this.head(group, EVENT.END, dir, at);
  }

  datagram(group: number, flow: number, dir: Direction, bytes: Uint8Array, at: FrameInfo): void {
    const out = this.head(group, EVENT.DATAGRAM, dir, at);
    out.varint(flow);
    out.varint(bytes.length);
    out.append(bytes);
  }

  flowEnd(group: number, flow: number, at: FrameInfo): void {
    this.head(group, EVENT.FLOW_END, 0, at).varint(flow);
  }

  /** Writes what every group gathered since the last flush; returns the runs as [group, offset, length] triples. */
  flush(): Float64Array {
    const runs = new Float64Array(this.pending.size * 3);
    if (this.pending.size === 0) return runs;
    const buffers: Uint8Array[] = [];
    let at = 0;
    let i = 0;
    for (const [group, buffer] of this.pending) {
      buffers.push(buffer.written());
      runs[i++] = group;
      runs[i++] = this.position + at;
      runs[i++] = buffer.length;
      at += buffer.length;
    }
    // One gathered write per batch: no copy into a segment, one system call (or a few for a partial write).
    let written = 0;
    while (written < at) {
      const remaining = skipBytes(buffers, written);
      written += writevSync(this.fd, remaining, this.position + written);
    }
    this.position += at;
    for (const buffer of this.pending.values()) {
      if (buffer.bytes.length > GROUP_BUFFER_KEEP) continue;
      buffer.reset();
      this.idle.push(buffer);
    }
    this.pending.clear();
    return runs;
  }

  close(): void {
    closeSync(this.fd);
  }

  private head(group: number, event: number, dir: Direction, at: FrameInfo): GrowableBytes {
    let out = this.pending.get(group);
    if (!out) {
      out = this.idle.pop() ?? new GrowableBytes(GROUP_BUFFER_START);
      this.pending.set(group, out);
    }
    out.byte(event);
    out.byte(dir);
    out.varint(at.frame);
    out.f64(at.time);
    return out;
  }
}

/** The buffers after their first `skip` bytes (what a partial write left). */
function skipBytes(buffers: readonly Uint8Array[], skip: number): Uint8Array[] {
  if (skip === 0) return buffers as Uint8Array[];
  const out: Uint8Array[] = [];
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
