/**
 * Streams the Portal benchmark capture to disk: classic pcap, Ethernet/IPv4/UDP, a few hundred discv5 nodes and
 * thousands of node pairs talking at once, interleaved datagram by datagram. Each pair opens a session the way
 * discv5 does (a packet without a session, WHOAREYOU, the handshake carrying the first TALKREQ), then exchanges
 * Portal messages of every type in TALKREQ/TALKRESP on the history, state and beacon networks, and moves content
 * over uTP (every uTP packet a TALKREQ answered by an empty TALKRESP). The recipient node's key opens each session.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../../decoders/core/bytes';
import { utpTransferPackets } from '../../decoders/portal';
import { Random } from './bench-messages';
import {
  addMessageCounts,
  clientHost,
  interleave,
  openCapture,
  sortedCounts,
  UDP_FRAME_OVERHEAD,
} from './capture-frames';
import { discv5Node, Discv5Session, plaintextOf, type Discv5Node } from './discv5-packets';
import {
  contentItems,
  dataRadius,
  INLINE_LIMIT,
  NETWORKS,
  pingPong,
  portalPayload,
  streamData,
  type ContentItem,
  type Network,
} from './portal-messages';

export interface PortalCaptureParams {
  /** The file grows until it is at least this large. */
  targetBytes: number;
  seed: number;
  /** Node pairs talking at any time (until the last ones finish). */
  concurrency: number;
  nodes: number;
}

/** What the generator wrote: the ground truth of the checks. */
export interface PortalManifest {
  bytes: number;
  packets: number;
  nodes: number;
  /** Node pairs, each one discv5 session and one UDP conversation. */
  sessions: number;
  /** Messages by protocol (`discv5`, `portal`, `utp`), then by name as Peerscope spells it. */
  messages: Record<string, Record<string, number>>;
  /** Portal requests, each answered (Nodes in one or more parts): requests and parts are all `matched`. */
  portalRequests: number;
  portalResponses: number;
  /**
   * Accepts of one key with code 2 or 3 that nothing else decides: their byte is also a valid v0 BitList of one bit,
   * which Peerscope notes (`portal.message.ambiguous`, info) unless it knows the version (see `AcceptForms`).
   */
  ambiguousAccepts: number;
  utpTransfers: number;
  /** Content bytes moved over uTP (length prefixes included). */
  utpContentBytes: number;
  captureSeconds: number;
}

/** The uTP packet types by their header's type nibble, as Peerscope names them. */
const UTP_TYPES = ['ST_DATA', 'ST_FIN', 'ST_STATE', 'ST_RESET', 'ST_SYN'];
const PORTAL_PORT = 9009;
const UTP_PROTOCOL = toHex(new TextEncoder().encode('utp'));

/** One datagram of a pair, with what the Accept checks need to know of it. */
interface PairDatagram {
  from: Discv5Node;
  to: Discv5Node;
  bytes: Uint8Array;
  /** The handshake: it carries the ENR of `from` (its Portal versions), which the reader learns from it. */
  carriesRecord?: boolean;
  /** An Accept: whether its one code byte also reads as a v0 BitList of the one key offered. */
  accept?: { bothForms: boolean };
}

/** The datagrams of one node pair, in order, and what they carry. */
class PairScript {
  readonly datagrams: PairDatagram[] = [];
  readonly counts = new Map<string, number>();
  portalRequests = 0;
  portalResponses = 0;
  /** An earlier Accept of this pair was read without the ENRs and showed its form: the flow's version follows. */
  formShown = false;
  utpTransfers = 0;
  utpContentBytes = 0;
  private readonly session: Discv5Session;

  constructor(
    private readonly a: Discv5Node,
    private readonly b: Discv5Node,
    private readonly rng: Random,
  ) {
    this.session = new Discv5Session(a, b, rng);
  }

  private count(protocol: string, message: string): void {
    const key = `${protocol}\u0000${message}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  private other(node: Discv5Node): Discv5Node {
    return node === this.a ? this.b : this.a;
  }

  private requestId(): string {
    return toHex(this.rng.bytes(8));
  }

  private talkRequest(requestId: string, protocol: string, request: Uint8Array): Uint8Array {
    return plaintextOf({ message: 'TALKREQ', fields: { 'request-id': requestId, protocol, request: toHex(request) } });
  }

  private talkResponse(requestId: string, response: Uint8Array): Uint8Array {
    return plaintextOf({ message: 'TALKRESP', fields: { 'request-id': requestId, response: toHex(response) } });
  }

  private push(from: Discv5Node, bytes: Uint8Array): PairDatagram {
    const datagram = { from, to: this.other(from), bytes };
    this.datagrams.push(datagram);
    return datagram;
  }

  /** First contact: a's packet without a session, b's WHOAREYOU, a's handshake carrying `request`, b's answer. */
  open(network: Network, request: { message: string; payload: Uint8Array }, responses: Uint8Array[], names: string[]) {
    const id = this.requestId();
    const opening = this.session.open(this.talkRequest(id, network, request.payload));
    const pushed = opening.map((d) => this.push(d.from, d.datagram));
    // The last of the three is the handshake, with the initiator's record.
    pushed.at(-1)!.carriesRecord = true;
    this.count('discv5', 'ENCRYPTED');
    this.count('discv5', 'WHOAREYOU');
    this.count('portal', request.message);
    this.portalRequests++;
    this.answer(this.b, id, responses, names);
  }

  /** A Portal request from `from` on `network`, answered by the other node with `responses` (named `names`). */
  ask(
    from: Discv5Node,
    network: Network,
    request: { message: string; payload: Uint8Array },
    responses: Uint8Array[],
    names: string[],
  ): PairDatagram[] {
    const id = this.requestId();
    this.push(from, this.session.send(from, this.talkRequest(id, network, request.payload)));
    this.count('portal', request.message);
    this.portalRequests++;
    return this.answer(this.other(from), id, responses, names);
  }

  private answer(from: Discv5Node, id: string, responses: Uint8Array[], names: string[]): PairDatagram[] {
    return responses.map((response, i) => {
      const datagram = this.push(from, this.session.send(from, this.talkResponse(id, response)));
      this.count('portal', names[i]!);
      this.portalResponses++;
      return datagram;
    });
  }

  /** A uTP transfer opened by `initiator` on `connectionId`, the data sent by `dataFrom`. */
  transfer(initiator: Discv5Node, connectionId: number, data: Uint8Array, dataFrom: 'initiator' | 'acceptor'): void {
    const acceptor = this.other(initiator);
    const packets = utpTransferPackets({
      connectionId,
      data,
      dataFrom,
      initiatorSeq: this.rng.between(1, 65_000),
      acceptorSeq: this.rng.between(1, 65_000),
    });
    for (const p of packets) {
      const from = p.from === 'initiator' ? initiator : acceptor;
      const id = this.requestId();
      this.push(from, this.session.send(from, this.talkRequest(id, UTP_PROTOCOL, p.payload)));
      this.push(this.other(from), this.session.send(this.other(from), this.talkResponse(id, new Uint8Array(0))));
      this.count('utp', UTP_TYPES[p.payload[0]! >> 4]!);
      this.count('utp', 'TalkResponse');
    }
    this.utpTransfers++;
    this.utpContentBytes += data.length;
  }
}

/** The shared material of every pair: nodes, their records, content. */
interface PortalWorld {
  nodes: Discv5Node[];
  /** Content FindContent can return. */
  findable: ContentItem[];
  contents: ContentItem[];
  radius: Map<Discv5Node, string>;
}

const connectionIdHex = (id: number) => `0x${id.toString(16).padStart(4, '0')}`;

/** Records of `count` distinct nodes, as Nodes and Content carry them. */
function recordsOf(world: PortalWorld, rng: Random, count: number): string[] {
  const picked = new Set<Discv5Node>();
  while (picked.size < count) picked.add(rng.pick(world.nodes));
  return [...picked].map((node) => toHex(node.record));
}

/**
 * A pair's conversation: a Ping in the handshake, then Pings, FindNodes, FindContent (content inline, over uTP, or
 * closer nodes) and Offers (accepted items sent over uTP), from either side.
 */
function pairScript(world: PortalWorld, a: Discv5Node, b: Discv5Node, rng: Random): PairScript {
  const s = new PairScript(a, b, rng);
  const radius = (from: Discv5Node): [string, string] => [
    world.radius.get(from)!,
    world.radius.get(from === a ? b : a)!,
  ];
  // Each side's first Ping introduces it (payload type 0: client info, radius, capabilities).
  const pinged = new Set<Discv5Node>([a]);
  const first = pingPong(rng, 1, radius(a), 0);
  s.open(first.network, { message: 'Ping', payload: first.ping }, [first.pong], ['Pong']);
  for (let steps = rng.between(4, 30); steps > 0; steps--) {
    const from = rng.int(2) === 0 ? a : b;
    const roll = rng.int(100);
    if (roll < 15) {
      const p = pingPong(rng, 1, radius(from), pinged.has(from) ? undefined : 0);
      pinged.add(from);
      s.ask(from, p.network, { message: 'Ping', payload: p.ping }, [p.pong], ['Pong']);
    } else if (roll < 25) {
      // One Nodes answers (the current spec fixes `total` to 1), with the records it has at those distances.
      const network = rng.pick(Object.values(NETWORKS));
      const nodes = portalPayload(network, 'Nodes', { total: 1, enrs: recordsOf(world, rng, rng.between(0, 4)) });
      const distances = [256, 255, 254].slice(0, rng.between(1, 3));
      const request = { message: 'FindNodes', payload: portalPayload(network, 'FindNodes', { distances }) };
      s.ask(from, network, request, [nodes], ['Nodes']);
    } else if (roll < 75) findContent(s, world, from, rng);
    else offer(s, world, from, rng);
  }
  return s;
}

function findContent(s: PairScript, world: PortalWorld, from: Discv5Node, rng: Random): void {
  const item = rng.pick(world.findable);
  const request = {
    message: 'FindContent',
    payload: portalPayload(item.network, 'FindContent', { content_key: item.key }),
  };
  const content = (fields: Record<string, string | string[]>) => [portalPayload(item.network, 'Content', fields)];
  if (rng.int(8) === 0) {
    s.ask(from, item.network, request, content({ enrs: recordsOf(world, rng, rng.between(1, 3)) }), ['Content']);
  } else if (item.found!.length <= INLINE_LIMIT) {
    s.ask(from, item.network, request, content({ content: toHex(item.found!) }), ['Content']);
  } else {
    const connectionId = rng.int(0x10000);
    s.ask(from, item.network, request, content({ connection_id: connectionIdHex(connectionId) }), ['Content']);
    s.transfer(from, connectionId, streamData([item.found!]), 'acceptor');
  }
}

/** An Offer of 1–4 items of one network; each is accepted (code 0) or declined (codes 1–5); accepted ones go over uTP. */
function offer(s: PairScript, world: PortalWorld, from: Discv5Node, rng: Random): void {
  const network = rng.pick(Object.values(NETWORKS));
  const offerable = world.contents.filter((c) => c.network === network && c.offered !== null);
  const items = Array.from({ length: rng.between(1, 4) }, () => rng.pick(offerable));
  const codes = items.map(() => (rng.int(10) < 6 ? 0 : rng.between(1, 5)));
  const connectionId = rng.int(0x10000);
  const payload = portalPayload(network, 'Offer', { content_keys: items.map((i) => i.key) });
  const accept = portalPayload(network, 'Accept', {
    connection_id: connectionIdHex(connectionId),
    content_keys: codes,
  });
  const [answer] = s.ask(from, network, { message: 'Offer', payload }, [accept], ['Accept']);
  answer!.accept = { bothForms: codes.length === 1 && (codes[0] === 2 || codes[0] === 3) };
  const accepted = items.filter((_, i) => codes[i] === 0).map((i) => i.offered!);
  if (accepted.length > 0) s.transfer(from, connectionId, streamData(accepted), 'initiator');
}

/** The nodes: `count` keys drawn from the seed, each node on its own address. */
export function benchNodes(seed: number, count: number): Discv5Node[] {
  const rng = new Random(seed ^ 0x5a5a5a5a);
  return Array.from({ length: count }, (_, i) => discv5Node(rng, clientHost(i, PORTAL_PORT)));
}

/** Writes each node's private key to `dir/node-NNN.key` (as geth's nodekey: 64 hex digits); returns the paths. */
export function writeNodeKeys(dir: string, nodes: readonly Discv5Node[]): string[] {
  mkdirSync(dir, { recursive: true });
  return nodes.map((node, i) => {
    const path = join(dir, `node-${String(i).padStart(3, '0')}.key`);
    writeFileSync(path, `${Buffer.from(node.privateKey).toString('hex')}\n`, { mode: 0o600 });
    return path;
  });
}

/** Writes the capture to `path` (streamed: only the open pairs' datagrams are in memory). */
export function generatePortalCapture(
  path: string,
  nodes: readonly Discv5Node[],
  params: PortalCaptureParams,
  progress: (bytes: number) => void = () => {},
): PortalManifest {
  const output = openCapture(path, 0);
  const rng = new Random(params.seed);
  const contents = contentItems();
  const world: PortalWorld = {
    nodes: [...nodes],
    contents,
    findable: contents.filter((c) => c.found !== null),
    radius: new Map(nodes.map((n) => [n, dataRadius(rng)])),
  };
  const manifest: PortalManifest = {
    bytes: 0,
    packets: 0,
    nodes: nodes.length,
    sessions: 0,
    messages: {},
    portalRequests: 0,
    portalResponses: 0,
    ambiguousAccepts: 0,
    utpTransfers: 0,
    utpContentBytes: 0,
    captureSeconds: 0,
  };
  const ipIds = new Map<Discv5Node, number>();
  const acceptForms = new AcceptForms();
  const paired = new Set<string>();
  const open = (): { conversation: { script: PairScript; next: number }; plannedBytes: number } => {
    let a: Discv5Node;
    let b: Discv5Node;
    let key: string;
    if (paired.size >= (nodes.length * (nodes.length - 1)) / 2)
      throw new Error('every node pair has talked: use more nodes');
    do {
      a = rng.pick(nodes);
      b = rng.pick(nodes);
      key = a === b ? '' : [nodes.indexOf(a), nodes.indexOf(b)].sort((x, y) => x - y).join('/');
    } while (key === '' || paired.has(key));
    paired.add(key);
    const script = pairScript(world, a, b, rng);
    addMessageCounts(manifest.messages, script.counts);
    manifest.sessions++;
    manifest.portalRequests += script.portalRequests;
    manifest.portalResponses += script.portalResponses;
    manifest.utpTransfers += script.utpTransfers;
    manifest.utpContentBytes += script.utpContentBytes;
    let plannedBytes = 0;
    for (const d of script.datagrams) plannedBytes += UDP_FRAME_OVERHEAD + d.bytes.length;
    return { conversation: { script, next: 0 }, plannedBytes };
  };
  const stats = interleave(
    output,
    rng,
    params,
    {
      open,
      // A few datagrams of one pair, then another's.
      step: (pair, datagrams) => {
        for (let n = datagrams; n > 0 && pair.next < pair.script.datagrams.length; n--) {
          const d = pair.script.datagrams[pair.next++]!;
          manifest.ambiguousAccepts += acceptForms.read(pair.script, d);
          const ipId = ipIds.get(d.from) ?? 0;
          ipIds.set(d.from, ipId + 1);
          output.frames.udp(d.from.host, d.to.host, d.bytes, ipId);
          output.frames.micros += rng.between(2, 40);
        }
        return pair.next < pair.script.datagrams.length;
      },
    },
    progress,
  );
  Object.assign(manifest, stats);
  manifest.messages = sortedCounts(manifest.messages);
  return manifest;
}

/**
 * Whether Peerscope can tell an Accept's form, followed in file order as it reads: the version from both nodes'
 * ENRs once it has seen them (each node's record comes in the handshakes it opens, and every node announces
 * versions 0-2, so v2: codes), else the form an earlier Accept of the flow showed; else a one-key Accept with code
 * 2 or 3 stays ambiguous (its byte is also a one-bit v0 BitList) and one of any other form shows the flow's form.
 */
class AcceptForms {
  private readonly recordsSeen = new Set<Discv5Node>();

  /** Reads datagram `d` of `script`: 1 when it is an Accept Peerscope notes as ambiguous, else 0. */
  read(script: PairScript, d: PairDatagram): number {
    if (d.carriesRecord) this.recordsSeen.add(d.from);
    if (!d.accept || script.formShown) return 0;
    if (this.recordsSeen.has(d.from) && this.recordsSeen.has(d.to)) return 0;
    if (d.accept.bothForms) return 1;
    script.formShown = true;
    return 0;
  }
}
