import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { fieldsJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { portal, portalTalkPayload, utpTalkPayload, utpTransferPackets, lengthPrefixed } from '../../decoders/portal';
import { readLeb128, writeLeb128 } from '../../decoders/portal/leb128';
import { utp } from '../../decoders/utp';
import { currentSet, wireVectors } from './support/vectors';

const HASH = `0x${'d1'.repeat(32)}`;
const enrText = currentSet.vectors.find((v) => v.name === 'Nodes Response - Multiple enrs')!;

/** The least a user types for each message, and what the decoder must read back. */
const MINIMAL: [string, JsonObject, JsonObject][] = [
  ['Ping', { enr_seq: 5, payload: { data_radius: '7' } }, { enr_seq: 5, payload_type: 1, payload: { data_radius: 7 } }],
  ['Pong', { enr_seq: 5, custom_payload: { data_radius: '7' } }, { enr_seq: 5, custom_payload: { data_radius: 7 } }],
  ['FindNodes', { distances: [256, 255, 0] }, { distances: [256, 255, 0] }],
  ['Nodes', { enrs: [] }, { total: 1, enrs: [] }],
  [
    'FindContent',
    { content_key: { selector: 0, block_hash: HASH } },
    { content_key: { selector: 0, block_hash: HASH } },
  ],
  ['Content', { connection_id: 513 }, { connection_id: '0x0201' }],
  ['Content', { content: '0x00' }, { content: '0x00' }],
  ['Offer', { content_keys: [`0x01${'d1'.repeat(32)}`] }, { content_keys: [{ selector: 1, block_hash: HASH }] }],
  ['Accept', { connection_id: 1, content_keys: [0] }, { connection_id: '0x0001', content_keys: [0] }],
];

describe('composing Portal messages', () => {
  it.each(MINIMAL)('%s from a minimal JSON', (message, fields, expected) => {
    const bytes = portal.encodeMessage({ message, fields });
    const decoded = portal.decodeMessage(bytes);
    expect(decoded.message).toBe(message);
    expect(fieldsJson(decoded.tree)).toMatchObject(expected);
  });

  it('takes ENRs decoded (as the decoder shows them) or as hex, and writes the same record', () => {
    const decoded = portal.decodeMessage(fromHex(enrText.expected));
    const enrs = fieldsJson(decoded.tree).enrs as JsonObject[];
    expect(toHex(portal.encodeMessage({ message: 'Nodes', fields: { total: 1, enrs } }))).toBe(enrText.expected);
    const { enr1, enr2 } = wireVectors.enr_rlp_decoded_locally;
    const hex = [`0x${enr1}`, `0x${enr2}`];
    expect(toHex(portal.encodeMessage({ message: 'Nodes', fields: { total: 1, enrs: hex } }))).toBe(enrText.expected);
  });

  it('writes the seed numbering when asked for it', () => {
    const bytes = portal.encodeMessage({
      message: 'FindContent',
      fields: { protocol_version: 'seed', content_key: '0x706f7274616c' },
    });
    expect(toHex(bytes)).toBe('0x0504000000706f7274616c');
  });

  it('names the field that is missing or wrong', () => {
    expect(() => portal.encodeMessage({ message: 'FindNodes', fields: {} })).toThrow(/distances: missing/);
    expect(() => portal.encodeMessage({ message: 'FindNodes', fields: { distances: [70000] } })).toThrow(/distances.0/);
    expect(() => portal.encodeMessage({ message: 'Content', fields: {} })).toThrow(
      /one of connection_id, content, enrs/,
    );
    expect(() =>
      portal.encodeMessage({ message: 'Accept', fields: { connection_id: '0x01', content_keys: [] } }),
    ).toThrow(/connection_id: expected 2 bytes/);
    expect(() => portal.encodeMessage({ message: 'Hello', fields: {} })).toThrow(/unknown Portal message/);
    expect(() =>
      portal.encodeMessage({
        message: 'Ping',
        fields: { enr_seq: 1, payload_type: 1, payload: '0x', protocol_version: 'v9' },
      }),
    ).toThrow(/protocol_version/);
  });
});

describe('TALKREQ/TALKRESP payloads for senders and samples', () => {
  it('puts requests in TALKREQ and responses in TALKRESP, with the network’s protocol bytes', () => {
    const findNodes = portalTalkPayload({ message: 'FindNodes', fields: { distances: [1] }, network: 'state' });
    expect([findNodes.kind, toHex(findNodes.protocolId), toHex(findNodes.payload)]).toEqual([
      'request',
      '0x500a',
      '0x02040000000100',
    ]);
    const nodes = portalTalkPayload({ message: 'Nodes', fields: { enrs: [] } });
    expect([nodes.kind, toHex(nodes.protocolId)]).toEqual(['response', '0x500b']);
    expect(
      toHex(
        portalTalkPayload({
          message: 'Ping',
          fields: { enr_seq: 1, payload: { data_radius: '1' } },
          network: 'history',
        }).protocolId,
      ),
    ).toBe('0x5000');
    expect(toHex(portalTalkPayload({ message: 'EmptyResponse', fields: {}, network: '0x504c' }).protocolId)).toBe(
      '0x504c',
    );
    expect(() => portalTalkPayload({ message: 'Ping', fields: {}, network: 'nowhere' })).toThrow(
      /not a Portal network/,
    );
  });

  it('builds uTP packets as TALKREQs with protocol `utp`', () => {
    const syn = utpTalkPayload({
      message: 'ST_SYN',
      fields: { connection_id: 10049, seq_nr: 11884, wnd_size: 1048576, timestamp_microseconds: 3384187322 },
    });
    expect([syn.kind, new TextDecoder().decode(syn.protocolId), toHex(syn.payload)]).toEqual([
      'request',
      'utp',
      '0x41002741c9b699ba00000000001000002e6c0000',
    ]);
  });

  it('builds a whole transfer: SYN, SYN-ACK, data with its acks, FIN and its ack, the ids as BEP29 numbers them', () => {
    const packets = utpTransferPackets({ connectionId: 65535, data: new Uint8Array(2500), dataFrom: 'initiator' });
    const read = packets.map((p) => ({ from: p.from, fields: fieldsJson(utp.decodeMessage(p.payload).tree) }));
    expect(read.map((p) => [p.from, p.fields.type, p.fields.connection_id])).toEqual([
      ['initiator', 4, 65535],
      ['acceptor', 2, 65535],
      ['initiator', 0, 0],
      ['acceptor', 2, 65535],
      ['initiator', 0, 0],
      ['acceptor', 2, 65535],
      ['initiator', 0, 0],
      ['acceptor', 2, 65535],
      ['initiator', 1, 0],
      ['acceptor', 2, 65535],
    ]);
    expect(read.filter((p) => p.fields.type === 0).map((p) => p.fields.seq_nr)).toEqual([2, 3, 4]);
  });

  it('frames an item with its LEB128 length (portal-wire-protocol.md), and reads it back', () => {
    expect(toHex(writeLeb128(0))).toBe('0x00');
    expect(toHex(writeLeb128(300))).toBe('0xac02');
    expect(toHex(writeLeb128(0xffffffff))).toBe('0xffffffff0f');
    expect(readLeb128(fromHex('0xac02'), 0)).toEqual({ kind: 'value', value: 300, length: 2 });
    expect(readLeb128(fromHex('0xac'), 0)).toEqual({ kind: 'incomplete' });
    expect(readLeb128(fromHex('0xffffffff1f'), 0)).toEqual({ kind: 'invalid' });
    expect(readLeb128(fromHex('0x808080808000'), 0)).toEqual({ kind: 'invalid' });
    expect(toHex(lengthPrefixed(Uint8Array.of(9, 9)))).toBe('0x020909');
  });
});
