import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../src-main/analysis/filter';
import { RECORDS } from './records';

/** Indexes of the fixture records the filter keeps. */
function kept(filter: string): number[] {
  const compiled = compileFilter(filter);
  return RECORDS.filter((r) => compiled.test(r)).map((r) => r.index);
}

describe('message-level fields', () => {
  it('keeps every record for the empty filter', () => {
    expect(kept('')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(kept('   ')).toHaveLength(9);
  });

  it('compares index, frame, time and code as numbers', () => {
    expect(kept('index >= 7')).toEqual([7, 8]);
    expect(kept('frame == 8')).toEqual([2]);
    expect(kept('frame.number lt 6')).toEqual([0]);
    expect(kept('time > 1560471980.65')).toEqual([7, 8]);
    expect(kept('code == 0x0a')).toEqual([2, 6, 7]);
  });

  it('treats a null code as absent: no comparison holds but != does', () => {
    expect(kept('code')).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(kept('!code')).toEqual([4]);
    expect(kept('code != 0')).toEqual([2, 3, 4, 6, 7]);
    expect(kept('code < 100 && message == PING')).toEqual([8]);
  });

  it('compares protocol, message, stream and pair status as names, ignoring case', () => {
    expect(kept('protocol == HOBBITS')).toEqual([0, 1, 2, 3, 4]);
    expect(kept('message == hello')).toEqual([0, 1, 5]);
    expect(kept('message == "GET_BLOCK_HEADERS"')).toEqual([2]);
    expect(kept('stream == tcp:3')).toEqual([5, 6, 7]);
    expect(kept('pair == unanswered')).toEqual([2]);
    expect(kept('pair.status eq Matched')).toEqual([0, 1, 4, 7]);
  });

  it('compares the request id by its numeric value, beyond 2^53 too', () => {
    expect(kept('requestId == 41')).toEqual([6, 7]);
    expect(kept('reqid == 12345678901234567890')).toEqual([5]);
    expect(kept('reqid > 9007199254740993')).toEqual([5]);
    expect(kept('requestid == 0x01020304')).toEqual([8]);
  });

  it('reads pair.index and pair.latency, absent when null', () => {
    expect(kept('pair.index == 0')).toEqual([1]);
    expect(kept('pair.latency > 100')).toEqual([5]);
    expect(kept('pair.latencyMs <= 1')).toEqual([4]);
    expect(kept('pair.latency')).toEqual([0, 1, 4, 5, 7]);
    expect(kept('pair')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('compares src and dst as text', () => {
    expect(kept('src == 10.0.0.2:9001')).toEqual([1, 3]);
    expect(kept('dst == "[fe80::2]:40404"')).toEqual([5, 6]);
    expect(kept('src contains 30303')).toEqual([5, 6]);
  });
});

describe('notes', () => {
  it('matches when any note matches, like a repeated Wireshark field', () => {
    expect(kept('note')).toEqual([2, 3, 5]);
    expect(kept('note == error')).toEqual([3, 5]);
    expect(kept('expert.severity == info')).toEqual([3]);
    expect(kept('note.kind == pair.orphan')).toEqual([3]);
    expect(kept('note.text contains "never answered"')).toEqual([2]);
    expect(kept('note.field == body.network_id')).toEqual([5]);
    expect(kept('note.field')).toEqual([3, 5]);
  });

  it('reads != as "no note equals", true for messages without notes', () => {
    expect(kept('note.severity != error')).toEqual([0, 1, 2, 4, 6, 7, 8]);
  });

  it('reads === as "every note equals" and !== as "some note differs"', () => {
    expect(kept('note.severity === error')).toEqual([5]);
    expect(kept('note.severity !== error')).toEqual([2, 3]);
    expect(kept('note.severity all_eq warning')).toEqual([2]);
  });
});

describe('transport-level fields', () => {
  it('derives IPv4 and IPv6 addresses from the endpoints', () => {
    expect(kept('ip.src == 10.0.0.2')).toEqual([1, 3]);
    expect(kept('ip.addr == fe80::2')).toEqual([5, 6, 7]);
    expect(kept('ip.dst == [fe80:0:0:0:0:0:0:1]')).toEqual([7]);
    expect(kept('ip.addr == 192.168.0.0/16')).toEqual([8]);
    expect(kept('ip.src in {10.0.0.1 fe80::2}')).toEqual([0, 2, 4, 7]);
    expect(kept('ip.addr == fe80::/64 && !(ip.src == fe80::2)')).toEqual([5, 6]);
  });

  it('derives ports and stream numbers per transport', () => {
    expect(kept('tcp.port == 9001')).toEqual([0, 1, 2, 3, 4]);
    expect(kept('tcp.srcport == 30303')).toEqual([5, 6]);
    expect(kept('tcp.dstport == 30303')).toEqual([7]);
    expect(kept('udp.port == 9009')).toEqual([8]);
    expect(kept('tcp.port == 9009')).toEqual([]);
    expect(kept('tcp.stream == 3')).toEqual([5, 6, 7]);
    expect(kept('udp.stream == 1 && udp.srcport == 9009')).toEqual([8]);
    expect(kept('udp')).toEqual([8]);
  });
});

describe('protocol fields', () => {
  it('tests the protocol by its bare name and a message by protocol.message', () => {
    expect(kept('hobbits')).toEqual([0, 1, 2, 3, 4]);
    expect(kept('eth2rpc.hello')).toEqual([5]);
    expect(kept('hobbits.get_block_headers || hobbits.ping')).toEqual([2, 4]);
  });

  it('follows dotted paths through header and body', () => {
    expect(kept('hobbits.header.id == 2')).toEqual([2]);
    expect(kept('hobbits.body.max >= 10')).toEqual([2]);
    expect(kept('eth2rpc.body.count == 32')).toEqual([6]);
    expect(kept('hobbits.header.method_id == 11')).toEqual([3]);
  });

  it('restricts the path to one message when the message name comes first', () => {
    expect(kept('hobbits.hello.body.network_id == 1')).toEqual([0, 1]);
    expect(kept('hobbits.get_block_headers.body.max == 10')).toEqual([2]);
    expect(kept('hobbits.ping.body.max == 10')).toEqual([]);
    expect(kept('eth2rpc.hello.body.network_id == 2')).toEqual([5]);
  });

  it('matches a list when any element matches, and indexes it with a number', () => {
    expect(kept('hobbits.body.headers.slot == 6')).toEqual([3]);
    expect(kept('hobbits.body.headers.0.slot == 6')).toEqual([]);
    expect(kept('hobbits.body.headers.1.slot == 6')).toEqual([3]);
    expect(kept('eth2rpc.body.roots.slot > 10')).toEqual([7]);
    expect(kept('hobbits.body.headers.2')).toEqual([]);
  });

  it('compares big decimal-string integers exactly', () => {
    expect(kept('hobbits.body.best_slot == 18446744073709551615')).toEqual([0]);
    expect(kept('hobbits.body.best_slot == 18446744073709551614')).toEqual([]);
    expect(kept('hobbits.body.best_slot > 18446744073709551614')).toEqual([0]);
    expect(kept('hobbits.body.best_slot == 0xffffffffffffffff')).toEqual([0]);
    expect(kept('hobbits.body.best_slot > 9000')).toEqual([0]);
    expect(kept('hobbits.body.best_slot >= 9000.5')).toEqual([0]);
  });

  it('compares EJSON numeric wrappers by their numeric value', () => {
    expect(kept('hobbits.body.latest_finalized_epoch == 5')).toEqual([0]);
    expect(kept('hobbits.body.latest_finalized_epoch in {5 7}')).toEqual([0, 1]);
    expect(kept('eth2rpc.body.chain_id == 5')).toEqual([5]);
    expect(kept('eth2rpc.body.chain_id < 5.5')).toEqual([5]);
    expect(kept('portal.payload.enr_seq == 7')).toEqual([8]);
    expect(kept('hobbits.header.method_id == 0xb')).toEqual([3]);
  });

  it('compares 0x-hex values as bytes, in either hex case or aa:bb form', () => {
    const rootA = `0x${'ab'.repeat(32)}`;
    expect(kept(`hobbits.body.best_root == ${rootA}`)).toEqual([1]);
    expect(kept(`hobbits.body.best_root == ${rootA.toUpperCase().replace('0X', '0x')}`)).toEqual([1]);
    expect(kept(`hobbits.body.latest_finalized_root == ${Array(32).fill('ab').join(':')}`)).toEqual([0]);
    expect(kept(`hobbits.body.best_root == "${rootA}"`)).toEqual([1]);
    expect(kept('portal.request_id == 01:02:03:04')).toEqual([8]);
  });

  it('orders bytes lexicographically', () => {
    expect(kept('portal.request_id > 0x0102')).toEqual([8]);
    expect(kept('portal.request_id < 0x0103')).toEqual([8]);
    expect(kept('portal.request_id < 0x01020304')).toEqual([]);
  });

  it('finds byte sequences, text and list elements with contains', () => {
    expect(kept('hobbits.body contains 0x1e1f')).toEqual([4]);
    expect(kept('hobbits.body contains 1e:1f')).toEqual([4]);
    expect(kept('hobbits.body contains 0x0e0f10')).toEqual([4]);
    expect(kept('hobbits.body contains 0xe0f1')).toEqual([]);
    expect(kept('hobbits.header contains "in"')).toEqual([4]);
    expect(kept('eth2rpc.body.tags contains final')).toEqual([7]);
    expect(kept('eth2rpc.body.tags contains fin')).toEqual([]);
    expect(kept('hobbits.body.headers.slot contains 5')).toEqual([3]);
  });

  it('finds UTF-8 text inside bytes', () => {
    // 0x70696e67 is "ping"
    const record = { ...RECORDS[4]!, fields: { body: '0x00706970696e6700' } };
    expect(compileFilter('hobbits.body contains "ping"').test(record)).toBe(true);
    expect(compileFilter('hobbits.body contains "pong"').test(record)).toBe(false);
  });

  it('matches regular expressions ignoring case by default', () => {
    expect(kept('hobbits.header matches "^PI"')).toEqual([4]);
    expect(kept('hobbits.header matches "(?-i)^PI"')).toEqual([]);
    expect(kept('message matches r"^get_\\w+"')).toEqual([2]);
    expect(kept('eth2rpc.body.tags ~ "^fa"')).toEqual([7]);
    expect(kept('hobbits.body.best_slot matches "^18446"')).toEqual([0]);
    expect(kept('note.text matches "[0-9]+ headers"')).toEqual([3]);
  });

  it('tests set membership with values and inclusive ranges', () => {
    expect(kept('code in {10 11}')).toEqual([2, 3, 6, 7]);
    expect(kept('frame in {4..8}')).toEqual([0, 1, 2]);
    expect(kept('hobbits.header.id in {0x02, 3}')).toEqual([2, 3]);
    expect(kept('message in {hello PING}')).toEqual([0, 1, 4, 5, 8]);
    expect(kept('pair not in {matched orphan}')).toEqual([2, 5, 6, 8]);
    expect(kept('hobbits.body.headers.slot in {6..9}')).toEqual([3]);
  });

  it('treats a field alone as an existence test', () => {
    expect(kept('hobbits.body.headers')).toEqual([3]);
    expect(kept('hobbits.body.max')).toEqual([2]);
    expect(kept('eth2rpc.body')).toEqual([5, 6, 7]);
    expect(kept('hobbits.header.nonexistent')).toEqual([]);
  });

  it('matches field names ignoring case and keeps the spec spelling in the record', () => {
    const record = { ...RECORDS[6]!, fields: { reqID: 9, Body: { startSlot: 4 } } };
    expect(compileFilter('ETH2RPC.REQID == 9').test(record)).toBe(true);
    expect(compileFilter('eth2rpc.body.startslot == 4').test(record)).toBe(true);
    expect(compileFilter('eth2rpc.body.StartSlot == 4').test(record)).toBe(true);
  });

  it('finds keys spelled with characters a filter name cannot hold through their _ spelling', () => {
    const record = { ...RECORDS[6]!, message: 'Beacon Block Roots', fields: { 'request id': 3 } };
    expect(compileFilter('eth2rpc.request_id == 3').test(record)).toBe(true);
    expect(compileFilter('eth2rpc.beacon_block_roots').test(record)).toBe(true);
  });

  it('compares booleans with true/false and 1/0', () => {
    const record = { ...RECORDS[6]!, fields: { snappy: true } };
    expect(compileFilter('eth2rpc.snappy == true').test(record)).toBe(true);
    expect(compileFilter('eth2rpc.snappy == 1').test(record)).toBe(true);
    expect(compileFilter('eth2rpc.snappy == false').test(record)).toBe(false);
  });

  it('never lets a field name reach into Object.prototype', () => {
    expect(kept('hobbits.constructor')).toEqual([]);
    expect(kept('hobbits.header.tostring')).toEqual([]);
  });
});

describe('logic', () => {
  it('binds ! tighter than && and && tighter than ||', () => {
    expect(kept('!hobbits && code == 10 || index == 0')).toEqual([0, 6, 7]);
    expect(kept('!(hobbits && code == 10 || index == 0)')).toEqual([1, 3, 4, 5, 6, 7, 8]);
    expect(kept('hobbits and not code == 0 or portal')).toEqual([2, 3, 4, 8]);
    expect(kept('hobbits && (code == 0 || code == 11)')).toEqual([0, 1, 3]);
  });

  it('chains many operands', () => {
    expect(kept('index == 1 || index == 3 || index == 5 || index == 7')).toEqual([1, 3, 5, 7]);
    expect(kept('hobbits && pair && note && code > 0')).toEqual([2, 3]);
  });
});
