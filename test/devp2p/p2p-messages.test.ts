import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { EncodeError, type JsonObject } from '../../decoders/core/json';
import { DISCONNECT_REASONS } from '../../decoders/devp2p/p2p-declaration';
import { decodeP2pMessage, encodeP2pMessage } from '../../decoders/devp2p/p2p-messages';
import { decodeCommand, encodeCommand } from '../../src-main/cli/codec-commands';
import { defaultRegistry } from '../../src-main/engine/protocols';

const decode = (hex: string) => {
  const m = decodeP2pMessage(fromHex(hex));
  return { message: m.message, code: m.code, fields: fieldsJson(m.tree), notes: collectNotes(m.tree) };
};
const roundTrip = (json: JsonObject) => toHex(encodeP2pMessage(json));

const helloFields = fc.record(
  {
    protocolVersion: fc.integer({ min: 0, max: 0xffffffff }),
    clientId: fc.string({ maxLength: 40 }),
    capabilities: fc.array(
      fc.record({ name: fc.stringMatching(/^[a-z]{1,8}$/), version: fc.integer({ min: 0, max: 1000 }) }),
      { maxLength: 4 },
    ),
    listenPort: fc.integer({ min: 0, max: 65535 }),
    nodeId: fc.uint8Array({ minLength: 64, maxLength: 64 }).map(toHex),
    extra: fc.array(fc.uint8Array({ maxLength: 4 }).map(toHex), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['protocolVersion', 'clientId', 'capabilities', 'listenPort', 'nodeId'] },
);

describe('p2p messages as they stand in a decrypted frame: rlp(msg-id) ‖ msg-data', () => {
  it('round-trips any Hello through encodeMessage and decodeMessage, byte for byte', () => {
    fc.assert(
      fc.property(helloFields, (fields) => {
        const bytes = encodeP2pMessage({ message: 'Hello', fields });
        expect(bytes[0]).toBe(0x80);
        const decoded = decodeP2pMessage(bytes);
        expect(decoded.message).toBe('Hello');
        expect(collectNotes(decoded.tree)).toEqual([]);
        expect(fieldsJson(decoded.tree)).toEqual(fields);
        expect(toHex(encodeP2pMessage({ message: 'Hello', fields: fieldsJson(decoded.tree) }))).toBe(toHex(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('reads Disconnect reasons as numbers shown by name, and encodes them from either', () => {
    for (const [code, name] of Object.entries(DISCONNECT_REASONS)) {
      const hex = roundTrip({ message: 'Disconnect', fields: { reason: name } });
      expect(hex).toBe(roundTrip({ message: 'Disconnect', fields: { reason: Number(code) } }));
      const m = decodeP2pMessage(fromHex(hex));
      expect(fieldsJson(m.tree)).toEqual({ reason: Number(code) });
      expect(m.tree.children!.find((c) => c.name === 'reason')!.display).toBe(
        `${name} (0x${Number(code).toString(16).padStart(2, '0')})`,
      );
    }
    expect(roundTrip({ message: 'Disconnect', fields: { reason: 4 } })).toBe('0x01c104');
    expect(roundTrip({ message: 'Disconnect', fields: { reason: 0 } })).toBe('0x01c180');
  });

  it('keeps the bare Disconnect form and flags reasons outside the table', () => {
    expect(decode('0108')).toMatchObject({
      fields: { reason: 8, form: 'bare' },
      notes: [{ kind: 'p2p.disconnect.bare' }],
    });
    expect(roundTrip({ message: 'Disconnect', fields: { reason: 8, form: 'bare' } })).toBe('0x0108');
    expect(decode('01c120')).toMatchObject({
      fields: { reason: 32 },
      notes: [{ kind: 'p2p.disconnect.reason', field: 'reason' }],
    });
    expect(decode('01c0')).toMatchObject({ fields: {}, notes: [{ kind: 'p2p.disconnect.reason' }] });
  });

  it('decodes Ping and Pong as empty lists, keeping extra elements', () => {
    expect(decode('02c0')).toEqual({ message: 'Ping', code: 2, fields: {}, notes: [] });
    expect(decode('03c0')).toEqual({ message: 'Pong', code: 3, fields: {}, notes: [] });
    expect(decode('02c101')).toMatchObject({ message: 'Ping', fields: { extra: ['0x01'] } });
    expect(roundTrip({ message: 'Ping', fields: { extra: ['0x01'] } })).toBe('0x02c101');
  });

  it('shows reserved ids and capability ids as Raw, which re-encode from their code', () => {
    expect(decode('05c0')).toMatchObject({
      message: 'Raw',
      code: 5,
      fields: { data: '0xc0' },
      notes: [{ kind: 'p2p.reserved' }],
    });
    expect(decode('8180c3010203')).toMatchObject({
      message: 'Raw',
      code: 0x80,
      fields: { data: '0xc3010203' },
      notes: [],
    });
    expect(roundTrip({ message: 'Raw', code: 0x80, fields: { data: '0xc3010203' } })).toBe('0x8180c3010203');
    expect(() => encodeP2pMessage({ message: 'Raw', fields: { data: '0x' } })).toThrow(EncodeError);
  });

  it('reports a malformed message at the byte where it broke, keeping what was read', () => {
    const truncatedHello = decode('80f84f05');
    expect(truncatedHello.message).toBe('Hello');
    expect(truncatedHello.notes[0]).toMatchObject({ severity: 'error', kind: 'decode.truncated' });
    const badId = decode('00c0');
    expect(badId).toMatchObject({ message: 'Raw', code: null, fields: { data: '0x00c0' } });
    expect(badId.notes[0]!.kind).toBe('rlpx.frame.message-id');
    expect(decode('02c0ff').notes.map((n) => n.kind)).toEqual(['decode.trailing']);
  });

  it('is what `peerscope decode p2p` and `encode p2p` print, through the registered protocol', () => {
    const p2p = defaultRegistry().get('p2p')!;
    const line = JSON.parse(decodeCommand(p2p, '01c104'));
    expect(line).toEqual({
      protocol: 'p2p',
      message: 'Disconnect',
      code: 1,
      requestId: null,
      fields: { reason: 4 },
      notes: [],
    });
    expect(encodeCommand(p2p, JSON.stringify(line), false)).toBe('0x01c104');
    expect(encodeCommand(p2p, '{"message":"Disconnect","fields":{"reason":"too many peers"}}', false)).toBe('0x01c104');
  });

  it('declares one JSON Schema entry per message, with the handshake packets and Encrypted among them', () => {
    const schema = defaultRegistry().declaration('p2p')!.schema() as { oneOf: { title: string }[] };
    expect(schema.oneOf.map((s) => s.title)).toEqual([
      'Auth',
      'Ack',
      'Hello',
      'Disconnect',
      'Ping',
      'Pong',
      'Raw',
      'Encrypted',
    ]);
  });
});
