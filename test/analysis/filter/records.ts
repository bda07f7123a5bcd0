import type { MessageRecord } from '../../../decoders/core/message';

/**
 * Hand-written records shaped like `inspect --json` output for a Hobbits (EWP v3) conversation over IPv4 and an
 * eth2 RPC one over IPv6, plus a Portal PING over UDP. Indexes equal positions in RECORDS.
 */

const ROOT_A = `0x${'ab'.repeat(32)}`;
const ROOT_B = `0x${'11'.repeat(32)}`;
const PING_BODY = '0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

function record(
  partial: Partial<MessageRecord> & Pick<MessageRecord, 'index' | 'protocol' | 'message'>,
): MessageRecord {
  return {
    frame: partial.index * 2 + 4,
    time: 1560471980 + partial.index / 10,
    stream: 'tcp:0',
    src: '10.0.0.1:9000',
    dst: '10.0.0.2:9001',
    code: null,
    requestId: null,
    pair: null,
    fields: {},
    notes: [],
    ...partial,
  };
}

export const HOBBITS_HELLO_REQUEST = record({
  index: 0,
  protocol: 'hobbits',
  message: 'HELLO',
  code: 0,
  requestId: '1',
  pair: { status: 'matched', index: 1, latencyMs: 12.5 },
  fields: {
    version: 3,
    protocol: 0,
    header: { method_id: 0, id: 1 },
    body: {
      network_id: 1,
      chain_id: 1,
      latest_finalized_root: ROOT_A,
      latest_finalized_epoch: { $numberLong: '5' },
      best_root: ROOT_B,
      best_slot: '18446744073709551615',
    },
  },
});

export const HOBBITS_HELLO_RESPONSE = record({
  index: 1,
  protocol: 'hobbits',
  message: 'HELLO',
  code: 0,
  requestId: '1',
  src: '10.0.0.2:9001',
  dst: '10.0.0.1:9000',
  pair: { status: 'matched', index: 0, latencyMs: 12.5 },
  fields: {
    version: 3,
    protocol: 0,
    header: { method_id: 0, id: 1 },
    body: {
      network_id: 1,
      chain_id: 1,
      latest_finalized_root: ROOT_B,
      latest_finalized_epoch: 7,
      best_root: ROOT_A,
      best_slot: 9000,
    },
  },
});

export const HOBBITS_GET_BLOCK_HEADERS = record({
  index: 2,
  protocol: 'hobbits',
  message: 'GET_BLOCK_HEADERS',
  code: 10,
  requestId: '2',
  pair: { status: 'unanswered', index: null, latencyMs: null },
  fields: {
    version: 3,
    protocol: 0,
    header: { method_id: 10, id: 2 },
    body: { start_root: ROOT_A, start_slot: 100, max: 10, skip: 0, direction: 1 },
  },
  notes: [
    { severity: 'warning', kind: 'pair.unanswered', text: 'GET_BLOCK_HEADERS 2 was never answered', field: null },
  ],
});

export const HOBBITS_BLOCK_HEADERS = record({
  index: 3,
  protocol: 'hobbits',
  message: 'BLOCK_HEADERS',
  code: 11,
  requestId: '3',
  src: '10.0.0.2:9001',
  dst: '10.0.0.1:9000',
  pair: { status: 'orphan', index: null, latencyMs: null },
  fields: {
    version: 3,
    protocol: 0,
    header: { method_id: { $numberInt: '11' }, id: 3 },
    body: {
      headers: [
        { slot: 5, parent_root: ROOT_A, state_root: ROOT_B, body_root: ROOT_B, signature: `0x${'cd'.repeat(96)}` },
        { slot: 6, parent_root: ROOT_B, state_root: ROOT_A, body_root: ROOT_A, signature: `0x${'ef'.repeat(96)}` },
      ],
    },
  },
  notes: [
    { severity: 'error', kind: 'pair.orphan', text: 'response 3 without a request', field: null },
    { severity: 'info', kind: 'hobbits.headers.count', text: '2 headers', field: 'body.headers' },
  ],
});

export const HOBBITS_PING = record({
  index: 4,
  protocol: 'hobbits',
  message: 'PING',
  pair: { status: 'matched', index: 5, latencyMs: 0.8 },
  fields: { version: 3, protocol: 2, header: 'ping', body: PING_BODY },
});

export const ETH2_HELLO = record({
  index: 5,
  stream: 'tcp:3',
  src: '[fe80::1]:30303',
  dst: '[fe80::2]:40404',
  protocol: 'eth2rpc',
  message: 'hello',
  code: 0,
  requestId: '12345678901234567890',
  pair: { status: 'mismatch', index: 7, latencyMs: 250 },
  fields: {
    id: '12345678901234567890',
    method_id: 0,
    body: {
      network_id: 2,
      chain_id: { $numberDouble: '5.0' },
      latest_finalized_root: ROOT_B,
      latest_finalized_epoch: 3,
      best_root: ROOT_A,
      best_slot: 1234,
    },
  },
  notes: [
    { severity: 'error', kind: 'eth2rpc.hello.network', text: 'network 2 differs from 1', field: 'body.network_id' },
  ],
});

export const ETH2_BLOCK_ROOTS_REQUEST = record({
  index: 6,
  stream: 'tcp:3',
  src: '[fe80::1]:30303',
  dst: '[fe80::2]:40404',
  protocol: 'eth2rpc',
  message: 'beacon_block_roots',
  code: 10,
  requestId: '41',
  pair: { status: 'duplicate', index: null, latencyMs: null },
  fields: { id: 41, method_id: 10, body: { start_slot: 10, count: 32 } },
});

export const ETH2_BLOCK_ROOTS_RESPONSE = record({
  index: 7,
  stream: 'tcp:3',
  src: '[fe80::2]:40404',
  dst: '[fe80::1]:30303',
  protocol: 'eth2rpc',
  message: 'beacon_block_roots',
  code: 10,
  requestId: '41',
  pair: { status: 'matched', index: 6, latencyMs: 31 },
  fields: {
    id: 41,
    response_code: 0,
    body: {
      roots: [
        { block_root: ROOT_A, slot: 10 },
        { block_root: ROOT_B, slot: 11 },
      ],
      tags: ['fast', 'final'],
    },
  },
});

export const PORTAL_PING = record({
  index: 8,
  stream: 'udp:1',
  src: '192.168.1.5:9009',
  dst: '192.168.1.9:9009',
  protocol: 'portal',
  message: 'PING',
  code: 0,
  requestId: '0x01020304',
  fields: { request_id: '0x01020304', payload: { enr_seq: { $numberInt: '7' }, data_radius: `0x${'ff'.repeat(32)}` } },
});

export const RECORDS: readonly MessageRecord[] = [
  HOBBITS_HELLO_REQUEST,
  HOBBITS_HELLO_RESPONSE,
  HOBBITS_GET_BLOCK_HEADERS,
  HOBBITS_BLOCK_HEADERS,
  HOBBITS_PING,
  ETH2_HELLO,
  ETH2_BLOCK_ROOTS_REQUEST,
  ETH2_BLOCK_ROOTS_RESPONSE,
  PORTAL_PING,
];

/** Field names as `filterFieldNames` would derive them for these three protocols. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'hobbits',
  'hobbits.version',
  'hobbits.protocol',
  'hobbits.header',
  'hobbits.header.method_id',
  'hobbits.header.id',
  'hobbits.body',
  'hobbits.body.network_id',
  'hobbits.body.best_slot',
  'hobbits.body.max',
  'hobbits.body.headers',
  'hobbits.body.headers.slot',
  'hobbits.hello',
  'hobbits.hello.body.best_slot',
  'hobbits.hello.body.network_id',
  'hobbits.get_block_headers',
  'hobbits.get_block_headers.body.max',
  'eth2rpc',
  'eth2rpc.id',
  'eth2rpc.body.count',
  'eth2rpc.body.network_id',
  'eth2rpc.hello',
  'eth2rpc.hello.body.network_id',
  'portal',
  'portal.request_id',
]);
