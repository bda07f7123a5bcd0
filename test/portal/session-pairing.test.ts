import { describe, expect, it } from 'vitest';
import { fromHex } from '../../decoders/core/bytes';
import type { JsonObject } from '../../decoders/core/json';
import { portal } from '../../decoders/portal';
import { currentSet } from './support/vectors';
import { TalkFlow } from './support/talk-flow';

const HISTORY = Uint8Array.of(0x50, 0x0b);
const encode = (message: string, fields: JsonObject) => portal.encodeMessage({ message, fields });
const kinds = (notes: { kind: string }[]) => notes.map((n) => n.kind);
const ping = encode('Ping', {
  enr_seq: 1,
  payload_type: 0,
  payload: { client_info: '', data_radius: '1', capabilities: [0, 1] },
});
const pong = encode('Pong', {
  enr_seq: 2,
  payload_type: 0,
  payload: { client_info: '', data_radius: '1', capabilities: [0] },
});

describe('Portal pairing on the discv5 request id', () => {
  it('pairs Ping with Pong through the engine, with the request id of the TALKREQ', () => {
    const flow = new TalkFlow();
    const id = flow.request(0, HISTORY, ping);
    flow.response(1, id, pong);
    const [request, response] = flow.records();
    expect(request).toMatchObject({
      protocol: 'portal',
      message: 'Ping',
      requestId: id,
      pair: { status: 'matched', index: 1 },
    });
    expect(response).toMatchObject({ message: 'Pong', requestId: id, pair: { status: 'matched', index: 0 } });
    expect(response!.fields.network).toBe('0x500b');
  });

  it('pairs each request type with its own response, and flags a response of the wrong type', () => {
    const flow = new TalkFlow();
    const findNodes = flow.request(0, HISTORY, encode('FindNodes', { distances: [256] }));
    const offer = flow.request(0, HISTORY, encode('Offer', { content_keys: [`0x00${'aa'.repeat(32)}`] }));
    flow.response(1, offer, encode('Accept', { connection_id: 1, content_keys: [2] }));
    flow.response(1, findNodes, pong);
    const records = flow.records();
    expect(records.map((r) => [r.message, r.pair?.status])).toEqual([
      ['FindNodes', 'mismatch'],
      ['Offer', 'matched'],
      ['Accept', 'matched'],
      ['Pong', 'mismatch'],
    ]);
    expect(kinds(records[3]!.notes)).toContain('pair.mismatch');
  });

  it('pairs an empty TALKRESP (unsupported request) as the answer', () => {
    const flow = new TalkFlow();
    const id = flow.request(0, HISTORY, encode('FindContent', { content_key: `0x00${'aa'.repeat(32)}` }));
    flow.response(1, id, new Uint8Array(0));
    expect(flow.records().map((r) => [r.message, r.pair?.status])).toEqual([
      ['FindContent', 'matched'],
      ['EmptyResponse', 'matched'],
    ]);
  });

  it('leaves an unanswered request unanswered', () => {
    const flow = new TalkFlow();
    flow.request(0, HISTORY, ping);
    expect(kinds(flow.last().notes)).toEqual(['pair.unanswered']);
  });
});

describe('multi-message Nodes (total > 1)', () => {
  const enrs = (currentSet.vectors.find((v) => v.name === 'Content Response - Multiple enrs')!.inputs.enrs as string[])
    .length;

  it('pairs every Nodes part with the FindNodes, numbered; the FindNodes points at the first', () => {
    expect(enrs).toBe(2);
    const flow = new TalkFlow();
    const id = flow.request(0, HISTORY, encode('FindNodes', { distances: [255, 256] }));
    flow.response(1, id, encode('Nodes', { total: 3, enrs: [] }));
    flow.response(1, id, encode('Nodes', { total: 3, enrs: [] }));
    flow.response(1, id, encode('Nodes', { total: 3, enrs: [] }));
    const records = flow.records();
    expect(records.map((r) => [r.message, r.pair?.status ?? null, r.fields.part ?? null])).toEqual([
      ['FindNodes', 'matched', null],
      ['Nodes', 'matched', 1],
      ['Nodes', 'matched', 2],
      ['Nodes', 'matched', 3],
    ]);
    expect(records.map((r) => r.pair?.index)).toEqual([1, 0, 0, 0]);
    expect(records.flatMap((r) => r.notes)).toEqual([]);
  });

  it('flags a Nodes beyond the announced total, and parts that disagree on the total', () => {
    const flow = new TalkFlow();
    const id = flow.request(0, HISTORY, encode('FindNodes', { distances: [1] }));
    flow.response(1, id, encode('Nodes', { total: 2, enrs: [] }));
    flow.response(1, id, encode('Nodes', { total: 4, enrs: [] }));
    flow.response(1, id, encode('Nodes', { total: 2, enrs: [] }));
    const [, , second, third] = flow.records();
    expect(kinds(second!.notes)).toEqual(['portal.nodes.total']);
    expect(third!.message).toBe('Nodes');
    expect(kinds(third!.notes)).toEqual(['portal.nodes.unexpected', 'pair.orphan']);
  });
});

describe('the version of a flow', () => {
  const offerThree = encode('Offer', { content_keys: ['0x00aa', '0x00bb', '0x00cc'] });
  /** One byte 0x07: v0 bits 1,1,1 (delimiter at 3) for 3 keys, or one v1 code, which is not 3 codes. */
  const acceptBits = fromHex('0x070001060000000f');

  it('takes the version from both ENRs’ `pv` (v1): Accept is read as codes', () => {
    const flow = new TalkFlow();
    flow.enrs = [new Map([['pv', Uint8Array.of(0, 1)]]), new Map([['pv', Uint8Array.of(0, 1)]])];
    const id = flow.request(0, HISTORY, offerThree);
    flow.response(1, id, acceptBits);
    const accept = flow.last();
    expect(accept.fields.protocol_version).toEqual({ version: 'v1', chosen_by: 'enr' });
    expect(accept.fields.content_keys).toEqual([15]);
    expect(kinds(accept.notes)).toEqual(['portal.accept.code', 'portal.accept.length']);
  });

  it('takes v2 from the `p` key (RLP [min, max, chain id]) and v0 from an ENR without either key', () => {
    const flow = new TalkFlow();
    flow.enrs = [new Map([['p', fromHex('0xc3000201')]]), new Map([['p', fromHex('0xc3010201')]])];
    flow.request(0, HISTORY, ping);
    expect(flow.last().fields.protocol_version).toEqual({ version: 'v2', chosen_by: 'enr' });
    const v0 = new TalkFlow();
    v0.enrs = [new Map([['p', fromHex('0xc3000201')]]), new Map([['id', fromHex('0x7634')]])];
    const id = v0.request(0, HISTORY, offerThree);
    v0.response(1, id, acceptBits);
    expect(v0.last().fields).toMatchObject({
      protocol_version: { version: 'v0', chosen_by: 'enr' },
      content_keys: [1, 1, 1],
    });
  });

  it('without ENRs, reads the Accept form that fits the offer, and says it guessed', () => {
    const flow = new TalkFlow();
    const id = flow.request(0, HISTORY, offerThree);
    flow.response(1, id, acceptBits);
    expect(flow.last().fields).toMatchObject({
      protocol_version: { version: 'v0', chosen_by: 'message' },
      content_keys: [1, 1, 1],
    });
  });

  it('carries what earlier messages showed over to messages that show nothing', () => {
    const flow = new TalkFlow();
    flow.request(0, HISTORY, encode('Ping', { enr_seq: 1, custom_payload: { data_radius: '5' } }));
    flow.request(0, HISTORY, encode('FindNodes', { distances: [1] }));
    expect(flow.records().map((r) => r.fields.protocol_version)).toEqual([
      { version: 'v0', chosen_by: 'message' },
      { version: 'v0', chosen_by: 'flow' },
    ]);
  });

  it('reads seed-era selectors in a TALKREQ as the seed’s requests, without ruling out the current numbering', () => {
    const flow = new TalkFlow();
    const seedPing = fromHex(
      '0x0101000000000000000c000000feffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    );
    const id = flow.request(0, Uint8Array.of(0x50, 0x0a), seedPing);
    flow.response(
      1,
      id,
      fromHex('0x0201000000000000000c000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'),
    );
    expect(flow.records().map((r) => [r.message, r.fields.protocol_version, r.pair?.status])).toEqual([
      ['Ping', { version: 'seed', chosen_by: 'message' }, 'matched'],
      ['Pong', { version: 'seed', chosen_by: 'message' }, 'matched'],
    ]);
    // A selector only the current numbering has is still read as such, and not called seed.
    flow.request(0, Uint8Array.of(0x50, 0x0a), encode('Ping', { enr_seq: 1, payload: { data_radius: '1' } }));
    expect([flow.last().message, flow.last().fields.protocol_version]).toEqual([
      'Ping',
      { version: 'v2', chosen_by: 'assumed' },
    ]);
  });

  it('notes a first Ping that is not of type 0 (client info)', () => {
    const flow = new TalkFlow();
    flow.request(0, HISTORY, encode('Ping', { enr_seq: 1, payload: { data_radius: '1' } }));
    flow.request(0, HISTORY, encode('Ping', { enr_seq: 1, payload: { data_radius: '1' } }));
    expect(flow.records().map((r) => kinds(r.notes))).toEqual([
      ['portal.ping.first-type', 'pair.unanswered'],
      ['pair.unanswered'],
    ]);
  });
});
