import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { toHex } from '../../../decoders/core/bytes';
import type { JsonObject } from '../../../decoders/core/json';
import { ress } from '../../../decoders/ress';
import { composerJsonOf } from './composer-json';
import { CANCUN_HEAD, CANCUN_PARENT, LONDON_BLOCK, MAINNET_CONTRACT, SHANGHAI_BODY } from './mainnet-chain';

/**
 * A ress/1 session as data (specs/ress.md §2–3, reth's wire form): a stateless node asks a stateful one for
 * headers, bodies, bytecode and a witness. No JavaScript ress peer exists, so both ends are Peerscope endpoints;
 * every message is composer JSON sent through the ress declaration's encoder. Requests are written out; responses
 * carry real mainnet data, their JSON taken from the RLP built with @ethereumjs/rlp. Request ids count from 0,
 * as reth's do.
 */

export type RessSide = 'stateless' | 'stateful';

export interface RessStep {
  from: RessSide;
  json: JsonObject;
  /** Field values the decoding must show (requests: their own fields). */
  fields: Record<string, unknown>;
  /** The note kinds the decoding must raise on this message (deliberate mistakes). */
  notes?: string[];
}

const hex = toHex;
const decoded = (rlp: Uint8Array) => RLP.decode(rlp) as Input;

export const NODE_TYPES: Record<RessSide, RessStep> = {
  stateless: nodeType('stateless', 0),
  stateful: nodeType('stateful', 1),
};

function nodeType(from: RessSide, nodetype: number): RessStep {
  const json = { message: 'NodeType', fields: { nodetype } };
  return { from, json, fields: { nodetype, form: 'wire' } };
}

function request(message: string, fields: JsonObject): RessStep {
  return { from: 'stateless', json: { message, fields }, fields };
}

function response(code: number, payload: Input, fields: Record<string, unknown>, notes?: string[]): RessStep {
  return { from: 'stateful', json: composerJsonOf(ress, code, payload), fields, ...(notes ? { notes } : {}) };
}

/** The witness: the account proof and the storage proof of one contract, each node once (root first). */
const witnessNodes = [
  ...new Map(
    [...MAINNET_CONTRACT.accountProof, ...MAINNET_CONTRACT.storageProof].map((node) => [hex(node), node]),
  ).values(),
];

/** Everything after both NodeTypes, in the order it is sent; each message waits for the previous to arrive. */
export const RESS_EXCHANGE: readonly RessStep[] = [
  request('GetHeaders', { 'request-id': 0, start_hash: hex(CANCUN_HEAD.hash), limit: 2 }),
  response(0x02, [0, [decoded(CANCUN_HEAD.rlp), decoded(CANCUN_PARENT.rlp)]], {
    'request-id': 0,
    headers: [{ hash: hex(CANCUN_HEAD.hash) }, { hash: hex(CANCUN_PARENT.hash) }],
  }),
  request('GetHeaders', { 'request-id': 1, start_hash: hex(LONDON_BLOCK.header.hash), limit: 1 }),
  response(0x02, [1, [decoded(LONDON_BLOCK.header.rlp)]], {
    'request-id': 1,
    headers: [{ hash: hex(LONDON_BLOCK.header.hash), number: Number(LONDON_BLOCK.header.number) }],
  }),
  request('GetBlockBodies', {
    'request-id': 2,
    hashes: [hex(LONDON_BLOCK.header.hash), hex(SHANGHAI_BODY.blockHash)],
  }),
  response(0x04, [2, [decoded(LONDON_BLOCK.body), decoded(SHANGHAI_BODY.rlp)]], { 'request-id': 2 }),
  request('GetBytecode', { 'request-id': 3, codehash: hex(MAINNET_CONTRACT.codeHash) }),
  response(0x06, [3, MAINNET_CONTRACT.code], {
    'request-id': 3,
    bytes: hex(MAINNET_CONTRACT.code),
    codeHash: hex(MAINNET_CONTRACT.codeHash),
  }),
  request('GetWitness', { 'request-id': 4, blockhash: hex(MAINNET_CONTRACT.blockHash) }),
  response(0x08, [4, witnessNodes], {
    'request-id': 4,
    statewitness: witnessNodes.map((node) => ({ hash: hex(keccak_256(node)) })),
  }),
  // Deliberately wrong: asked for block 20000000, answered with its parent.
  request('GetHeaders', { 'request-id': 5, start_hash: hex(CANCUN_HEAD.hash), limit: 1 }),
  response(0x02, [5, [decoded(CANCUN_PARENT.rlp)]], { 'request-id': 5, headers: [{ hash: hex(CANCUN_PARENT.hash) }] }, [
    'ress.header.mismatch',
  ]),
];

/** The witness nodes, for the manifest. */
export const RESS_WITNESS_NODES = witnessNodes.length;
