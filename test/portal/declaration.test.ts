import { describe, expect, it } from 'vitest';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { fieldJson } from '../../decoders/core/field';
import { portal, portalNetworkIds } from '../../decoders/portal';
import { utp } from '../../decoders/utp';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { decodeCommand } from '../../src-main/cli/codec-commands';
import { currentSet } from './support/vectors';

const id = (hex: string) => fromHex(hex);

describe('the Portal and uTP declarations', () => {
  it('declares the eight messages by current selector, each request answered by its response', () => {
    const table = portal.declaration.messages.map((m) => [m.name, m.code, m.space ?? null, m.answeredBy ?? []]);
    expect(table).toEqual([
      ['Ping', 0, null, ['Pong', 'EmptyResponse', 'UnknownResponse']],
      ['Pong', 1, null, []],
      ['FindNodes', 2, null, ['Nodes', 'EmptyResponse', 'UnknownResponse']],
      ['Nodes', 3, null, []],
      ['FindContent', 4, null, ['Content', 'EmptyResponse', 'UnknownResponse']],
      ['Content', 5, null, []],
      ['Offer', 6, null, ['Accept', 'EmptyResponse', 'UnknownResponse']],
      ['Accept', 7, null, []],
      ['EmptyResponse', null, null, []],
      ['UnknownRequest', null, null, ['Pong', 'Nodes', 'Content', 'Accept', 'EmptyResponse', 'UnknownResponse']],
      ['UnknownResponse', null, null, []],
    ]);
    // Every part of a multi-message answer is a Nodes: one response type per request.
    expect(portal.declaration.message('NodesContinued')).toBeUndefined();
    for (const m of portal.declaration.messages) expect(m.spec, m.name).toMatch(/^portal-wire-protocol\.md/);
  });

  it('declares the uTP packet types by BEP29 type, none of them paired', () => {
    expect(utp.declaration.messages.map((m) => [m.name, m.code])).toEqual([
      ['ST_DATA', 0],
      ['ST_FIN', 1],
      ['ST_STATE', 2],
      ['ST_RESET', 3],
      ['ST_SYN', 4],
      ['UNKNOWN', null],
      ['TalkResponse', null],
    ]);
    expect(new Set(utp.declaration.messages.map((m) => utp.declaration.roleOf(m.name)))).toEqual(new Set(['none']));
  });

  it('handles every Portal protocol id of every era and chain, and `utp` for uTP', () => {
    const ids = portalNetworkIds().map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([0x5000, 0x5009, 0x500a, 0x500b, 0x500c, 0x500d, 0x500e, 0x500f, 0x501a]),
    );
    expect(ids).toEqual(expect.arrayContaining([0x504b, 0x5040, 0x505b, 0x5050]));
    for (const n of ids) expect(portal.handles(Uint8Array.of(n >> 8, n & 0xff)), n.toString(16)).toBe(true);
    expect(portal.handles(id('0x5005'))).toBe(false);
    expect(portal.handles(id('0x757470'))).toBe(false);
    expect(utp.handles(id('0x757470'))).toBe(true);
    expect(utp.handles(id('0x500b'))).toBe(false);
  });

  it('describes each message’s fields for the composer, the generated ones marked', () => {
    const schema = portal.declaration.schema() as {
      oneOf: { title: string; properties: { fields: { properties: object } } }[];
    };
    const accept = schema.oneOf.find((s) => s.title === 'Accept')!.properties.fields.properties;
    expect(Object.keys(accept)).toEqual(['protocol_version', 'network', 'connection_id', 'content_keys', 'utp_stream']);
    const utpSchema = utp.declaration.schema() as { oneOf: { title: string }[] };
    expect(utpSchema.oneOf.map((s) => s.title)).toEqual(utp.declaration.messages.map((m) => m.name));
  });

  it('lets each message codec decode its own message and encode it back, and refuse another', () => {
    const ping = currentSet.vectors[0]!;
    const codec = portal.declaration.message('Ping')!.body;
    const { field, complete } = decodeAll(codec, fromHex(ping.expected), 'Ping');
    expect(complete).toBe(true);
    expect(toHex(encodeValue(codec, fieldJson(field)))).toBe(ping.expected);
    expect(decodeAll(portal.declaration.message('Pong')!.body, fromHex(ping.expected), 'Pong').complete).toBe(false);
    const syn = '0x41002741c9b699ba00000000001000002e6c0000';
    const synCodec = utp.declaration.message('ST_SYN')!.body;
    expect(toHex(encodeValue(synCodec, fieldJson(decodeAll(synCodec, fromHex(syn), 'ST_SYN').field)))).toBe(syn);
  });

  it('is registered, so `peerscope decode portal HEX` prints one message as inspect --json does', () => {
    const registry = defaultRegistry();
    expect(registry.get('portal')?.transport).toBe('carried');
    const line = JSON.parse(decodeCommand(registry.get('portal')!, '0x02040000000001ff00'));
    expect(line).toMatchObject({
      protocol: 'portal',
      message: 'FindNodes',
      code: 2,
      fields: { distances: [256, 255] },
    });
    const packet = JSON.parse(decodeCommand(registry.get('utp')!, '0x41002741c9b699ba00000000001000002e6c0000'));
    expect(packet).toMatchObject({
      protocol: 'utp',
      message: 'ST_SYN',
      fields: { connection_id: 10049, seq_nr: 11884 },
    });
  });
});
