import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldByPath, fieldsJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { utp } from '../../decoders/utp';
import { selectivelyAcked } from '../../decoders/utp/packet-format';
import { coverageProblems } from '../support/field-coverage';
import { utpVectors } from '../portal/support/vectors';

describe('portal-utp.json', () => {
  it.each(utpVectors.map((v) => [v.name, v] as const))(
    '%s: decodes to the vector’s header, every byte explained',
    (_, v) => {
      const bytes = fromHex(v.expected);
      const decoded = utp.decodeMessage(bytes);
      const fields = fieldsJson(decoded.tree);
      expect(decoded.code).toBe(v.header.type);
      const { timestamp_microseconds, timestamp_difference_microseconds, ...rest } = v.header;
      expect(fields).toMatchObject({ ...rest, timestamp_microseconds, timestamp_difference_microseconds });
      expect(fields.payload).toBe(toHex(Uint8Array.from(v.payload)));
      if (v.selective_ack) {
        expect((fields.extensions as JsonObject[])[0]).toMatchObject({
          type: 1,
          bitmask: toHex(Uint8Array.from(v.selective_ack)),
        });
      }
      expect(collectNotes(decoded.tree)).toEqual([]);
      expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
    },
  );

  it.each(utpVectors.map((v) => [v.name, v] as const))('%s: encodes back from its JSON', (_, v) => {
    const decoded = utp.decodeMessage(fromHex(v.expected));
    expect(toHex(utp.encodeMessage({ message: decoded.message, fields: fieldsJson(decoded.tree) }))).toBe(v.expected);
  });

  it('encodes from the vector’s inputs alone (the composer’s minimal JSON)', () => {
    for (const v of utpVectors) {
      const fields: JsonObject = { ...v.header, payload: toHex(Uint8Array.from(v.payload)) };
      if (v.selective_ack) fields.extensions = [{ bitmask: toHex(Uint8Array.from(v.selective_ack)) }];
      delete fields.extension;
      expect(toHex(utp.encodeMessage({ message: 'ST_DATA', fields })), v.name).toBe(v.expected);
    }
  });
});

describe('uTP packet fields', () => {
  it('shows the selective acks a bitmask stands for: bit i acks ack_nr + 2 + i (bits 0 and 31 set)', () => {
    expect(selectivelyAcked(11885, Uint8Array.of(1, 0, 0, 128))).toEqual([11887, 11918]);
    const sack = utpVectors.find((v) => v.selective_ack)!;
    const tree = utp.decodeMessage(fromHex(sack.expected)).tree;
    expect(fieldByPath(tree, 'extensions.0.bitmask')?.display).toBe('acks 2 packets: 11887, 11918');
  });

  it('owns the first byte by `type`, and shows `version` beside it without a range of its own', () => {
    const tree = utp.decodeMessage(fromHex(utpVectors[0]!.expected)).tree;
    expect(fieldByPath(tree, 'type')).toMatchObject({ value: 4, start: 0, end: 1, display: 'ST_SYN (4)' });
    expect(fieldByPath(tree, 'version')).toMatchObject({ value: 1 });
    expect(fieldByPath(tree, 'version')?.start).toBeUndefined();
  });

  it('flags a version other than 1, an undefined type, and a payload on a packet that carries none', () => {
    const notes = (hex: string) => collectNotes(utp.decodeMessage(fromHex(hex)).tree).map((n) => n.kind);
    expect(notes('0x42002741c9b699ba00000000001000002e6c0000')).toEqual(['utp.version']);
    const unknown = utp.decodeMessage(fromHex('0x71002741c9b699ba00000000001000002e6c0000'));
    expect(unknown.message).toBe('UNKNOWN');
    expect(collectNotes(unknown.tree).map((n) => n.kind)).toEqual(['utp.type']);
    expect(notes('0x21002741005e885e36a7e8830010000041a72e6dff')).toEqual(['utp.payload.unexpected']);
  });

  it('flags a selective-ack bitmask that is not a multiple of 4 bytes, and keeps unknown extensions as bytes', () => {
    const header = '21012741005e885e36a7e8830010000041a72e6d';
    const odd = utp.decodeMessage(fromHex(`0x${header}0003010000`));
    expect(collectNotes(odd.tree).map((n) => n.kind)).toEqual(['utp.sack.length']);
    const chain = utp.decodeMessage(fromHex(`0x${header}09040100008000020102`));
    expect(fieldsJson(chain.tree).extensions).toEqual([
      { type: 1, next_extension: 9, bitmask: '0x01000080' },
      { type: 9, next_extension: 0, data: '0x0102' },
    ]);
    expect(collectNotes(chain.tree).map((n) => n.kind)).toEqual(['utp.extension.unknown']);
  });

  it('keeps what a cut packet had and says where it ends', () => {
    const cut = utp.decodeMessage(fromHex('0x41002741c9b6'));
    expect(fieldsJson(cut.tree)).toMatchObject({ type: 4, extension: 0, connection_id: 10049 });
    expect(collectNotes(cut.tree).map((n) => [n.kind, n.field])).toEqual([['utp.truncated', 'timestamp_microseconds']]);
    const cutExtension = utp.decodeMessage(fromHex('0x21012741005e885e36a7e8830010000041a72e6d000401'));
    expect(collectNotes(cutExtension.tree).map((n) => n.kind)).toEqual(['utp.truncated']);
    expect(collectNotes(utp.decodeMessage(new Uint8Array(0)).tree).map((n) => n.kind)).toEqual(['utp.truncated']);
  });

  it('refuses to encode a value that does not fit its field, naming the field', () => {
    expect(() => utp.encodeMessage({ message: 'ST_DATA', fields: { seq_nr: 70000 } })).toThrow(
      /seq_nr: 70000 is out of range/,
    );
    expect(() => utp.encodeMessage({ message: 'NOPE', fields: {} })).toThrow(/type/);
    expect(() => utp.encodeMessage({ message: 'ST_DATA', fields: { extensions: [{ data: '0x00' }] } })).toThrow(
      /extension type/,
    );
  });

  it('keeps a given extension length with keepLengths, for deliberately broken packets', () => {
    const fields = { connection_id: 1, extensions: [{ type: 1, len: 9, bitmask: '0x01000000' }] };
    const kept = utp.encodeMessage({ message: 'ST_STATE', fields }, { keepLengths: true });
    expect(kept[21]).toBe(9);
    expect(utp.encodeMessage({ message: 'ST_STATE', fields })[21]).toBe(4);
  });
});
