/**
 * Every discv5 message from its plaintext (`message-type || RLP(message-data)`, built here with @ethereumjs/rlp):
 * decoded to the spec's field names, every byte explained, encoded back to the same bytes. Also packets given with
 * their header unmasked (a WHOAREYOU's challenge-data), and the checks on values.
 */
import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { createDiscv5Protocol, DISCV5_NOTES } from '../../decoders/discv5';
import { enrFromText } from '../../decoders/enr';
import { nodeAes } from '../../src-main/engine/node-aes';
import { coverageProblems } from '../support/field-coverage';
import { plaintext, signedEnr } from './support/packet-builder';
import { hex, packetVector, WIRE } from './support/wire-vectors';

const discv5 = createDiscv5Protocol({ aes: nodeAes });
const id = Uint8Array.of(0x00, 0x00, 0x00, 0x2a);
const text = (s: string) => new TextEncoder().encode(s);
const enrA: Input = RLP.decode(
  signedEnr(
    Uint8Array.from({ length: 32 }, (_, i) => i + 7),
    3n,
    { ip: Uint8Array.of(127, 0, 0, 1), udp: Uint8Array.of(0x23, 0x28) },
  ),
);
/** The EIP-778 example record, as RLP items (a record is a list inside the message's list). */
const enrB: Input = RLP.decode(enrFromText(WIRE.enr_example.text)!);

/** name, the message-data as RLP input, and the fields expected (without the packet). */
const MESSAGES: {
  message: string;
  type: number;
  data: Parameters<typeof plaintext>[1];
  fields: Record<string, unknown>;
}[] = [
  { message: 'PING', type: 1, data: [id, Uint8Array.of(5)], fields: { 'request-id': '0x0000002a', 'enr-seq': 5 } },
  {
    message: 'PONG',
    type: 2,
    data: [id, Uint8Array.of(5), Uint8Array.of(192, 168, 1, 20), Uint8Array.of(0x76, 0x5f)],
    fields: { 'request-id': '0x0000002a', 'enr-seq': 5, 'recipient-ip': '192.168.1.20', 'recipient-port': 30303 },
  },
  {
    message: 'PONG',
    type: 2,
    data: [id, new Uint8Array(0), hex('0x20010db8000000000000000000000001'), Uint8Array.of(9)],
    fields: { 'recipient-ip': '2001:db8::1', 'recipient-port': 9, 'enr-seq': 0 },
  },
  {
    message: 'FINDNODE',
    type: 3,
    data: [id, [Uint8Array.of(0x01, 0x00), Uint8Array.of(0xff), new Uint8Array(0)]],
    fields: { 'request-id': '0x0000002a', distances: [256, 255, 0] },
  },
  {
    message: 'NODES',
    type: 4,
    data: [id, Uint8Array.of(1), [enrA, enrB]],
    fields: {
      total: 1,
      enrs: [
        { seq: 3, pairs: { ip: '127.0.0.1', udp: 9000 }, 'signature-valid': true },
        { seq: 1, pairs: { udp: 30303 }, 'node-id': `0x${WIRE.enr_example.node_id}`, 'signature-valid': true },
      ],
    },
  },
  {
    message: 'TALKREQ',
    type: 5,
    data: [id, text('portal'), Uint8Array.of(0, 1, 2)],
    fields: { 'request-id': '0x0000002a', protocol: '0x706f7274616c', request: '0x000102' },
  },
  { message: 'TALKRESP', type: 6, data: [id, new Uint8Array(0)], fields: { response: '0x' } },
  {
    message: 'REGTOPIC_2020',
    type: 7,
    data: [id, text('eth'), enrB, new Uint8Array(0)],
    fields: { topic: '0x657468', enr: { seq: 1 }, ticket: '0x' },
  },
  {
    message: 'REGTOPIC_2026',
    type: 7,
    data: [id, new Uint8Array(32).fill(1), enrB, new Uint8Array(0), [Uint8Array.of(0xff)]],
    fields: { 'topic-distances': [255] },
  },
  {
    message: 'TICKET_2020',
    type: 8,
    data: [id, Uint8Array.of(9, 9), Uint8Array.of(60)],
    fields: { ticket: '0x0909', 'wait-time': 60 },
  },
  {
    message: 'REGCONFIRMATION_2026',
    type: 8,
    data: [id, Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(0x03, 0xe8)],
    fields: { total: 1, ticket: '0x', 'wait-time': 1000 },
  },
  { message: 'REGCONFIRMATION_2020', type: 9, data: [id, text('eth')], fields: { topic: '0x657468' } },
  { message: 'TOPICQUERY_2026', type: 9, data: [id, text('eth'), []], fields: { 'topic-distances': [] } },
  { message: 'TOPICQUERY_2020', type: 10, data: [id, text('eth')], fields: { topic: '0x657468' } },
  {
    message: 'TOPICNODES_2026',
    type: 10,
    data: [id, Uint8Array.of(2), [enrA]],
    fields: { total: 2, enrs: [{ seq: 3 }] },
  },
];

describe('discv5 messages from their plaintext', () => {
  for (const m of MESSAGES) {
    it(`${m.message}: ${JSON.stringify(m.fields).slice(0, 70)}`, () => {
      const bytes = plaintext(m.type, m.data);
      const decoded = discv5.decodeMessage(bytes);
      expect(decoded).toMatchObject({ protocol: 'discv5', message: m.message, code: m.type, requestId: '0x0000002a' });
      const fields = fieldsJson(decoded.tree);
      expect(fields).toMatchObject(m.fields);
      const notes = collectNotes(decoded.tree);
      // Topic messages say which draft they were read as; nothing else is noted.
      expect(notes.map((n) => n.kind)).toEqual(m.type >= 7 ? [DISCV5_NOTES.topicDraft] : []);
      expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
      expect(discv5.encodeMessage({ message: m.message, fields })).toEqual(bytes);
    });
  }

  it('keeps request ids as the bytes they are: leading zeros, empty, and longer than 8 with a warning', () => {
    const empty = discv5.decodeMessage(plaintext(1, [new Uint8Array(0), Uint8Array.of(1)]));
    expect(empty.requestId).toBe('0x');
    const long = discv5.decodeMessage(plaintext(1, [new Uint8Array(9).fill(1), Uint8Array.of(1)]));
    expect(long.requestId).toBe('0x010101010101010101');
    expect(collectNotes(long.tree)).toEqual([
      expect.objectContaining({ kind: DISCV5_NOTES.requestIdLength, field: 'request-id' }),
    ]);
  });

  it('warns about FINDNODE distances above 256', () => {
    const decoded = discv5.decodeMessage(plaintext(3, [id, [Uint8Array.of(0x01, 0x01)]]));
    expect(collectNotes(decoded.tree)).toEqual([
      expect.objectContaining({ kind: DISCV5_NOTES.distance, field: 'distances.0' }),
    ]);
  });

  it('reads undefined message types as UNKNOWN with their bytes, and writes them back with their code', () => {
    const bytes = Uint8Array.of(0x2b, 0xc1, 0x01);
    const decoded = discv5.decodeMessage(bytes);
    expect(decoded).toMatchObject({ message: 'UNKNOWN', code: 0x2b });
    expect(fieldsJson(decoded.tree)).toEqual({ data: '0xc101' });
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual([DISCV5_NOTES.messageType]);
    expect(discv5.encodeMessage({ message: 'UNKNOWN', code: 0x2b, fields: fieldsJson(decoded.tree) })).toEqual(bytes);
  });

  it('keeps what a broken message-data holds, with an error where it breaks', () => {
    const bytes = plaintext(2, [id, Uint8Array.of(5), Uint8Array.of(1, 2, 3), Uint8Array.of(1)]);
    const decoded = discv5.decodeMessage(bytes);
    expect(decoded.message).toBe('PONG');
    expect(fieldsJson(decoded.tree)).toMatchObject({ 'request-id': '0x0000002a', 'enr-seq': 5 });
    expect(collectNotes(decoded.tree).some((n) => n.severity === 'error' && n.field === 'recipient-ip')).toBe(true);
  });

  it('reads a topic message whose shape fits neither draft as the current draft, and says so', () => {
    const decoded = discv5.decodeMessage(plaintext(8, [id]));
    expect(decoded.message).toBe('REGCONFIRMATION_2026');
    expect(collectNotes(decoded.tree).find((n) => n.kind === DISCV5_NOTES.topicDraft)?.text).toContain('neither draft');
  });
});

describe('packets with their header unmasked', () => {
  it('decodes a WHOAREYOU’s challenge-data (the vector) and encodes it back', () => {
    const challenge = hex(packetVector('whoareyou_flag1').inputs['whoareyou.challenge-data']!);
    const decoded = discv5.decodeMessage(challenge);
    expect(decoded.message).toBe('WHOAREYOU');
    const fields = fieldsJson(decoded.tree);
    expect(fields).toEqual({
      packet: {
        'masking-iv': toHex(new Uint8Array(16)),
        'protocol-id': 'discv5',
        version: 1,
        flag: 1,
        nonce: '0x0102030405060708090a0b0c',
        authdata: { 'id-nonce': '0x0102030405060708090a0b0c0d0e0f10', 'enr-seq': 0 },
        message: '0x',
      },
    });
    expect(coverageProblems(decoded.tree, challenge.length)).toEqual([]);
    expect(discv5.encodeMessage({ message: 'WHOAREYOU', fields })).toEqual(challenge);
  });

  it('shows a composer’s flag by name and writes the authdata of that flag', () => {
    const json = {
      message: 'ENCRYPTED',
      fields: {
        packet: {
          'masking-iv': toHex(new Uint8Array(16)),
          'protocol-id': 'discv5',
          version: 1,
          flag: 'ordinary message',
          nonce: toHex(new Uint8Array(12)),
          authdata: { 'src-id': toHex(new Uint8Array(32).fill(0xaa)) },
          message: '0x' + '00'.repeat(24),
        },
      },
    };
    const bytes = discv5.encodeMessage(json);
    expect(bytes).toHaveLength(16 + 23 + 32 + 24);
    const decoded = discv5.decodeMessage(bytes);
    expect(decoded.message).toBe('ENCRYPTED');
    const packet = fieldsJson(decoded.tree).packet;
    expect(packet).toMatchObject({ flag: 0, authdata: json.fields.packet.authdata });
    // authdata-size is recomputed, an encoding detail like every length.
    expect(packet).not.toHaveProperty('authdata-size');
  });
});
