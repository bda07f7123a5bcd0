import { readFileSync } from 'node:fs';
import { SignableENR } from '@chainsafe/enr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { RLP } from '@ethereumjs/rlp';
import type { JsonObject } from '../../decoders/core/json';
import { lengthPrefixed, portalTalkPayload, utpTransferPackets, type UtpTransferOptions } from '../../decoders/portal';
import type { CarriedMessage, SentMessage, Side, TalkStep } from './chainsafe-exchange';

/**
 * The Portal conversation of samples/discv5/portal.pcap: every Portal message type in TALKREQ/TALKRESP between two
 * real @chainsafe/discv5 nodes, and uTP transfers of real content. Payloads are built with Peerscope's Portal
 * helpers from the composer JSON below; ChainSafe's nodes decide everything on the wire around them (packets,
 * request ids, sessions, handshakes).
 *
 * A is a Portal client that contacts B (its first TALKREQ rides in the handshake); B later restarts, forgets its
 * session and contacts A, so the capture holds one session of each direction (each node key opens one of them).
 */

/** One Portal request and the responses it gets, as composer JSON (`{message, fields}`). */
interface PortalExchange {
  from: Side;
  /** The network's protocol id as TALKREQ carries it (`0x500b` legacy history, `0x500a` state, `0x500c` beacon). */
  network: string;
  request: JsonObject;
  responses: JsonObject[];
  restartSender?: boolean;
}

/** One uTP transfer announced by the exchange before it: `initiator` opened it (the FindContent/Offer sender). */
interface UtpTransfer {
  initiator: Side;
  transfer: UtpTransferOptions;
}

type ConversationPart = { portal: PortalExchange } | { utp: UtpTransfer };

export interface PortalConversation {
  steps: TalkStep[];
  /** What each step's request and responses carry, in step order (for the manifest). */
  carried: { request: CarriedMessage; responses: CarriedMessage[] }[];
}

/** The ENR `p` entry of both nodes: Portal protocol versions 0 to 2 on chain 1 (portal-wire-protocol.md, v2). */
export const PORTAL_ENR_ENTRIES = { p: RLP.encode([0, 2, 1]) };

const HISTORY = '0x500b';
const STATE = '0x500a';
const BEACON = '0x500c';

/** Connection ids the Content and the Accept announce. */
const CONTENT_STREAM = 0x1a2b;
const OFFER_STREAM = 0x3c4d;

interface ValueVector {
  name: string;
  content_key: string;
  content_value?: string;
  /** State content differs by purpose: what FindContent returns. */
  content_value_retrieval?: string;
}

/**
 * A public content vector (../shared/vectors/portal-content-values.json) by name, with the value form wanted (state
 * vectors come once per purpose) and, where one name has several blocks, the start of its key.
 */
function contentVector(name: string, form: 'content_value' | 'content_value_retrieval', keyPrefix = '0x'): ValueVector {
  const file = new URL('../../test/vectors/portal-content-values.json', import.meta.url);
  const { values } = JSON.parse(readFileSync(file, 'utf8')) as { values: ValueVector[] };
  const found = values.find((v) => v.name === name && v[form] !== undefined && v.content_key.startsWith(keyPrefix));
  if (!found) throw new Error(`portal-content-values.json has no ${name} with ${form} (${keyPrefix}…)`);
  return found;
}

const hexOf = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;
const bytesOf = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
const utf8Hex = (s: string): string => hexOf(new TextEncoder().encode(s));
const FULL_RADIUS = (2n ** 256n - 1n).toString();
const HALF_RADIUS = (2n ** 255n).toString();

/** Signed records of made-up Portal nodes (deterministic keys), as Nodes and Content carry them: raw RLP, 0x-hex. */
function portalRecords(seeds: readonly number[]): string[] {
  return seeds.map((seed) => {
    const enr = SignableENR.createV4(secp256k1.utils.randomSecretKey(new Uint8Array(48).fill(0x40 + seed)));
    enr.ip = '127.0.0.1';
    enr.udp = 9000 + seed;
    for (const [key, value] of Object.entries(PORTAL_ENR_ENTRIES)) enr.set(key, value);
    return hexOf(enr.encode());
  });
}

/** The ENR sequence number the sample nodes have: each entry set after the record is created raises it. */
function sampleEnrSeq(): number {
  const enr = SignableENR.createV4(secp256k1.utils.randomSecretKey(new Uint8Array(48)));
  enr.ip = '127.0.0.1';
  enr.udp = 1;
  for (const [key, value] of Object.entries(PORTAL_ENR_ENTRIES)) enr.set(key, value);
  return Number(enr.seq);
}

/** A Portal message as composer JSON. */
function message(name: string, fields: JsonObject): JsonObject {
  return { message: name, fields };
}

/** `from` sends `request` on `network`; the other node answers with `responses`. */
function ask(from: Side, network: string, request: JsonObject, ...responses: JsonObject[]): ConversationPart {
  return { portal: { from, network, request, responses } };
}

/** What the two nodes say of themselves in type-0 payloads (ping-extensions/extensions.md "Type 0"). */
const CLIENTS: Record<Side, JsonObject> = {
  a: {
    client_info: utf8Hex('peerscope-a/0.1.0-sample/linux-x86_64/node20'),
    data_radius: FULL_RADIUS,
    capabilities: [0, 1, 2, 65535],
  },
  b: {
    client_info: utf8Hex('peerscope-b/0.1.0-sample/linux-x86_64/node20'),
    data_radius: HALF_RADIUS,
    capabilities: [0, 1, 65535],
  },
};

/** Ping extensions: the first Ping is type 0, then types 1 and 2; type 2 on the state network gets an error Pong. */
function pings(enr_seq: number): ConversationPart[] {
  const ping = (payload_type: number, payload: JsonObject) => message('Ping', { enr_seq, payload_type, payload });
  const pong = (payload_type: number, payload: JsonObject) => message('Pong', { enr_seq, payload_type, payload });
  const historyRadius = (data_radius: string, ephemeral_header_count: number) => ({
    data_radius,
    ephemeral_header_count,
  });
  const unsupported = { error_code: 0, message: utf8Hex('extension 2 is not supported on the state network') };
  return [
    ask('a', HISTORY, ping(0, CLIENTS.a), pong(0, CLIENTS.b)),
    ask('a', HISTORY, ping(1, { data_radius: FULL_RADIUS }), pong(1, { data_radius: HALF_RADIUS })),
    ask('a', HISTORY, ping(2, historyRadius(FULL_RADIUS, 8192)), pong(2, historyRadius(HALF_RADIUS, 256))),
    ask('a', STATE, ping(2, historyRadius(FULL_RADIUS, 8192)), pong(65535, unsupported)),
  ];
}

/** FindNodes answered in two Nodes messages (total 2), and by one with no records. */
function findNodes(records: readonly string[]): ConversationPart[] {
  return [
    ask(
      'a',
      HISTORY,
      message('FindNodes', { distances: [256, 255] }),
      message('Nodes', { total: 2, enrs: records.slice(0, 2) }),
      message('Nodes', { total: 2, enrs: records.slice(2, 3) }),
    ),
    ask('a', HISTORY, message('FindNodes', { distances: [254] }), message('Nodes', { total: 1, enrs: [] })),
  ];
}

/**
 * FindContent answered in each Content variant: a uTP connection id (then the transfer of a block header with its
 * proof), the content inline (a state trie node, a beacon light-client update), ENRs of closer nodes.
 */
function findContent(records: readonly string[]): ConversationPart[] {
  const header = contentVector('BlockHeaderWithProof Test Vectors', 'content_value');
  const storage = contentVector('Contract Storage Trie Node', 'content_value_retrieval');
  const optimistic = contentVector('LightClientOptimisticUpdate', 'content_value');
  const receiptsKey = contentVector('Receipts Test Vector', 'content_value').content_key;
  const askFor = (content_key: string) => message('FindContent', { content_key });
  const content = (fields: JsonObject) => message('Content', fields);
  const transfer: UtpTransferOptions = {
    connectionId: CONTENT_STREAM,
    data: lengthPrefixed(bytesOf(header.content_value!)),
    dataFrom: 'acceptor',
    initiatorSeq: 14001,
    acceptorSeq: 52001,
  };
  return [
    ask('a', HISTORY, askFor(header.content_key), content({ connection_id: connectionIdHex(CONTENT_STREAM) })),
    { utp: { initiator: 'a', transfer } },
    ask('a', STATE, askFor(storage.content_key), content({ content: storage.content_value_retrieval! })),
    ask('a', BEACON, askFor(optimistic.content_key), content({ content: optimistic.content_value! })),
    ask('a', HISTORY, askFor(receiptsKey), content({ enrs: records.slice(3, 5) })),
  ];
}

/**
 * Offers: a code per key (accepted, already stored, not within radius), then the transfer of the accepted block
 * body; and an Offer whose every key is declined (rate limited), so its connection id announces no stream.
 */
function offers(): ConversationPart[] {
  const header = contentVector('BlockHeaderWithProof Test Vectors', 'content_value');
  const body = contentVector('BlockBody Test Vector', 'content_value', '0x01720704');
  const receiptsKey = contentVector('Receipts Test Vector', 'content_value').content_key;
  const accountKey = contentVector('Account Trie Node', 'content_value_retrieval').content_key;
  const transfer: UtpTransferOptions = {
    connectionId: OFFER_STREAM,
    data: lengthPrefixed(bytesOf(body.content_value!)),
    dataFrom: 'initiator',
    initiatorSeq: 23001,
    acceptorSeq: 61001,
  };
  return [
    ask(
      'a',
      HISTORY,
      message('Offer', { content_keys: [body.content_key, receiptsKey, header.content_key] }),
      message('Accept', { connection_id: connectionIdHex(OFFER_STREAM), content_keys: [0, 2, 3] }),
    ),
    { utp: { initiator: 'a', transfer } },
    ask(
      'a',
      STATE,
      message('Offer', { content_keys: [accountKey] }),
      message('Accept', { connection_id: connectionIdHex(0x0bad), content_keys: [4] }),
    ),
  ];
}

/** B restarts and contacts A: a second session, opened by B's handshake (the one A's node key opens). */
function secondSession(enr_seq: number, records: readonly string[]): ConversationPart[] {
  const ping = message('Ping', { enr_seq, payload_type: 0, payload: CLIENTS.b });
  const pong = message('Pong', { enr_seq, payload_type: 0, payload: CLIENTS.a });
  return [
    { portal: { from: 'b', network: HISTORY, request: ping, responses: [pong], restartSender: true } },
    ask(
      'b',
      HISTORY,
      message('FindNodes', { distances: [256] }),
      message('Nodes', { total: 1, enrs: records.slice(0, 1) }),
    ),
  ];
}

function conversationParts(): ConversationPart[] {
  const seq = sampleEnrSeq();
  const records = portalRecords([1, 2, 3, 4, 5]);
  return [...pings(seq), ...findNodes(records), ...findContent(records), ...offers(), ...secondSession(seq, records)];
}

/** The TALKREQ steps of the conversation, and what each carries. */
export function portalConversation(): PortalConversation {
  const out: PortalConversation = { steps: [], carried: [] };
  for (const part of conversationParts()) {
    if ('portal' in part) addPortalExchange(out, part.portal);
    else addUtpTransfer(out, part.utp);
  }
  return out;
}

function addPortalExchange(out: PortalConversation, exchange: PortalExchange): void {
  const payload = (json: JsonObject) => portalTalkPayload({ ...json, network: exchange.network });
  const request = payload(exchange.request);
  out.steps.push({
    from: exchange.from,
    protocol: request.protocolId,
    request: request.payload,
    response: exchange.responses.map((r) => payload(r).payload),
    ...(exchange.restartSender && { restartSender: true }),
  });
  out.carried.push({
    request: carriedPortalMessage(exchange.request, exchange.network),
    responses: exchange.responses.map((r) => carriedPortalMessage(r, exchange.network)),
  });
}

function carriedPortalMessage(json: JsonObject, network: string): CarriedMessage {
  return { protocol: 'portal', message: String(json.message), values: { network, ...(json.fields as JsonObject) } };
}

/** Each uTP packet is a TALKREQ of its sender with protocol `utp`, answered by an empty TALKRESP. */
function addUtpTransfer(out: PortalConversation, { initiator, transfer }: UtpTransfer): void {
  const acceptor: Side = initiator === 'a' ? 'b' : 'a';
  for (const packet of utpTransferPackets(transfer)) {
    out.steps.push({
      from: packet.from === 'initiator' ? initiator : acceptor,
      protocol: 'utp',
      request: packet.payload,
      response: new Uint8Array(0),
    });
    out.carried.push({
      request: utpPacketDescription(packet.payload),
      responses: [{ protocol: 'utp', message: 'TalkResponse', values: { payload: '0x' } }],
    });
  }
}

const UTP_TYPES = ['ST_DATA', 'ST_FIN', 'ST_STATE', 'ST_RESET', 'ST_SYN'];

/**
 * A uTP packet's header values as BEP29 lays them out (20 bytes, big-endian), read here independently of the
 * decoders; the payload bytes are in the TALKREQ's `request`.
 */
function utpPacketDescription(packet: Uint8Array): CarriedMessage {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return {
    protocol: 'utp',
    message: UTP_TYPES[packet[0]! >> 4]!,
    values: {
      connection_id: view.getUint16(2),
      wnd_size: view.getUint32(12),
      seq_nr: view.getUint16(16),
      ack_nr: view.getUint16(18),
    },
  };
}

/** A connection id as Content and Accept carry it: Bytes2, big-endian as uTP numbers it. */
function connectionIdHex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

/**
 * Adds to each TALKREQ/TALKRESP the node logged what it carried: a TALKREQ is found among the steps by its sender,
 * protocol and payload (in step order), a TALKRESP by the request id of the TALKREQ it answers, part by part.
 */
export function annotateCarried(conversation: PortalConversation, messages: readonly SentMessage[]): SentMessage[] {
  const unmatched = conversation.steps.map((step, i) => ({ step, i }));
  const byRequestId = new Map<string, { carried: PortalConversation['carried'][number]; parts: number }>();
  return messages.map((m) => {
    if (m.message === 'TALKREQ') {
      const at = unmatched.findIndex(
        ({ step }) =>
          (step.from ?? 'a') === m.from &&
          hexOf(protocolBytes(step.protocol)) === m.values.protocol &&
          hexOf(step.request) === m.values.request,
      );
      if (at < 0) return m;
      const carried = conversation.carried[unmatched.splice(at, 1)[0]!.i]!;
      byRequestId.set(`${m.from}/${m.requestId}`, { carried, parts: 0 });
      return { ...m, carried: carried.request };
    }
    if (m.message === 'TALKRESP') {
      const answered = byRequestId.get(`${m.from === 'a' ? 'b' : 'a'}/${m.requestId}`);
      const response = answered?.carried.responses[answered.parts++];
      return response ? { ...m, carried: response } : m;
    }
    return m;
  });
}

function protocolBytes(protocol: Uint8Array | string): Uint8Array {
  return typeof protocol === 'string' ? new TextEncoder().encode(protocol) : protocol;
}
