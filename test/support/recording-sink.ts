import type { Note } from '../../decoders/core/notes';
import type {
  FlowDirection,
  FlowSink,
  FrameInfo,
  TcpConnection,
  TcpEndReason,
  UdpFlow,
} from '../../decoders/net/types';
import { concat } from './capture-writer';

export interface RecordedGap {
  /** Stream offset of the first missing byte (gaps count as stream bytes). */
  offset: number;
  length: number;
  frame: number;
}

interface RecordedDirection {
  chunks: Uint8Array[];
  /** Stream offset reached, gaps included. */
  offset: number;
  gaps: RecordedGap[];
  end: { how: TcpEndReason; frame: number } | null;
  /** Calls after the end: must stay zero. */
  afterEnd: number;
  endCalls: number;
}

/** A FlowSink that copies everything it is given, for assertions. */
export class RecordingSink implements FlowSink {
  readonly notes: { frame: number; note: Note }[] = [];
  readonly udp = new Map<number, { dir: FlowDirection; bytes: Uint8Array; frame: number }[]>();
  private readonly tcp = new Map<number, [RecordedDirection, RecordedDirection]>();

  tcpData(conn: TcpConnection, dir: FlowDirection, bytes: Uint8Array, _at: FrameInfo): void {
    const d = this.direction(conn.id, dir);
    if (d.end) d.afterEnd++;
    d.chunks.push(new Uint8Array(bytes));
    d.offset += bytes.length;
  }

  tcpGap(conn: TcpConnection, dir: FlowDirection, length: number, at: FrameInfo): void {
    const d = this.direction(conn.id, dir);
    if (d.end) d.afterEnd++;
    d.gaps.push({ offset: d.offset, length, frame: at.frame });
    d.offset += length;
  }

  tcpEnd(conn: TcpConnection, dir: FlowDirection, how: TcpEndReason, at: FrameInfo): void {
    const d = this.direction(conn.id, dir);
    d.endCalls++;
    d.end ??= { how, frame: at.frame };
  }

  udpDatagram(flow: UdpFlow, dir: FlowDirection, bytes: Uint8Array, at: FrameInfo): void {
    let list = this.udp.get(flow.id);
    if (!list) this.udp.set(flow.id, (list = []));
    list.push({ dir, bytes: new Uint8Array(bytes), frame: at.frame });
  }

  frameNote(frame: number, note: Note): void {
    this.notes.push({ frame, note });
  }

  /** Delivered bytes of one direction, gaps left out. */
  data(id: number, dir: FlowDirection): Uint8Array {
    return concat(this.direction(id, dir).chunks);
  }

  gaps(id: number, dir: FlowDirection): RecordedGap[] {
    return this.direction(id, dir).gaps;
  }

  end(id: number, dir: FlowDirection): { how: TcpEndReason; frame: number } | null {
    return this.direction(id, dir).end;
  }

  /** Every direction ended exactly once and nothing came after its end. */
  endsAreClean(): boolean {
    for (const dirs of this.tcp.values()) for (const d of dirs) if (d.endCalls !== 1 || d.afterEnd !== 0) return false;
    return true;
  }

  noteKinds(): string[] {
    return this.notes.map((n) => n.note.kind);
  }

  private direction(id: number, dir: FlowDirection): RecordedDirection {
    let dirs = this.tcp.get(id);
    if (!dirs) this.tcp.set(id, (dirs = [emptyDirection(), emptyDirection()]));
    return dirs[dir];
  }
}

function emptyDirection(): RecordedDirection {
  return { chunks: [], offset: 0, gaps: [], end: null, afterEnd: 0, endCalls: 0 };
}
