import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import { portal, utpTalkPayload, utpTransferPackets } from '../../decoders/portal';
import { CLOSED_KEPT, CLOSED_LINGER_SECONDS } from '../../decoders/utp/flow-state';
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

describe('uTP connections over time on one flow', () => {
  const key = `0x00${'cd'.repeat(32)}`;
  const utpKinds = (r: MessageRecord) => kinds(r).filter((k) => k.startsWith('utp.') || k.startsWith('portal.utp'));

  /** FindContent from `requester`, answered with connection id `cid`, and the transfer of `data` that follows. */
  function findContentOver(flow: TalkFlow, requester: 0 | 1, cid: number, data: Uint8Array, initiatorSeq: number) {
    const request = portal.encodeMessage({ message: 'FindContent', fields: { content_key: key } });
    const id = flow.request(requester, Uint8Array.of(0x50, 0x0b), request);
    const responder = requester === 0 ? 1 : 0;
    flow.response(responder, id, portal.encodeMessage({ message: 'Content', fields: { connection_id: cid } }));
    const packets = utpTransferPackets({ connectionId: cid, data, dataFrom: 'acceptor', initiatorSeq });
    for (const p of packets) flow.utp(p.from === 'initiator' ? requester : responder, p.payload);
  }

  it('starts a new connection when a closed one’s id comes back with a new ST_SYN, from either side', () => {
    const flow = new TalkFlow();
    findContentOver(flow, 0, 64, new Uint8Array(2500).fill(1), 10);
    findContentOver(flow, 1, 64, new Uint8Array(1500).fill(2), 20);
    flow.end();
    const utpRecords = flow.records().filter((r) => r.protocol === 'utp' && r.message !== 'TalkResponse');
    expect(utpRecords.flatMap(utpKinds)).toEqual([]);
    expect(flow.streamNotes).toEqual([]);
    const fins = utpRecords.filter((r) => r.message === 'ST_FIN').map(stream);
    expect(fins.map((s) => [s.sender, s.data_length])).toEqual([
      ['acceptor', 2500],
      ['acceptor', 1500],
    ]);
    expect(fins[0]!.announced_by).not.toEqual(fins[1]!.announced_by);
  });

  it('gives packets to the newer connection when it sends an id a closed one sent', () => {
    const flow = new TalkFlow();
    // The first: side 0 sends 101, side 1 sends 100. The second: side 0 sends 101 again, side 1 sends 102.
    findContentOver(flow, 0, 100, new Uint8Array(2500).fill(1), 10);
    findContentOver(flow, 1, 101, new Uint8Array(1500).fill(2), 20);
    flow.end();
    const utpRecords = flow.records().filter((r) => r.protocol === 'utp');
    expect(utpRecords.flatMap(utpKinds)).toEqual([]);
    expect(flow.streamNotes).toEqual([]);
    const fins = utpRecords.filter((r) => r.message === 'ST_FIN').map(stream);
    expect(fins.map((s) => [s.connection_id, s.data_length])).toEqual([
      [100, 2500],
      [101, 1500],
    ]);
  });

  it('still calls a SYN repeated while the connection is open a repeat', () => {
    const flow = new TalkFlow();
    flow.utp(0, packet('ST_SYN', { connection_id: 7, seq_nr: 1 }));
    flow.utp(1, packet('ST_STATE', { connection_id: 7, seq_nr: 50, ack_nr: 1 }));
    flow.utp(1, packet('ST_SYN', { connection_id: 7, seq_nr: 60 }));
    expect(utpKinds(flow.last())).toEqual(['utp.syn.repeated']);
  });

  it('lets a finished stream’s bytes go: data arriving after its FIN was acknowledged is not compared', () => {
    const flow = new TalkFlow();
    findContentOver(flow, 0, 64, new Uint8Array(2500).fill(1), 10);
    // The acceptor's first data packet again (libutp numbering: at the SYN-ACK's seq_nr).
    const synAck = flow.records().find((r) => r.message === 'ST_STATE')!;
    const first = synAck.fields.seq_nr as number;
    flow.utp(1, packet('ST_DATA', { connection_id: 64, seq_nr: first, payload: '0x01' }));
    expect(utpKinds(flow.last())).toEqual(['utp.data.after-close']);
  });

  it('forgets a closed connection a while after its last packet', () => {
    const flow = new TalkFlow();
    findContentOver(flow, 0, 64, new Uint8Array(100), 10);
    flow.wait(CLOSED_LINGER_SECONDS + 1);
    flow.utp(1, packet('ST_STATE', { connection_id: 64, seq_nr: 9, ack_nr: 9 }));
    expect(utpKinds(flow.last())).toEqual(['utp.stream.unannounced']);
  });

  it('forgets closed connections behind the most recent ones', () => {
    const flow = new TalkFlow();
    for (let i = 0; i <= CLOSED_KEPT; i++) findContentOver(flow, 0, 1000 + 10 * i, new Uint8Array(100), 10);
    flow.utp(1, packet('ST_STATE', { connection_id: 1000, seq_nr: 9, ack_nr: 9 }));
    expect(utpKinds(flow.last())).toEqual(['utp.stream.unannounced']);
    flow.utp(1, packet('ST_STATE', { connection_id: 1010, seq_nr: 9, ack_nr: 9 }));
    expect(utpKinds(flow.last())).toEqual([]);
  });
});
