import { describe, expect, it } from 'vitest';
import { fromHex } from '../../decoders/core/bytes';
import { fieldByPath } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import { lengthPrefixed, portal, utpTransferPackets, type UtpTransferPacket } from '../../decoders/portal';
import { STREAM_SETUP_WAIT_SECONDS } from '../../decoders/utp';
import { coverageProblems } from '../support/field-coverage';
import { TalkFlow } from './support/talk-flow';
import { valueVectors } from './support/vectors';

const HISTORY = Uint8Array.of(0x50, 0x0b);
const STATE = Uint8Array.of(0x50, 0x0a);
const encode = (message: string, fields: JsonObject) => portal.encodeMessage({ message, fields });
const kinds = (r: MessageRecord) => r.notes.map((n) => n.kind);

const header = valueVectors.find((v) => v.name === 'BlockHeaderWithProof Test Vectors')!;
const body = valueVectors.find((v) => v.name === 'BlockBody Test Vector')!;
const headerValue = fromHex(header.content_value!);
const bodyValue = fromHex(body.content_value!);

/** Node 0 asks node 1 for a key; node 1 answers with connection id `cid`. */
function findContentOverUtp(flow: TalkFlow, key: string, cid: number): void {
  const id = flow.request(0, HISTORY, encode('FindContent', { content_key: key }));
  flow.response(1, id, encode('Content', { connection_id: cid }));
}

/** Plays uTP packets: the initiator is node 0. */
function play(flow: TalkFlow, packets: readonly UtpTransferPacket[]): void {
  for (const p of packets) flow.utp(p.from === 'initiator' ? 0 : 1, p.payload);
}

function utpRecords(flow: TalkFlow): MessageRecord[] {
  return flow.records().filter((r) => r.protocol === 'utp');
}

describe('a uTP stream announced by Content, after FindContent', () => {
  it('links the stream to its announcement and reads the content it carries (length-prefixed, v1)', () => {
    const flow = new TalkFlow();
    findContentOverUtp(flow, header.content_key, 0x1234);
    const content = flow.last();
    expect(content.fields.utp_stream).toMatchObject({ connection_id: 0x1234, opened_by: 'FindContent sender' });
    play(flow, utpTransferPackets({ connectionId: 0x1234, data: lengthPrefixed(headerValue), dataFrom: 'acceptor' }));
    const packets = utpRecords(flow);
    expect(packets[0]).toMatchObject({ message: 'ST_SYN', fields: { connection_id: 0x1234 } });
    expect(packets.every((p) => (p.fields.stream as JsonObject).announced_by === 0)).toBe(true);
    const withContent = packets.filter((p) => (p.fields.stream as JsonObject).content !== undefined);
    expect(withContent).toHaveLength(1);
    const read = (withContent[0]!.fields.stream as JsonObject).content as JsonObject;
    expect(read.value).toBe(header.content_value);
    expect(packets.flatMap((p) => p.notes)).toEqual([]);
  });

  it('reads the content on the packet that completes it, with its own byte source', () => {
    const flow = new TalkFlow();
    findContentOverUtp(flow, header.content_key, 7);
    play(
      flow,
      utpTransferPackets({ connectionId: 7, data: lengthPrefixed(headerValue), dataFrom: 'acceptor', chunk: 400 }),
    );
    const message = flow.analyzed.find(
      (m) => m.decoded.protocol === 'utp' && fieldByPath(m.decoded.tree, 'stream.content'),
    )!;
    // The last data packet completes the length-prefixed item; the FIN comes after.
    expect(message.decoded.message).toBe('ST_DATA');
    const content = fieldByPath(message.decoded.tree, 'stream.content')!;
    const source = message.decoded.sources!.find((s) => s.name === content.source)!;
    expect(source.bytes.length).toBe(headerValue.length + 2);
    expect(coverageProblems(message.decoded.tree, source.bytes.length, content.source)).toEqual([]);
    expect(coverageProblems(message.decoded.tree, message.decoded.bytes.length)).toEqual([]);
    expect(fieldByPath(content, 'value.block_header_with_proof.header.number')?.value).toBe(14764013);
  });

  it('reassembles data sent out of order and twice, noting the retransmission', () => {
    const flow = new TalkFlow();
    findContentOverUtp(flow, header.content_key, 99);
    const packets = utpTransferPackets({
      connectionId: 99,
      data: lengthPrefixed(headerValue),
      dataFrom: 'acceptor',
      chunk: 200,
    });
    const data = packets.filter((_, i) => i >= 2 && i % 2 === 0 && i < packets.length - 2);
    const reordered = [packets[0]!, packets[1]!, data[3]!, data[1]!, data[0]!, data[1]!, data[4]!, data[2]!, data[5]!];
    play(flow, reordered);
    const records = utpRecords(flow);
    expect(records.map((r) => (r.fields.stream as JsonObject).stream_offset)).toEqual([
      undefined,
      undefined,
      null,
      null,
      0,
      200,
      null,
      400,
      1000,
    ]);
    expect(records.flatMap(kinds)).toEqual(['utp.data.retransmission']);
    const done = records.filter((r) => (r.fields.stream as JsonObject).content !== undefined);
    expect(done.map((r) => r.fields.seq_nr)).toEqual([records.at(-1)!.fields.seq_nr]);
  });

  it('reads v0 content bare until FIN when the ENRs say v0', () => {
    const flow = new TalkFlow();
    flow.enrs = [new Map(), new Map()];
    findContentOverUtp(flow, body.content_key, 500);
    play(flow, utpTransferPackets({ connectionId: 500, data: bodyValue, dataFrom: 'acceptor' }));
    const done = utpRecords(flow).filter((r) => (r.fields.stream as JsonObject).content !== undefined);
    expect(done.map((r) => r.message)).toEqual(['ST_FIN']);
    expect(((done[0]!.fields.stream as JsonObject).content as JsonObject).value).toBe(body.content_value);
  });

  it('reads what arrived when the connection is reset, with a note', () => {
    const flow = new TalkFlow();
    findContentOverUtp(flow, header.content_key, 42);
    const packets = utpTransferPackets({
      connectionId: 42,
      data: lengthPrefixed(headerValue),
      dataFrom: 'acceptor',
      chunk: 500,
    });
    play(flow, packets.slice(0, 4));
    flow.utp(1, encodeReset(42));
    const reset = flow.last();
    expect(reset.message).toBe('ST_RESET');
    expect(kinds(reset)).toContain('utp.stream.reset');
  });
});

function encodeReset(cid: number): Uint8Array {
  return fromHex(`0x3100${cid.toString(16).padStart(4, '0')}000000000000000000000000d87541a7`);
}

describe('a uTP stream announced by Accept, after Offer', () => {
  it('reads the accepted items, each with the key it was offered under', () => {
    const stateKeys = valueVectors.filter((v) => v.content_value_offer);
    const flow = new TalkFlow();
    const id = flow.request(0, STATE, encode('Offer', { content_keys: stateKeys.map((v) => v.content_key) }));
    flow.response(1, id, encode('Accept', { connection_id: 0x0bad, content_keys: [0, 2, 0] }));
    expect(flow.last().fields.utp_stream).toMatchObject({ carries: '2 of 3 offered items' });
    const items = [stateKeys[0]!, stateKeys[2]!].map((v) => lengthPrefixed(fromHex(v.content_value_offer!)));
    const data = new Uint8Array(items[0]!.length + items[1]!.length);
    data.set(items[0]!);
    data.set(items[1]!, items[0]!.length);
    play(flow, utpTransferPackets({ connectionId: 0x0bad, data, dataFrom: 'initiator' }));
    const done = utpRecords(flow).find((r) => (r.fields.stream as JsonObject).content !== undefined)!;
    const read = (done.fields.stream as JsonObject).content as JsonObject[];
    expect(read.map((item) => item.content_key)).toEqual([stateKeys[0]!.content_key, stateKeys[2]!.content_key]);
    expect(read.map((item) => item.value)).toEqual([
      stateKeys[0]!.content_value_offer,
      stateKeys[2]!.content_value_offer,
    ]);
    expect(done.notes).toEqual([]);
  });

  it('announces nothing when every key was declined', () => {
    const flow = new TalkFlow();
    const id = flow.request(0, STATE, encode('Offer', { content_keys: ['0x00aa'] }));
    flow.response(1, id, encode('Accept', { connection_id: 5, content_keys: [3] }));
    flow.wait(STREAM_SETUP_WAIT_SECONDS + 5);
    flow.request(1, STATE, encode('FindNodes', { distances: [0] }));
    expect(flow.streamNotes).toEqual([]);
    expect(flow.records().flatMap((r) => r.notes.map((n) => n.kind))).not.toContain('portal.utp.missing');
  });
});

describe('announcements and streams that do not meet', () => {
  it('notes an announced stream that never appears, on the announcer’s next message', () => {
    const flow = new TalkFlow();
    findContentOverUtp(flow, header.content_key, 0x4242);
    flow.wait(STREAM_SETUP_WAIT_SECONDS + 1);
    const id = flow.request(0, HISTORY, encode('FindNodes', { distances: [1] }));
    flow.response(1, id, encode('Nodes', { total: 1, enrs: [] }));
    const nodes = flow.last();
    expect(nodes.notes.map((n) => [n.kind, n.text])).toEqual([
      [
        'portal.utp.missing',
        expect.stringContaining('connection id 16962: no uTP packet with connection id 16962 within 15 s'),
      ],
    ]);
  });

  it('reports it at the end of the flow when nothing follows', () => {
    const flow = new TalkFlow();
    findContentOverUtp(flow, header.content_key, 3);
    flow.end();
    expect(flow.streamNotes.map((s) => [s.direction, s.note.kind])).toEqual([[1, 'portal.utp.missing']]);
  });

  it('warns about a uTP connection no Content or Accept announced, and still reassembles it', () => {
    const flow = new TalkFlow();
    play(flow, utpTransferPackets({ connectionId: 77, data: Uint8Array.of(1, 2, 3), dataFrom: 'acceptor' }));
    const records = utpRecords(flow);
    expect(kinds(records[0]!)).toEqual(['utp.stream.unannounced']);
    expect(records.slice(1).flatMap(kinds)).toEqual([]);
    const fin = records.find((r) => r.message === 'ST_FIN' && (r.fields.stream as JsonObject).data !== undefined)!;
    expect((fin.fields.stream as JsonObject).data).toBe('0x010203');
  });

  it('links a stream whose SYN was captured before its announcement', () => {
    const flow = new TalkFlow();
    const packets = utpTransferPackets({ connectionId: 900, data: lengthPrefixed(headerValue), dataFrom: 'acceptor' });
    const id = flow.request(0, HISTORY, encode('FindContent', { content_key: header.content_key }));
    flow.utp(0, packets[0]!.payload);
    flow.response(1, id, encode('Content', { connection_id: 900 }));
    play(flow, packets.slice(1));
    const records = utpRecords(flow);
    expect(kinds(records[0]!)).toEqual(['utp.stream.unannounced']);
    const done = records.filter((r) => (r.fields.stream as JsonObject).content !== undefined);
    expect(done.map((r) => r.message)).toEqual(['ST_DATA']);
  });
});
