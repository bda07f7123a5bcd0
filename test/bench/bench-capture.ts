/**
 * Streams the benchmark capture to disk: classic pcap, Ethernet/IPv4/TCP (MSS 1448, Linux-style timestamp option,
 * correct checksums), hundreds of Hobbits and eth2 RPC conversations open at once and interleaved packet by packet.
 * Each conversation follows a script of writes (a handshake, requests and their responses, gossip, a goodbye) that
 * is fixed when it opens, so the messages of every protocol are counted exactly while the file is written.
 */
import {
  addMessageCounts,
  clientHost,
  CLIENT,
  type FrameWriter,
  interleaveTcp,
  openCapture,
  SERVER,
  serverHost,
  sortedCounts,
  TcpConversation,
  type Side,
  type TcpWrite,
} from './capture-frames';
import {
  instantiate,
  Random,
  type Exchange,
  type MessagePools,
  type ProtocolName,
  type WireTemplate,
} from './bench-messages';

export interface CaptureParams {
  /** The file grows until it is at least this large. */
  targetBytes: number;
  seed: number;
  /** Conversations open at any time (until the last ones close). */
  concurrency: number;
  mss: number;
}

/** What the generator wrote: the ground truth the benchmark checks Peerscope's summary against. */
export interface CaptureManifest {
  bytes: number;
  packets: number;
  conversations: Record<ProtocolName, number>;
  /** Messages by protocol, then by message name as Peerscope spells it. */
  messages: Record<ProtocolName, Record<string, number>>;
  /** Bytes of each protocol's messages (their sum is what Peerscope reports as `messages.bytes`). */
  messageBytes: Record<ProtocolName, number>;
  /** Requests sent together with the response that answers them: each pair is two `matched` messages. */
  answeredRequests: number;
  /** Capture time from the first packet to the last. */
  captureSeconds: number;
}

/** One application write: messages sent back to back by one side (their segments may hold parts of two). */
interface Write {
  side: Side;
  messages: { template: WireTemplate; id: number }[];
  length: number;
}

/** eth2 RPC on its port 9000; Hobbits on an arbitrary other one (Peerscope recognises both by their first bytes). */
const SERVER_PORT: Record<ProtocolName, number> = { eth2rpc: 9000, hobbits: 9100 };

// Conversation scripts --------------------------------------------------------------------------------------------

class ScriptBuilder {
  readonly writes: Write[] = [];
  /** Messages by `protocol \0 message`, counted while the script is built. */
  readonly counts = new Map<string, number>();
  answered = 0;

  constructor(private nextId: number) {}

  /** A request and its response, under one fresh id. */
  exchange(exchange: Exchange, from: Side = CLIENT): void {
    const id = this.nextId++;
    this.write(from, [{ template: exchange.request, id }]);
    if (exchange.response) {
      this.write(from === CLIENT ? SERVER : CLIENT, [{ template: exchange.response, id }]);
      this.answered++;
    }
  }

  /** Messages without a response (gossip, goodbye), in one write; each takes the next id if it carries one. */
  send(from: Side, templates: readonly WireTemplate[]): void {
    this.write(
      from,
      templates.map((template) => ({ template, id: this.nextId++ })),
    );
  }

  private write(side: Side, messages: Write['messages']): void {
    let length = 0;
    for (const m of messages) {
      length += m.template.bytes.length;
      const key = `${m.template.protocol}\u0000${m.template.message}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    this.writes.push({ side, messages, length });
  }
}

/**
 * A Hobbits peer session: HELLO and GET_STATUS both ways, then sync requests, gossip in both directions and
 * keep-alive pings, then GOODBYE. Request ids count up from a random start.
 */
function hobbitsScript(pools: MessagePools, rng: Random): ScriptBuilder {
  const p = pools.hobbits;
  const script = new ScriptBuilder(rng.between(1, 1_000_000));
  script.exchange(p.hello);
  script.exchange(p.status);
  const steps = rng.between(6, 45);
  for (let i = 0; i < steps; i++) {
    const roll = rng.int(100);
    const side: Side = rng.int(2) === 0 ? CLIENT : SERVER;
    if (roll < 25) script.exchange(rng.pick(p.headers));
    else if (roll < 45) script.exchange(rng.pick(p.bodies));
    else if (roll < 70)
      script.send(
        side,
        Array.from({ length: rng.between(1, 4) }, () => rng.pick(p.gossipAttestations)),
      );
    else if (roll < 80) script.send(side, [rng.pick(p.gossipBlocks)]);
    else script.exchange(rng.pick(p.pings), side);
  }
  script.send(CLIENT, [p.goodbye]);
  return script;
}

/** An eth2 RPC sync session: hello, get_status, then block roots, headers and bodies requests, then goodbye. */
function eth2Script(pools: MessagePools, rng: Random): ScriptBuilder {
  const p = pools.eth2rpc;
  const script = new ScriptBuilder(rng.between(1, 1_000_000));
  script.exchange(p.hello);
  script.exchange(p.status);
  const steps = rng.between(6, 45);
  for (let i = 0; i < steps; i++) {
    const roll = rng.int(100);
    script.exchange(rng.pick(roll < 35 ? p.roots : roll < 65 ? p.headers : p.bodies));
  }
  script.send(CLIENT, [p.goodbye]);
  return script;
}

// Connections ----------------------------------------------------------------------------------------------------

/** A conversation's writes, each copied from its templates (with the request ids) when the connection reaches it. */
function tcpWrites(writes: readonly Write[]): TcpWrite[] {
  return writes.map((write) => ({
    side: write.side,
    length: write.length,
    bytes: () => {
      const bytes = new Uint8Array(write.length);
      let at = 0;
      for (const m of write.messages) {
        instantiate(m.template, m.id, bytes, at);
        at += m.template.bytes.length;
      }
      return bytes;
    },
  }));
}

/** Conversation `index`: one distinct 4-tuple per conversation, 10.0.0.0/8 clients and 192.168.0.0/16 servers. */
function scriptedConnection(
  index: number,
  protocol: ProtocolName,
  writes: readonly Write[],
  mss: number,
  frames: FrameWriter,
  rng: Random,
): TcpConversation {
  const hosts = [clientHost(index, 32768 + (index % 28000)), serverHost(index, SERVER_PORT[protocol])] as const;
  const initialSequence = [rng.int(0xffffffff), rng.int(0xffffffff)] as const;
  return new TcpConversation(hosts, initialSequence, tcpWrites(writes), mss, frames);
}

// The capture ----------------------------------------------------------------------------------------------------

/** Writes the capture to `path` (streamed: only the open conversations' current writes are in memory). */
export function generateCapture(
  path: string,
  pools: MessagePools,
  params: CaptureParams,
  progress: (bytes: number) => void = () => {},
): CaptureManifest {
  const output = openCapture(path, params.mss);
  const rng = new Random(params.seed);
  const manifest: CaptureManifest = {
    bytes: 0,
    packets: 0,
    conversations: { hobbits: 0, eth2rpc: 0 },
    messages: { hobbits: {}, eth2rpc: {} },
    messageBytes: { hobbits: 0, eth2rpc: 0 },
    answeredRequests: 0,
    captureSeconds: 0,
  };
  let opened = 0;
  const open = (): TcpConversation => {
    const protocol: ProtocolName = rng.int(2) === 0 ? 'hobbits' : 'eth2rpc';
    const script = protocol === 'hobbits' ? hobbitsScript(pools, rng) : eth2Script(pools, rng);
    addMessageCounts(manifest.messages, script.counts);
    for (const w of script.writes) manifest.messageBytes[protocol] += w.length;
    manifest.answeredRequests += script.answered;
    manifest.conversations[protocol]++;
    return scriptedConnection(opened++, protocol, script.writes, params.mss, output.frames, rng);
  };
  Object.assign(manifest, interleaveTcp(output, rng, params, open, progress));
  manifest.messages = sortedCounts(manifest.messages) as CaptureManifest['messages'];
  return manifest;
}
