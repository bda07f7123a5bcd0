import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldByPath, fieldsJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { portal } from '../../decoders/portal';
import { decodePortalMessage } from '../../decoders/portal/message-decoder';
import { NestedExtension, RadiusPayload } from '../../decoders/portal/ping-payloads';
import { PingCustomPayload } from '../../decoders/portal/wire-types';
import { coverageProblems } from '../support/field-coverage';

const MAX_MINUS_ONE = (2n ** 256n - 2n).toString();

/** A 2024-12 Ping: `custom_payload` holds the nested `Container(type, payload)` (ping-payload-extensions, #348). */
function nestedPing(type: number, payload: Uint8Array): Uint8Array {
  const custom = NestedExtension.serialize({ type, payload });
  return Uint8Array.from([0x00, ...PingCustomPayload.serialize({ enr_seq: 7n, custom_payload: custom })]);
}

describe('ping payloads', () => {
  it('reads the short-lived nested form of 2024-12 down to the extension payload', () => {
    const bytes = nestedPing(1, RadiusPayload.serialize({ data_radius: 2n ** 256n - 2n }));
    const { decoded, version } = decodePortalMessage(bytes);
    expect(fieldsJson(decoded.tree).custom_payload).toEqual({ type: 1, payload: { data_radius: MAX_MINUS_ONE } });
    expect(version).toMatchObject({ version: 'v0', source: 'message' });
    expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
    expect(toHex(portal.encodeMessage({ message: 'Ping', fields: fieldsJson(decoded.tree) }))).toBe(toHex(bytes));
  });

  it('shows text members as text and the error code by name', () => {
    const pong = fromHex('0x010100000000000000ffff0e00000002000600000068656c6c6f20776f726c64');
    const tree = portal.decodeMessage(pong).tree;
    expect(fieldByPath(tree, 'payload.message')?.display).toBe('"hello world"');
    expect(fieldByPath(tree, 'payload.error_code')?.display).toBe('failed to decode payload (2)');
    expect(fieldByPath(tree, 'payload_type')?.display).toBe('error (65535)');
  });

  it('warns when a Ping carries the error type, which is for Pong only', () => {
    const ping = portal.encodeMessage({
      message: 'Ping',
      fields: { enr_seq: 1, payload_type: 65535, payload: { error_code: 0, message: 'no' } },
    });
    const notes = collectNotes(portal.decodeMessage(ping).tree);
    expect(notes.map((n) => [n.kind, n.field])).toEqual([['portal.ping.error-type', 'payload']]);
  });

  it('keeps an unknown payload type as bytes, with an info note', () => {
    const ping = portal.encodeMessage({
      message: 'Ping',
      fields: { enr_seq: 1, payload_type: 20000, payload: '0xbeef' },
    });
    const decoded = portal.decodeMessage(ping);
    expect(fieldsJson(decoded.tree).payload).toBe('0xbeef');
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['portal.ping.type']);
  });

  it('reports a payload that is not its type, at the byte where it broke', () => {
    const ping = portal.encodeMessage({ message: 'Ping', fields: { enr_seq: 1, payload_type: 1, payload: '0x0102' } });
    const notes = collectNotes(portal.decodeMessage(ping).tree);
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'portal.ping.payload', severity: 'error', field: 'payload' }),
    ]);
    expect(notes[0]!.text).toMatch(/at byte 15/);
  });

  it('composes from a minimal JSON: the type from the payload’s members, client info as text', () => {
    const fields: JsonObject = {
      enr_seq: 1,
      payload: {
        client_info: 'trin/v0.1.1-b61fdc5c/linux-x86_64/rustc1.81.0',
        data_radius: MAX_MINUS_ONE,
        capabilities: [0, 1, 65535],
      },
    };
    expect(toHex(portal.encodeMessage({ message: 'Ping', fields }))).toBe(
      '0x00010000000000000000000e00000028000000feffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff550000007472696e2f76302e312e312d62363166646335632f6c696e75782d7838365f36342f7275737463312e38312e3000000100ffff',
    );
    expect(() => portal.encodeMessage({ message: 'Ping', fields: { enr_seq: 1, payload: '0x00' } })).toThrow(
      /payload_type/,
    );
    expect(() => portal.encodeMessage({ message: 'Ping', fields: { payload_type: 1 } })).toThrow(/enr_seq: missing/);
  });

  it('shows a custom_payload of another size as bytes (no network defined one)', () => {
    const ping = portal.encodeMessage({ message: 'Ping', fields: { enr_seq: 1, custom_payload: '0x0102030405' } });
    const decoded = portal.decodeMessage(ping);
    expect(fieldsJson(decoded.tree).custom_payload).toBe('0x0102030405');
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['portal.ping.type']);
  });
});
