import { note, type Severity } from '../core/notes';
import { FlowEntry } from './flow-table';
import type { ReassemblyLimits, TcpStreamOutput } from './tcp-reassembly';
import { TcpStreamReassembler } from './tcp-reassembly';
import type { Endpoint, FlowDirection, FlowSink, FrameInfo, TcpConnection, TcpEndReason } from './types';

/** A TCP connection as the decoder tracks it: the public counters plus both reassembled directions. */
export class TrackedTcpConnection extends FlowEntry implements TcpConnection {
  framesAtoB = 0;
  framesBtoA = 0;
  bytesAtoB = 0;
  bytesBtoA = 0;
  gaps = 0;
  user?: unknown;
  /** Index 0 is a->b. */
  readonly streams: readonly [TcpStreamReassembler, TcpStreamReassembler];

  constructor(
    readonly id: number,
    readonly a: Endpoint,
    readonly b: Endpoint,
    key: { hash: number; addressA: Uint8Array; portA: number; addressB: Uint8Array; portB: number },
    sink: FlowSink,
    limits: ReassemblyLimits,
  ) {
    super(key.hash, key.addressA, key.portA, key.addressB, key.portB);
    this.streams = [
      new TcpStreamReassembler(new DirectionOutput(this, 0, sink), limits),
      new TcpStreamReassembler(new DirectionOutput(this, 1, sink), limits),
    ];
  }

  countFrame(dir: FlowDirection): void {
    if (dir === 0) this.framesAtoB++;
    else this.framesBtoA++;
  }

  /** Ends both directions: whatever is held is delivered, holes become gaps. */
  finish(at: FrameInfo): void {
    this.streams[0].finish(at);
    this.streams[1].finish(at);
  }

  reset(at: FrameInfo): void {
    this.streams[0].reset(at);
    this.streams[1].reset(at);
  }
}

/** Routes one direction's stream events to the sink and keeps the connection's counters. */
class DirectionOutput implements TcpStreamOutput {
  constructor(
    private readonly conn: TrackedTcpConnection,
    private readonly dir: FlowDirection,
    private readonly sink: FlowSink,
  ) {}

  data(bytes: Uint8Array, at: FrameInfo): void {
    if (this.dir === 0) this.conn.bytesAtoB += bytes.length;
    else this.conn.bytesBtoA += bytes.length;
    this.sink.tcpData(this.conn, this.dir, bytes, at);
  }

  gap(length: number, at: FrameInfo): void {
    this.conn.gaps++;
    this.sink.tcpGap(this.conn, this.dir, length, at);
  }

  end(how: TcpEndReason, at: FrameInfo): void {
    this.sink.tcpEnd(this.conn, this.dir, how, at);
  }

  note(severity: Severity, kind: string, text: string, at: FrameInfo): void {
    this.sink.frameNote(
      at.frame,
      note(severity, kind, `tcp:${this.conn.id} ${this.dir === 0 ? 'a->b' : 'b->a'}: ${text}`),
    );
  }
}
