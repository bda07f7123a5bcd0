import { createSocket } from 'node:dgram';
import { Discv5, multiaddrFromSocketAddress } from '@chainsafe/discv5';
import { bigintToBytes, SignableENR, type ENR } from '@chainsafe/enr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { startUdpCapture, withTimeout } from './udp-capture';

/**
 * A discv5 conversation between two real @chainsafe/discv5 nodes on loopback, recorded by tcpdump while it runs:
 * node A contacts node B for the first time (random packet, WHOAREYOU, handshake carrying a PING), then sends
 * FINDNODE and the TALKREQs it is given; the other node answers each TALKREQ with the responses given for it. Both
 * nodes log every message and packet they send, so the capture can be held against what was really sent.
 *
 * To record other carried protocols (Portal, uTP), call `runDiscv5Exchange` with their TALKREQ payloads and
 * answers; samples/discv5/record-session.ts and record-portal.ts show how.
 */

export interface TalkStep {
  /** TALKREQ protocol bytes, e.g. Uint8Array.of(0x50, 0x0b) for Portal history, or text such as 'utp'. */
  protocol: Uint8Array | string;
  request: Uint8Array;
  /** The other node's TALKRESP payload for this request; several for an answer sent in parts (Portal Nodes). */
  response: Uint8Array | readonly Uint8Array[];
  /** The node that sends the TALKREQ (default A). */
  from?: Side;
  /**
   * The sender restarts first: it forgets its sessions, so this TALKREQ makes a new first contact (random packet,
   * WHOAREYOU from the other node, handshake) with the roles of initiator and recipient as the sender has them.
   */
  restartSender?: boolean;
}

export interface ExchangeOptions {
  capturePath: string;
  /** Private keys of A (initiator) and B; random when absent. */
  keys?: { a: Uint8Array; b: Uint8Array };
  /** log2 distances A asks B for; 0 is B's own record. */
  findNodeDistances?: number[];
  /** Records B knows at distance 256 besides A's, so FINDNODE [256] needs several NODES messages. */
  extraNodes?: number;
  /** A sends PING and FINDNODE before the TALKREQs (default); without, the first TALKREQ makes the first contact. */
  discoveryFirst?: boolean;
  /** Further ENR entries of both nodes (Portal's `p`: the protocol versions a node speaks). */
  enrEntries?: Readonly<Record<string, Uint8Array>>;
  talk: readonly TalkStep[];
}

export type Side = 'a' | 'b';

/** A message as its sender built it, in the order the sender sent it; values in Peerscope's JSON forms. */
export interface SentMessage {
  from: Side;
  message: 'PING' | 'PONG' | 'FINDNODE' | 'NODES' | 'TALKREQ' | 'TALKRESP' | string;
  /** The request id as 0x-hex bytes (ChainSafe writes its bigint ids as minimal big-endian bytes). */
  requestId: string;
  values: Record<string, string | number | (string | number)[]>;
  /** For a TALKREQ/TALKRESP: the message of the carried protocol in its payload, as the sample script built it. */
  carried?: CarriedMessage;
}

/** A carried protocol's message as its sender composed it (Portal's JSON, a uTP packet's header values). */
export interface CarriedMessage {
  protocol: string;
  message: string;
  values: { [key: string]: CarriedValue };
}

export type CarriedValue = string | number | boolean | null | CarriedValue[] | { [key: string]: CarriedValue };

/** A packet as its sender wrote it: the static header's flag (0 message, 1 WHOAREYOU, 2 handshake). */
export interface SentPacket {
  from: Side;
  flag: number;
}

export interface ExchangeNode {
  privateKey: string;
  nodeId: string;
  port: number;
  enr: string;
}

export interface ExchangeResult {
  capturePath: string;
  nodes: Record<Side, ExchangeNode>;
  messages: SentMessage[];
  packets: SentPacket[];
  dropped: number;
}

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;
const bytesOf = (value: Uint8Array | string): Uint8Array =>
  typeof value === 'string' ? new TextEncoder().encode(value) : value;

export async function runDiscv5Exchange(options: ExchangeOptions): Promise<ExchangeResult> {
  const keys = options.keys ?? { a: secp256k1.utils.randomSecretKey(), b: secp256k1.utils.randomSecretKey() };
  const ports = { a: await freeUdpPort(), b: await freeUdpPort() };
  const capture = await startUdpCapture(options.capturePath, [ports.a, ports.b]);
  const log: SendLog = { messages: [], packets: [] };
  const answers = new Map(options.talk.map((t) => [answerKey(bytesOf(t.protocol), t.request), responsesOf(t)]));
  const start = (side: Side) => startNode(keys[side], ports[side], side, log, answers, options.enrEntries ?? {});
  const nodes: Partial<Record<Side, Discv5>> = {};
  let dropped: number | undefined;
  try {
    nodes.a = await start('a');
    nodes.b = await start('b');
    for (const enr of extraRecords(nodes.b.enr.toENR(), options.extraNodes ?? 0)) nodes.b.addEnr(enr);
    if (options.discoveryFirst !== false) {
      const target = nodes.b.enr.toENR();
      await withTimeout(nodes.a.sendPing(target), 20_000, 'PING');
      await withTimeout(nodes.a.sendFindNode(target, options.findNodeDistances ?? [256]), 20_000, 'FINDNODE');
    }
    for (const step of options.talk) {
      const from = step.from ?? 'a';
      if (step.restartSender) {
        await nodes[from]!.stop();
        nodes[from] = await start(from);
      }
      const target = nodes[from === 'a' ? 'b' : 'a']!.enr.toENR();
      await withTimeout(nodes[from]!.sendTalkReq(target, step.request, bytesOf(step.protocol)), 20_000, 'TALKREQ');
    }
    await capture.waitForPackets(log.packets.length);
  } finally {
    await nodes.a?.stop();
    await nodes.b?.stop();
    dropped = (await capture.stop()).dropped;
  }
  return {
    capturePath: options.capturePath,
    nodes: { a: describe(keys.a, ports.a, nodes.a!), b: describe(keys.b, ports.b, nodes.b!) },
    messages: log.messages,
    packets: log.packets,
    dropped: dropped ?? -1,
  };
}

/** What both nodes sent, in send order. */
interface SendLog {
  messages: SentMessage[];
  packets: SentPacket[];
}

/** The TALKRESPs answering each TALKREQ, by protocol and request bytes. */
type Answers = ReadonlyMap<string, readonly Uint8Array[]>;

function answerKey(protocol: Uint8Array, request: Uint8Array): string {
  return `${hex(protocol)}/${hex(request)}`;
}

function responsesOf(step: TalkStep): readonly Uint8Array[] {
  return step.response instanceof Uint8Array ? [step.response] : step.response;
}

function describe(privateKey: Uint8Array, port: number, node: Discv5): ExchangeNode {
  return { privateKey: hex(privateKey).slice(2), nodeId: `0x${node.enr.nodeId}`, port, enr: node.enr.encodeTxt() };
}

async function startNode(
  privateKey: Uint8Array,
  port: number,
  side: Side,
  log: SendLog,
  answers: Answers,
  enrEntries: Readonly<Record<string, Uint8Array>>,
) {
  const enr = SignableENR.createV4(privateKey);
  enr.ip = '127.0.0.1';
  enr.udp = port;
  for (const [key, value] of Object.entries(enrEntries)) enr.set(key, value);
  const node = Discv5.create({
    enr,
    // Discv5.create reads only `type` and `raw` of the libp2p key (discv5 11.0.0 service.js); libp2p's key
    // classes are not a dependency of Peerscope.
    privateKey: { type: 'secp256k1', raw: privateKey } as unknown as Parameters<typeof Discv5.create>[0]['privateKey'],
    bindAddrs: { ip4: multiaddrFromSocketAddress({ ip: { type: 4, octets: Uint8Array.of(127, 0, 0, 1) }, port }) },
    // Generous timeouts: a retransmission on a loaded machine would put a request twice on the wire.
    config: { requestTimeout: 10_000, requestRetries: 0, pingInterval: 3_600_000 },
  });
  recordSends(node, side, log);
  // Each TALKREQ is answered with the TALKRESPs given for it, back to back (unknown ones with an empty TALKRESP).
  node.on('talkReqReceived', (address, _enr, request) => {
    const responses = answers.get(answerKey(request.protocol, request.request)) ?? [new Uint8Array(0)];
    for (const response of responses) void node.sendTalkResp(address, request.id, response);
  });
  await node.start();
  return node;
}

/** Wraps the session service and the transport so each message and packet is logged as it is sent. */
function recordSends(node: Discv5, side: Side, { messages, packets }: SendLog): void {
  const session = node.sessionService;
  const sendRequest = session.sendRequest.bind(session);
  const sendResponse = session.sendResponse.bind(session);
  session.sendRequest = (contact, request) => {
    messages.push(sentMessage(side, request));
    sendRequest(contact, request);
  };
  session.sendResponse = (address, response) => {
    messages.push(sentMessage(side, response));
    sendResponse(address, response);
  };
  const transport = session.transport;
  const send = transport.send.bind(transport);
  transport.send = (to, toId, packet) => {
    packets.push({ from: side, flag: packet.header.flag });
    return send(to, toId, packet);
  };
}

type AnyMessage =
  Parameters<Discv5['sessionService']['sendRequest']>[1] | Parameters<Discv5['sessionService']['sendResponse']>[1];

function sentMessage(from: Side, m: AnyMessage): SentMessage {
  const requestId = hex(bigintToBytes(m.id));
  switch (m.type) {
    case 1:
      return { from, message: 'PING', requestId, values: { 'enr-seq': Number(m.enrSeq) } };
    case 2:
      return {
        from,
        message: 'PONG',
        requestId,
        values: {
          'enr-seq': Number(m.enrSeq),
          'recipient-ip': Array.from(m.addr.ip.octets).join('.'),
          'recipient-port': m.addr.port,
        },
      };
    case 3:
      return { from, message: 'FINDNODE', requestId, values: { distances: m.distances } };
    case 4:
      return {
        from,
        message: 'NODES',
        requestId,
        values: { total: m.total, enrs: m.enrs.map((e) => `0x${e.nodeId}`) },
      };
    case 5:
      return { from, message: 'TALKREQ', requestId, values: { protocol: hex(m.protocol), request: hex(m.request) } };
    case 6:
      return { from, message: 'TALKRESP', requestId, values: { response: hex(m.response) } };
    default:
      return { from, message: `type ${m.type}`, requestId, values: {} };
  }
}

/** Valid records of made-up nodes at log2 distance 256 from `b` (their first id bit differs), deterministic. */
function extraRecords(b: ENR, count: number): ENR[] {
  const out: ENR[] = [];
  const firstBit = parseInt(b.nodeId.slice(0, 1), 16) >> 3;
  for (let seed = 1; out.length < count; seed++) {
    const key = secp256k1.utils.randomSecretKey(new Uint8Array(48).fill(seed));
    const enr = SignableENR.createV4(key);
    if (parseInt(enr.nodeId.slice(0, 1), 16) >> 3 === firstBit) continue;
    enr.ip = '127.0.0.1';
    enr.udp = 40000 + seed;
    out.push(enr.toENR());
  }
  return out;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
