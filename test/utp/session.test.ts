import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import { portal, utpTalkPayload, utpTransferPackets } from '../../decoders/portal';
import { TalkFlow } from '../portal/support/talk-flow';

const packet = (message: string, fields: JsonObject) => utpTalkPayload({ message, fields }).payload;
const stream = (r: MessageRecord) => r.fields.stream as JsonObject;
const kinds = (r: MessageRecord) => r.notes.map((n) => n.kind);

describe('the uTP session of a flow', () => {
  it('shows each packet’s connection and role, once the SYN tells them', () => {
    const flow = new TalkFlow();
    flow.utp(0, packet('ST_SYN', { connection_id: 10, seq_nr: 1 }));
    flow.utp(1, packet('ST_STATE', { connection_id: 10, seq_nr: 300, ack_nr: 1 }));
    flow.utp(0, packet('ST_DATA', { connection_id: 11, seq_nr: 2, ack_nr: 299, payload: '0xaa' }));
    const [syn, synAck, data] = flow.records();
    expect(stream(syn!)).toMatchObject({ connection_id: 10, sender: 'initiator' });
    expect(stream(synAck!)).toMatchObject({ connection_id: 10, sender: 'acceptor', syn_ack: true });
    expect(stream(data!)).toMatchObject({ sender: 'initiator', stream_offset: 0 });
    expect(flow.records().map((r) => r.pair)).toEqual([null, null, null]);
  });

  it('learns the roles of a connection first seen mid-way from both sides’ ids', () => {
    const flow = new TalkFlow();
    flow.utp(1, packet('ST_DATA', { connection_id: 500, seq_nr: 7, payload: '0x01' }));
    flow.utp(0, packet('ST_STATE', { connection_id: 501, seq_nr: 3, ack_nr: 7 }));
    const [data, ack] = flow.records();
    expect(stream(data!).sender).toBeNull();
    expect(kinds(data!)).toEqual(['utp.stream.unannounced']);
    expect(stream(ack!)).toMatchObject({ connection_id: 500, sender: 'initiator' });
  });

  it('keeps the first copy of a sequence number sent twice with different bytes, with an error', () => {
    const flow = new TalkFlow();
    flow.utp(0, packet('ST_SYN', { connection_id: 1, seq_nr: 1 }));
    flow.utp(0, packet('ST_DATA', { connection_id: 2, seq_nr: 2, payload: '0x01' }));
    flow.utp(0, packet('ST_DATA', { connection_id: 2, seq_nr: 2, payload: '0x02' }));
    flow.utp(0, packet('ST_FIN', { connection_id: 2, seq_nr: 3 }));
    flow.utp(0, packet('ST_DATA', { connection_id: 2, seq_nr: 3, payload: '0x03' }));
    const records = flow.records();
    expect(kinds(records[2]!)).toEqual(['utp.data.conflict']);
    expect(stream(records[3]!)).toMatchObject({ data_length: 1, data: '0x01' });
    expect(kinds(records[4]!)).toEqual(['utp.data.after-fin']);
  });

  it('warns about a second SYN with another seq_nr on the same connection', () => {
    const flow = new TalkFlow();
    flow.utp(0, packet('ST_SYN', { connection_id: 1, seq_nr: 1 }));
    flow.utp(0, packet('ST_SYN', { connection_id: 1, seq_nr: 1 }));
    flow.utp(0, packet('ST_SYN', { connection_id: 1, seq_nr: 9 }));
    expect(flow.records().map(kinds)).toEqual([['utp.stream.unannounced'], [], ['utp.syn.repeated']]);
  });

  it('shows a TALKRESP to a uTP packet, and notes one with bytes (uTP ignores it)', () => {
    const flow = new TalkFlow();
    const id = flow.utp(0, packet('ST_SYN', { connection_id: 1, seq_nr: 1 }));
    flow.response(1, id, new Uint8Array(0));
    flow.response(1, flow.utp(0, packet('ST_STATE', { connection_id: 2 })), Uint8Array.of(1, 2));
    const responses = flow.records().filter((r) => r.message === 'TalkResponse');
    expect(responses.map((r) => [r.fields.payload, kinds(r)])).toEqual([
      ['0x', []],
      ['0x0102', ['utp.talkresp.payload']],
    ]);
  });

  it('says at the end of the flow that announced data never completed', () => {
    const flow = new TalkFlow();
    const key = `0x00${'cd'.repeat(32)}`;
    const id = flow.request(
      0,
      Uint8Array.of(0x50, 0x0b),
      portal.encodeMessage({ message: 'FindContent', fields: { content_key: key } }),
    );
    flow.response(1, id, portal.encodeMessage({ message: 'Content', fields: { connection_id: 64 } }));
    const packets = utpTransferPackets({ connectionId: 64, data: new Uint8Array(3000), dataFrom: 'acceptor' });
    for (const p of packets.slice(0, 4)) flow.utp(p.from === 'initiator' ? 0 : 1, p.payload);
    flow.end();
    expect(flow.streamNotes.map((s) => [s.direction, s.note.kind])).toEqual([[1, 'utp.stream.reset']]);
    expect(flow.streamNotes[0]!.note.text).toMatch(/1000 bytes in order, no FIN/);
  });

  it('reads data numbered from one after the SYN-ACK (as Ultralight does), saying it cannot tell a lost first packet', () => {
    const flow = new TalkFlow();
    flow.utp(0, packet('ST_SYN', { connection_id: 30, seq_nr: 1 }));
    flow.utp(1, packet('ST_STATE', { connection_id: 30, seq_nr: 100, ack_nr: 1 }));
    flow.utp(1, packet('ST_DATA', { connection_id: 30, seq_nr: 101, payload: '0x0a0b' }));
    flow.utp(1, packet('ST_FIN', { connection_id: 30, seq_nr: 102 }));
    expect(stream(flow.last()).data).toBeUndefined();
    flow.utp(0, packet('ST_STATE', { connection_id: 31, seq_nr: 2, ack_nr: 102 }));
    const ack = flow.last();
    expect(stream(ack)).toMatchObject({ fin_ack: true, data: '0x0a0b' });
    expect(kinds(ack)).toEqual(['utp.data.start']);
  });
});
