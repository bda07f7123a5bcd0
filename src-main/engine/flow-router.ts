import { copyBytes } from '../../decoders/core/bytes';
import type {
  ConnectionDissector,
  DatagramDissector,
  Direction,
  StreamPosition,
  TcpProtocol,
  UdpProtocol,
} from '../../decoders/core/dissector';
import type { KeyStore } from '../../decoders/core/keys';
import type { Note } from '../../decoders/core/notes';
import type { ProtocolRegistry } from '../../decoders/core/registry';
import type { FlowSink, FrameInfo, TcpConnection, TcpEndReason, UdpFlow } from '../../decoders/net/types';
import { decodeAsFor, type DecodeAsRule } from './decode-as';
import type { Conversation, MessageAnalysis } from './message-analysis';

/** Bytes a connection may buffer while its protocol is still unknown. */
const DETECTION_LIMIT = 256 * 1024;
/** Bytes of one direction the heuristics look at. */
const DETECTION_WINDOW = 64;
/** Datagrams of a flow looked at before it is left undecoded. */
const DATAGRAM_DETECTION_LIMIT = 16;

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

interface FlowState {
  conversation: Conversation;
  protocol: UdpProtocol | null;
  dissector: DatagramDissector | null;
  seen: number;
  /** Datagrams that came before the flow was recognised, replayed once it is (a handshake's first packet). */
  early: { dir: Direction; bytes: Uint8Array; at: StreamPosition }[];
}

export function endpointText(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function conversationOf(kind: 'tcp' | 'udp', flow: TcpConnection | UdpFlow): Conversation {
  return {
    stream: `${kind}:${flow.id}`,
    endpoints: [endpointText(flow.a.ip, flow.a.port), endpointText(flow.b.ip, flow.b.port)],
  };
}

/**
 * Routes reassembled TCP streams and UDP datagrams to protocol dissectors: a "decode as" rule decides first, else
 * the protocols' heuristics look at the first bytes each side sent (like Wireshark's heuristic dissectors). TCP
 * bytes that arrive before the decision are kept and replayed in arrival order, so the first request is never lost.
 */
export class FlowRouter implements FlowSink {
  /** Connections and flows no protocol claimed. */
  undecoded = 0;
  /** UDP flows a protocol decodes, in the order they were recognised: told when the input ends. */
  private readonly datagramFlows: FlowState[] = [];

  constructor(
    private readonly registry: ProtocolRegistry,
    private readonly rules: readonly DecodeAsRule[],
    private readonly analysis: MessageAnalysis,
    private readonly keys: KeyStore,
    private readonly onFrameNote: (frame: number, note: Note) => void = () => {},
  ) {}

  tcpData(conn: TcpConnection, dir: Direction, bytes: Uint8Array, at: FrameInfo): void {
    const state = this.connection(conn);
    if (state.dissector) return state.dissector.data(dir, bytes, at);
    if (!state.detecting || state.ended[dir]) return;
    state.buffered.push({ kind: 'data', dir, bytes: copyBytes(bytes), at: { frame: at.frame, time: at.time } });
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
    const state = this.connection(conn);
    if (state.dissector) return state.dissector.gap(dir, length, at);
    if (state.detecting) state.buffered.push({ kind: 'gap', dir, length, at: { frame: at.frame, time: at.time } });
  }

  tcpEnd(conn: TcpConnection, dir: Direction, _how: TcpEndReason, at: FrameInfo): void {
    const state = this.connection(conn);
    state.ended[dir] = true;
    if (state.dissector) {
      state.dissector.end(dir, at);
      // A finished connection keeps only its name and protocol: its decoding state (buffers) is released.
      if (state.ended[0] && state.ended[1]) state.dissector = null;
      return;
    }
    if (!state.detecting) return;
    state.buffered.push({ kind: 'end', dir, at: { frame: at.frame, time: at.time } });
    // A side that ended while its first bytes still needed more will never be recognised.
    state.refused[dir] = true;
    this.giveUpIfHopeless(state);
  }

  udpDatagram(flow: UdpFlow, dir: Direction, bytes: Uint8Array, at: FrameInfo): void {
    const state = this.flow(flow);
    if (state.dissector) return state.dissector.datagram(dir, bytes, at);
    if (state.seen >= DATAGRAM_DETECTION_LIMIT) return;
    state.seen++;
    state.early.push({ dir, bytes: copyBytes(bytes), at: { frame: at.frame, time: at.time } });
    const protocol = this.registry.udpProtocols().find((p) => p.detect(bytes, this.keys) === 'yes');
    if (protocol) this.startFlow(state, protocol);
    else if (state.seen === DATAGRAM_DETECTION_LIMIT) {
      state.early = [];
      this.undecoded++;
    }
  }

  frameNote(frame: number, note: Note): void {
    this.onFrameNote(frame, note);
  }

  /**
   * The input ended at `at` (after the packet decoder's own finish, which ends the TCP connections). UDP has no FIN,
   * so this is the end of every UDP flow: their dissectors report what they still expected (an announced stream).
   */
  finish(at: StreamPosition): void {
    for (const state of this.datagramFlows) state.dissector?.end?.(at);
  }

  private connection(conn: TcpConnection): ConnectionState {
    if (conn.user) return conn.user as ConnectionState;
    const state: ConnectionState = {
      conversation: conversationOf('tcp', conn),
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
    const ruled = this.ruledProtocol(conn.id, conn.a.port, conn.b.port, 'tcp');
    if (ruled?.transport === 'tcp') this.start(state, ruled);
    return state;
  }

  private flow(flow: UdpFlow): FlowState {
    if (flow.user) return flow.user as FlowState;
    const state: FlowState = {
      conversation: conversationOf('udp', flow),
      protocol: null,
      dissector: null,
      seen: 0,
      early: [],
    };
    flow.user = state;
    const ruled = this.ruledProtocol(flow.id, flow.a.port, flow.b.port, 'udp');
    if (ruled?.transport === 'udp') this.startFlow(state, ruled);
    return state;
  }

  private ruledProtocol(id: number, portA: number, portB: number, transport: 'tcp' | 'udp') {
    const name = decodeAsFor(this.rules, { id, a: { port: portA }, b: { port: portB } }, transport);
    return name === undefined ? undefined : this.registry.get(name);
  }

  private detect(state: ConnectionState, dir: Direction): void {
    let undecided = false;
    for (const protocol of this.registry.tcpProtocols()) {
      const verdict = protocol.detect(state.firstBytes[dir], this.keys);
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

  private startFlow(state: FlowState, protocol: UdpProtocol): void {
    state.protocol = protocol;
    const dissector = protocol.open(this.analysis.host(state.conversation, protocol));
    state.dissector = dissector;
    this.datagramFlows.push(state);
    const early = state.early;
    state.early = [];
    for (const d of early) dissector.datagram(d.dir, d.bytes, d.at);
  }
}

/** The protocol a connection or flow was decoded as (for the conversations view). */
export function flowProtocol(flow: TcpConnection | UdpFlow): string | null {
  return (flow.user as ConnectionState | FlowState | undefined)?.protocol?.declaration.name ?? null;
}
