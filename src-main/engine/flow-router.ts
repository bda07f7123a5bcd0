import type { ConnectionDissector, Direction, StreamPosition, TcpProtocol } from '../../decoders/core/dissector';
import type { Note } from '../../decoders/core/notes';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type { FlowSink, FrameInfo, TcpConnection, TcpEndReason, UdpFlow } from '../../decoders/net/types';
import { decodeAsFor, type DecodeAsRule } from './decode-as';
import type { Conversation, MessageAnalysis } from './message-analysis';

/** Bytes a connection may buffer while its protocol is still unknown. */
const DETECTION_LIMIT = 256 * 1024;
/** Bytes of one direction the heuristics look at. */
const DETECTION_WINDOW = 64;

type Buffered =
  | { kind: 'data'; dir: Direction; bytes: Uint8Array; at: StreamPosition }
  | { kind: 'gap'; dir: Direction; length: number; at: StreamPosition }
  | { kind: 'end'; dir: Direction; at: StreamPosition };

/** What the engine keeps per TCP connection. */
interface ConnectionState {
  conversation: Conversation;
  protocol: TcpProtocol | null;
  dissector: ConnectionDissector | null;
  /** Still looking at first bytes; false once decided either way. */
  detecting: boolean;
  buffered: Buffered[];
  bufferedBytes: number;
  firstBytes: [Uint8Array, Uint8Array];
  refused: [boolean, boolean];
  ended: [boolean, boolean];
}

export function endpointText(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * Routes reassembled TCP streams to protocol dissectors: a "decode as" rule decides first, else the protocols'
 * heuristics look at the first bytes each side sent (like Wireshark's heuristic dissectors). Bytes that arrive
 * before the decision are kept and replayed in arrival order, so the first request is never lost.
 */
export class FlowRouter implements FlowSink {
  /** Connections no protocol claimed. */
  undecoded = 0;

  constructor(
    private readonly registry: ProtocolRegistry,
    private readonly rules: readonly DecodeAsRule[],
    private readonly analysis: MessageAnalysis,
    private readonly onFrameNote: (frame: number, note: Note) => void = () => {},
  ) {}

  tcpData(conn: TcpConnection, dir: Direction, bytes: Uint8Array, at: FrameInfo): void {
    const state = this.state(conn);
    if (state.dissector) return state.dissector.data(dir, bytes, at);
    if (!state.detecting) return;
    state.buffered.push({ kind: 'data', dir, bytes: bytes.slice(), at: { frame: at.frame, time: at.time } });
    state.bufferedBytes += bytes.length;
    const first = state.firstBytes[dir];
    if (first.length < DETECTION_WINDOW) {
      const grown = new Uint8Array(Math.min(DETECTION_WINDOW, first.length + bytes.length));
      grown.set(first);
      grown.set(bytes.subarray(0, grown.length - first.length), first.length);
      state.firstBytes[dir] = grown;
    }
    this.detect(state, dir);
  }

  tcpGap(conn: TcpConnection, dir: Direction, length: number, at: FrameInfo): void {
    const state = this.state(conn);
    if (state.dissector) return state.dissector.gap(dir, length, at);
    if (state.detecting) state.buffered.push({ kind: 'gap', dir, length, at: { frame: at.frame, time: at.time } });
  }

  tcpEnd(conn: TcpConnection, dir: Direction, _how: TcpEndReason, at: FrameInfo): void {
    const state = this.state(conn);
    if (state.dissector) return state.dissector.end(dir, at);
    if (!state.detecting) return;
    state.buffered.push({ kind: 'end', dir, at: { frame: at.frame, time: at.time } });
    state.ended[dir] = true;
    // A side that ended while its first bytes still needed more will never be recognised.
    if (!state.refused[dir]) state.refused[dir] = true;
    this.giveUpIfHopeless(state);
  }

  udpDatagram(_flow: UdpFlow, _dir: Direction, _bytes: Uint8Array, _at: FrameInfo): void {
    // No UDP protocol is registered yet (discv5/Portal come with their own plugin).
  }

  frameNote(frame: number, note: Note): void {
    this.onFrameNote(frame, note);
  }

  private state(conn: TcpConnection): ConnectionState {
    if (conn.user) return conn.user as ConnectionState;
    const conversation: Conversation = {
      stream: `tcp:${conn.id}`,
      endpoints: [endpointText(conn.a.ip, conn.a.port), endpointText(conn.b.ip, conn.b.port)],
    };
    const state: ConnectionState = {
      conversation,
      protocol: null,
      dissector: null,
      detecting: true,
      buffered: [],
      bufferedBytes: 0,
      firstBytes: [new Uint8Array(0), new Uint8Array(0)],
      refused: [false, false],
      ended: [false, false],
    };
    conn.user = state;
    const ruled = decodeAsFor(this.rules, conn);
    const protocol = ruled === undefined ? undefined : this.registry.get(ruled);
    if (protocol) this.start(state, protocol);
    return state;
  }

  private detect(state: ConnectionState, dir: Direction): void {
    let undecided = false;
    for (const protocol of this.registry.tcpProtocols()) {
      const verdict = protocol.detect(state.firstBytes[dir]);
      if (verdict === 'yes') return this.start(state, protocol);
      if (verdict === 'need-more') undecided = true;
    }
    if (!undecided || state.firstBytes[dir].length >= DETECTION_WINDOW) state.refused[dir] = true;
    this.giveUpIfHopeless(state);
  }

  private giveUpIfHopeless(state: ConnectionState): void {
    const bothRefused = state.refused[0] && state.refused[1];
    if (bothRefused || state.bufferedBytes > DETECTION_LIMIT) {
      state.detecting = false;
      state.buffered = [];
      this.undecoded++;
    }
  }

  /** Opens the protocol's dissector and replays what arrived before the decision. */
  private start(state: ConnectionState, protocol: TcpProtocol): void {
    state.protocol = protocol;
    state.detecting = false;
    const dissector = protocol.open(this.analysis.host(state.conversation, protocol));
    state.dissector = dissector;
    const buffered = state.buffered;
    state.buffered = [];
    for (const b of buffered) {
      if (b.kind === 'data') dissector.data(b.dir, b.bytes, b.at);
      else if (b.kind === 'gap') dissector.gap(b.dir, b.length, b.at);
      else dissector.end(b.dir, b.at);
    }
  }
}

/** The protocol a connection was decoded as (for the conversations view). */
export function connectionProtocol(conn: TcpConnection): string | null {
  return (conn.user as ConnectionState | undefined)?.protocol?.declaration.name ?? null;
}
