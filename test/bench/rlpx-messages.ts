/**
 * Message pools of the RLPx benchmark: LES (les/4), ress (ress/1, reth's wire form) and eth (eth/68) messages about
 * the bench chain (rlpx-chain.ts). Each is written as an RLP input, turned into the composer JSON Peerscope shows
 * for it, and encoded back through the capability's own `encodeMessage` (which must give the same bytes); the
 * capture then sends it many times, its request id replaced in place (`withRequestId`).
 */
import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { readRlpHeader } from '../../decoders/codecs/rlp';
import { bytesEqual, concatBytes, textEncoder, toHex } from '../../decoders/core/bytes';
import { collectNotes } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import type { Capability } from '../../decoders/devp2p/capability';
import { splitMessageId } from '../../decoders/devp2p/p2p-messages';
import { eth } from '../../decoders/eth';
import { les } from '../../decoders/les';
import { ress } from '../../decoders/ress';
import { composerJsonOf } from '../devp2p/support/composer-json';
import { FLOW_CONTROL } from '../devp2p/support/les-exchange';
import { MAINNET_CONTRACT, MAINNET_GENESIS, MERGE_TOTAL_DIFFICULTY } from '../devp2p/support/mainnet-chain';
import { Random } from './bench-messages';
import { accountLeaf, branchNode, uintBytes, witnessOf, type BenchChain, type ChainBlock } from './rlpx-chain';

export type CapabilityName = 'les' | 'eth' | 'ress';

const CAPABILITIES: Record<CapabilityName, Capability> = { les, eth, ress };

/** One encoded capability message: its capability-relative code and RLP payload (without the message id). */
export interface CapabilityTemplate {
  capability: CapabilityName;
  /** The message name as Peerscope's decoder spells it. */
  message: string;
  code: number;
  payload: Uint8Array;
  /** The payload is a list whose first item is the request id. */
  hasRequestId: boolean;
}

export interface RlpxExchange {
  request: CapabilityTemplate;
  response: CapabilityTemplate;
}

/** The id templates are encoded with; `withRequestId` replaces it. */
const TEMPLATE_ID = 1;

/** Encodes `payload` through the capability's composer JSON and checks the encoder gives back the RLP bytes. */
function template(capability: CapabilityName, code: number, payload: Input, hasRequestId: boolean): CapabilityTemplate {
  const codec = CAPABILITIES[capability];
  const json = composerJsonOf(codec, code, payload);
  const encoded = codec.encodeMessage(json);
  const expected = concatBytes([RLP.encode(code), RLP.encode(payload)]);
  const message = String(json.message);
  if (!bytesEqual(encoded, expected)) throw new Error(`${capability} ${message}: the encoder changed the bytes`);
  const split = splitMessageId(encoded);
  return { capability, message, code, payload: split.payload.slice(), hasRequestId };
}

/** A message written as composer JSON in the first place (ress NodeType: one raw byte, not RLP). */
function composed(capability: CapabilityName, json: JsonObject): CapabilityTemplate {
  const { code, payload } = splitMessageId(CAPABILITIES[capability].encodeMessage(json));
  if (code === null) throw new Error(`${capability} ${String(json.message)}: encoded without a message id`);
  return { capability, message: String(json.message), code, payload, hasRequestId: false };
}

function exchange(capability: CapabilityName, request: [number, Input[]], response: [number, Input[]]): RlpxExchange {
  return {
    request: template(capability, request[0], [TEMPLATE_ID, ...request[1]], true),
    response: template(capability, response[0], [TEMPLATE_ID, ...response[1]], true),
  };
}

/**
 * A ress exchange: the request as composer JSON (read alone, reth's requests have seed-era look-alikes, so they are
 * written out as ress-exchange.ts does), the response from its RLP input.
 */
function ressExchange(request: JsonObject, response: [number, Input[]]): RlpxExchange {
  const fields = { 'request-id': TEMPLATE_ID, ...(request.fields as JsonObject) };
  return {
    request: { ...composed('ress', { ...request, fields }), hasRequestId: true },
    response: template('ress', response[0], [TEMPLATE_ID, ...response[1]], true),
  };
}

/** RLP list header for a payload of `length` bytes. */
function listHeader(length: number): Uint8Array {
  if (length < 56) return Uint8Array.of(0xc0 + length);
  const size = uintBytes(length);
  return concatBytes([Uint8Array.of(0xf7 + size.length), size]);
}

/** The template's payload with `id` as its request id (the list header is rebuilt when the id's length differs). */
export function withRequestId(t: CapabilityTemplate, id: bigint): Uint8Array {
  if (!t.hasRequestId) return t.payload;
  const list = readRlpHeader(t.payload, 0, t.payload.length);
  const first = readRlpHeader(t.payload, list.payloadStart, list.payloadEnd);
  const rest = t.payload.subarray(first.payloadEnd, list.payloadEnd);
  const encodedId = RLP.encode(id);
  return concatBytes([listHeader(encodedId.length + rest.length), encodedId, rest]);
}

// Pools ----------------------------------------------------------------------------------------------------------

export interface LesPool {
  clientStatus: CapabilityTemplate;
  serverStatus: CapabilityTemplate;
  announce: CapabilityTemplate;
  /** Requests that walk the whole chain, oldest first: a light client's header sync. */
  headerSync: RlpxExchange[];
  /** By hash, newest first, from the head. */
  recentHeaders: RlpxExchange[];
  bodies: RlpxExchange[];
  receipts: RlpxExchange[];
  proofs: RlpxExchange[];
  codes: RlpxExchange[];
  helperTrie: RlpxExchange[];
  sendTx: RlpxExchange[];
  txStatus: RlpxExchange[];
  stop: CapabilityTemplate;
  resume: CapabilityTemplate;
}

export interface EthPool {
  /** The two peers' Status messages (one head behind the other). */
  statuses: [CapabilityTemplate, CapabilityTemplate];
  headerSync: RlpxExchange[];
  bodies: RlpxExchange[];
  receipts: RlpxExchange[];
  announcements: { announce: CapabilityTemplate; fetch: RlpxExchange }[];
  transactions: CapabilityTemplate[];
}

export interface RessPool {
  nodeTypes: { stateless: CapabilityTemplate; stateful: CapabilityTemplate };
  /** One per block a stateless node executes: its headers (down to the parent), witness, body and bytecode. */
  blocks: {
    headers: RlpxExchange;
    witness: RlpxExchange;
    body: RlpxExchange;
  }[];
  bytecodes: RlpxExchange[];
}

export interface RlpxPools {
  les: LesPool;
  eth: EthPool;
  ress: RessPool;
}

const decoded = (rlp: Uint8Array) => RLP.decode(rlp) as Input;
/** Headers requested per header-sync request. */
const SYNC_BATCH = 128;

/** The buffer value a LES reply reports: the limit less the request's MaxCost (no recharge counted). */
function bufferAfter(code: number, items: number): number {
  const [base, perItem] = FLOW_CONTROL.costs.get(code)!;
  return FLOW_CONTROL.bufferLimit - base - perItem * items;
}

/** `count` consecutive blocks starting at a random one. */
function blockRun(rng: Random, chain: BenchChain, count: number): ChainBlock[] {
  const start = rng.int(chain.blocks.length - count + 1);
  return chain.blocks.slice(start, start + count);
}

/** A proof: the real account and storage proof nodes, then branch nodes and leaves (as a deep account has). */
function proofNodes(rng: Random, chain: BenchChain): Uint8Array[] {
  const nodes = [...chain.proofNodes];
  for (let i = rng.between(4, 40); i > 0; i--) nodes.push(i === 1 ? accountLeaf(rng, 7) : branchNode(rng));
  return nodes;
}

function lesPool(chain: BenchChain, rng: Random, variants: number): LesPool {
  const head = chain.blocks.at(-1)!;
  const forkId = [chain.forkId.hash, chain.forkId.next];
  const keyValues = (pairs: [string, Input][]): Input => pairs.map(([k, v]) => [textEncoder.encode(k), v]);
  const status = (pairs: [string, Input][]) => template('les', 0x00, keyValues(pairs), false);
  const common: [string, Input][] = [
    ['protocolVersion', 4],
    ['networkId', 1],
    ['headTd', MERGE_TOTAL_DIFFICULTY],
  ];
  const clientHead = chain.blocks[0]!;
  const clientStatus = status([
    ...common,
    ['headHash', clientHead.hash],
    ['headNum', clientHead.number],
    ['genesisHash', MAINNET_GENESIS],
    ['forkID', forkId],
    ['announceType', 1],
  ]);
  const serverStatus = status([
    ...common,
    ['headHash', head.hash],
    ['headNum', head.number],
    ['genesisHash', MAINNET_GENESIS],
    ['forkID', forkId],
    ['serveHeaders', new Uint8Array(0)],
    ['serveChainSince', 0],
    ['serveStateSince', 0],
    ['recentTxLookup', 0],
    ['txRelay', new Uint8Array(0)],
    ['flowControl/BL', FLOW_CONTROL.bufferLimit],
    ['flowControl/MRR', FLOW_CONTROL.minRecharge],
    ['flowControl/MRC', [...FLOW_CONTROL.costs].map(([code, [base, perItem]]) => [code, base, perItem])],
  ]);
  const headersExchange = (origin: Input, blocks: ChainBlock[], reverse: number) =>
    exchange(
      'les',
      [0x02, [[origin, blocks.length, 0, reverse]]],
      [0x03, [bufferAfter(0x02, blocks.length), blocks.map((b) => decoded(b.header))]],
    );
  const headerSync: RlpxExchange[] = [];
  for (let at = 0; at < chain.blocks.length; at += SYNC_BATCH) {
    const blocks = chain.blocks.slice(at, at + SYNC_BATCH);
    headerSync.push(headersExchange(blocks[0]!.number, blocks, 0));
  }
  const recentHeaders = [1, 8, 32].map((count) => headersExchange(head.hash, chain.blocks.slice(-count).reverse(), 1));
  const byHashes = (request: number, response: number, blocks: ChainBlock[], items: (b: ChainBlock) => Input) =>
    exchange(
      'les',
      [request, [blocks.map((b) => b.hash)]],
      [response, [bufferAfter(request, blocks.length), blocks.map(items)]],
    );
  const bodies = Array.from({ length: variants }, () =>
    byHashes(0x04, 0x05, blockRun(rng, chain, rng.between(1, 4)), (b) => b.body),
  );
  const receipts = Array.from({ length: variants }, () =>
    byHashes(0x06, 0x07, blockRun(rng, chain, rng.between(1, 3)), (b) => b.receipts),
  );
  const accountKey = () => (rng.int(3) === 0 ? MAINNET_CONTRACT.addressHash : keccak_256(rng.bytes(20)));
  const proofs = Array.from({ length: variants }, () => {
    const requests = Array.from({ length: rng.between(1, 3) }, () => [
      rng.pick(chain.blocks).hash,
      accountKey(),
      rng.int(2) === 0 ? new Uint8Array(0) : keccak_256(rng.bytes(32)),
      0,
    ]);
    const nodes = requests.flatMap(() => proofNodes(rng, chain));
    return exchange('les', [0x0f, [requests]], [0x10, [bufferAfter(0x0f, requests.length), nodes.map(decoded)]]);
  });
  const codes = Array.from({ length: variants }, () => {
    const picked = Array.from({ length: rng.between(1, 4) }, () => rng.pick(chain.codes));
    const requests = picked.map(() => [rng.pick(chain.blocks).hash, accountKey()]);
    return exchange('les', [0x0a, [requests]], [0x0b, [bufferAfter(0x0a, requests.length), picked.map((c) => c.code)]]);
  });
  const helperTrie = Array.from({ length: variants }, () => {
    const block = rng.pick(chain.blocks);
    const key = new Uint8Array(8);
    new DataView(key.buffer).setBigUint64(0, block.number);
    const request = [0, Number(block.number / 32768n) - 1, key, 0, 2];
    const nodes = proofNodes(rng, chain);
    return exchange('les', [0x11, [[request]]], [0x12, [bufferAfter(0x11, 1), [nodes.map(decoded), [block.header]]]]);
  });
  /** A transaction's status: Included (3) with its place in the chain, or Pending (2). */
  const statusOf = (block: ChainBlock, index: number, included: boolean): Input =>
    included ? [3, [block.hash, block.number, index], new Uint8Array(0)] : [2, [], new Uint8Array(0)];
  const pickTransactions = (count: number) =>
    Array.from({ length: count }, () => {
      const block = rng.pick(chain.blocks);
      const index = rng.int(block.transactions.length);
      return { block, index, tx: block.transactions[index]!, included: rng.int(3) !== 0 };
    });
  const sendTx = Array.from({ length: variants }, () => {
    const sent = pickTransactions(rng.between(1, 4));
    return exchange(
      'les',
      [0x13, [sent.map((s) => s.tx.item)]],
      [0x15, [bufferAfter(0x13, sent.length), sent.map((s) => statusOf(s.block, s.index, s.included))]],
    );
  });
  const txStatus = Array.from({ length: variants }, () => {
    const asked = pickTransactions(rng.between(1, 16));
    return exchange(
      'les',
      [0x14, [asked.map((s) => s.tx.hash)]],
      [0x15, [bufferAfter(0x14, asked.length), asked.map((s) => statusOf(s.block, s.index, s.included))]],
    );
  });
  return {
    clientStatus,
    serverStatus,
    announce: template('les', 0x01, [head.hash, head.number, MERGE_TOTAL_DIFFICULTY, 0, []], false),
    headerSync,
    recentHeaders,
    bodies,
    receipts,
    proofs,
    codes,
    helperTrie,
    sendTx,
    txStatus,
    stop: template('les', 0x16, [], false),
    // geth's ResumeMsg is the bare buffer value (specs/les.md §1).
    resume: template('les', 0x17, FLOW_CONTROL.bufferLimit, false),
  };
}

function ethPool(chain: BenchChain, rng: Random, variants: number): EthPool {
  const status = (head: ChainBlock) =>
    template(
      'eth',
      0x00,
      [68, 1, MERGE_TOTAL_DIFFICULTY, head.hash, MAINNET_GENESIS, [chain.forkId.hash, chain.forkId.next]],
      false,
    );
  const headerSync: RlpxExchange[] = [];
  for (let at = 0; at < chain.blocks.length; at += SYNC_BATCH) {
    const blocks = chain.blocks.slice(at, at + SYNC_BATCH);
    headerSync.push(
      exchange('eth', [0x03, [[blocks[0]!.hash, blocks.length, 0, 0]]], [0x04, [blocks.map((b) => decoded(b.header))]]),
    );
  }
  const byHashes = (request: number, response: number, blocks: ChainBlock[], items: (b: ChainBlock) => Input) =>
    exchange('eth', [request, [blocks.map((b) => b.hash)]], [response, [blocks.map(items)]]);
  const bodies = Array.from({ length: variants }, () =>
    byHashes(0x05, 0x06, blockRun(rng, chain, rng.between(1, 4)), (b) => b.body),
  );
  const receipts = Array.from({ length: variants }, () =>
    byHashes(0x0f, 0x10, blockRun(rng, chain, rng.between(1, 3)), (b) => b.receipts),
  );
  const pooled = () => {
    const block = rng.pick(chain.blocks);
    return Array.from({ length: rng.between(2, 48) }, () => rng.pick(block.transactions));
  };
  const announcements = Array.from({ length: variants }, () => {
    const txs = pooled();
    const announce = template(
      'eth',
      0x08,
      [Uint8Array.from(txs.map((t) => t.type)), txs.map((t) => t.size), txs.map((t) => t.hash)],
      false,
    );
    // The peer fetches most of what it was told about.
    const wanted = txs.filter(() => rng.int(4) !== 0);
    const fetch = exchange('eth', [0x09, [wanted.map((t) => t.hash)]], [0x0a, [wanted.map((t) => t.item)]]);
    return { announce, fetch };
  });
  const transactions = Array.from({ length: variants }, () =>
    template(
      'eth',
      0x02,
      pooled().map((t) => t.item),
      false,
    ),
  );
  return {
    statuses: [status(chain.blocks.at(-2)!), status(chain.blocks.at(-1)!)],
    headerSync,
    bodies,
    receipts,
    announcements,
    transactions,
  };
}

function ressPool(chain: BenchChain, rng: Random, variants: number): RessPool {
  const nodeType = (nodetype: number) => composed('ress', { message: 'NodeType', fields: { nodetype } });
  const blocks = Array.from({ length: variants }, () => {
    const index = rng.between(32, chain.blocks.length - 1);
    const block = chain.blocks[index]!;
    // reth asks for the headers down to one it has: the parent at least.
    const headers = chain.blocks.slice(index - rng.between(1, 31), index + 1).reverse();
    // Witnesses of mainnet blocks: a few hundred kB to a few MB.
    const witness = witnessOf(chain, index, rng.logBetween(100_000, 2_000_000), rng);
    return {
      headers: ressExchange(
        { message: 'GetHeaders', fields: { start_hash: toHex(block.hash), limit: headers.length } },
        [0x02, [headers.map((b) => decoded(b.header))]],
      ),
      witness: ressExchange({ message: 'GetWitness', fields: { blockhash: toHex(block.hash) } }, [0x08, [witness]]),
      body: ressExchange({ message: 'GetBlockBodies', fields: { hashes: [toHex(block.hash)] } }, [
        0x04,
        [[block.body]],
      ]),
    };
  });
  const bytecodes = chain.codes.map((c) =>
    ressExchange({ message: 'GetBytecode', fields: { codehash: toHex(c.hash) } }, [0x06, [c.code]]),
  );
  return { nodeTypes: { stateless: nodeType(0), stateful: nodeType(1) }, blocks, bytecodes };
}

/** Builds the three pools; `variants` entries per kind of large message. */
export function buildRlpxPools(chain: BenchChain, seed: number, variants = 32): RlpxPools {
  const rng = new Random(seed);
  return {
    les: lesPool(chain, rng, variants),
    eth: ethPool(chain, rng, variants),
    ress: ressPool(chain, rng, variants),
  };
}

/** Every template of the pools. */
export function rlpxTemplates(pools: RlpxPools): CapabilityTemplate[] {
  const pairs = (list: readonly RlpxExchange[]) => list.flatMap((e) => [e.request, e.response]);
  const { les: l, eth: e, ress: r } = pools;
  return [
    l.clientStatus,
    l.serverStatus,
    l.announce,
    ...pairs([
      ...l.headerSync,
      ...l.recentHeaders,
      ...l.bodies,
      ...l.receipts,
      ...l.proofs,
      ...l.codes,
      ...l.helperTrie,
      ...l.sendTx,
      ...l.txStatus,
    ]),
    l.stop,
    l.resume,
    ...e.statuses,
    ...pairs([...e.headerSync, ...e.bodies, ...e.receipts, ...e.announcements.map((a) => a.fetch)]),
    ...e.announcements.map((a) => a.announce),
    ...e.transactions,
    r.nodeTypes.stateless,
    r.nodeTypes.stateful,
    ...pairs(r.blocks.flatMap((b) => [b.headers, b.witness, b.body])),
    ...pairs(r.bytecodes),
  ];
}

/** Decodes every template alone and returns what is wrong: a different name, or a warning or error note. */
export function validateRlpxPools(pools: RlpxPools): string[] {
  const problems: string[] = [];
  for (const t of rlpxTemplates(pools)) {
    const bytes = concatBytes([RLP.encode(t.code), t.payload]);
    const decodedMessage = CAPABILITIES[t.capability].decodeMessage(bytes);
    if (decodedMessage.message !== t.message) {
      problems.push(`${t.capability} ${t.message} decodes as ${decodedMessage.message}`);
    }
    for (const n of collectNotes(decodedMessage.tree)) {
      if (n.severity !== 'info') problems.push(`${t.capability} ${t.message}: ${n.severity} ${n.kind}: ${n.text}`);
    }
  }
  return problems;
}
