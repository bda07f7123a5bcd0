import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../decoders/core/bytes';
import { collectNotes, fieldByPath, fieldsJson } from '../../decoders/core/field';
import { eth2rpc } from '../../decoders/eth2rpc';
import { decodeEth2RpcMessage } from '../../decoders/eth2rpc/message-decoder';
import { METHODS } from '../../decoders/eth2rpc/methods';
import { helloBody, request } from './support/conversation';
import { ETH, frameEnvelope, frameFixed, frameSsz, u16le, u32le, u64 } from './support/wire-layouts';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('eth2rpc detection', () => {
  it.each([
    ['the ssz layout', frameSsz(1n, 0, new Uint8Array(4))],
    ['the April-2019 layout with a known method', frameFixed(1n, 10, new Uint8Array(16))],
    ['the messaging.md envelope', frameEnvelope(1n, 0, new Uint8Array(4))],
  ])('says yes to %s', (_, bytes) => {
    expect(eth2rpc.detect(bytes)).toBe('yes');
  });

  it.each([
    ['an empty direction', new Uint8Array()],
    ['a partial prefix', ascii('ET')],
    ['a header cut short', frameSsz(1n, 0, new Uint8Array()).subarray(0, 16)],
    ['an envelope whose wrapper is not in yet', frameEnvelope(1n, 0, new Uint8Array()).subarray(0, 20)],
  ])('needs more of %s', (_, bytes) => {
    expect(eth2rpc.detect(bytes)).toBe('need-more');
  });

  it.each([
    ['HTTP', ascii('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['an ETH prefix with no layout behind it', concatBytes([ETH, u64(2n), u16le(999), u32le(0xffffffff)])],
    ['a TLS client hello', new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])],
  ])('says no to %s', (_, bytes) => {
    expect(eth2rpc.detect(bytes)).toBe('no');
  });
});

describe('eth2rpc message layout in the tree', () => {
  it('gives every header field its bytes and marks the reading as generated', () => {
    const message = eth2rpc.decodeMessage(request('beacon_block_roots', 5, { start_slot: 1n, count: 2n }));
    const ranges = [
      'prefix',
      'id',
      'method_id',
      'offset',
      'body',
      'body.union_index',
      'body.start_slot',
      'body.count',
    ].map((path) => {
      const f = fieldByPath(message.tree, path)!;
      return [path, f.start, f.end, f.encoding === true];
    });
    expect(ranges).toEqual([
      ['prefix', 0, 3, true],
      ['id', 3, 11, false],
      ['method_id', 11, 13, false],
      ['offset', 13, 17, true],
      ['body', 17, 37, false],
      ['body.union_index', 17, 21, true],
      ['body.start_slot', 21, 29, false],
      ['body.count', 29, 37, false],
    ]);
    expect(fieldByPath(message.tree, 'framing')).toMatchObject({ generated: true, value: 'ssz' });
    expect(fieldByPath(message.tree, 'body_union')).toMatchObject({ generated: true, value: 'position' });
    expect(fieldByPath(message.tree, 'method_id')!.display).toBe('beacon_block_roots (10)');
  });

  it('shows the envelope nibbles and the byte order its length was read in', () => {
    const message = eth2rpc.decodeMessage(
      frameEnvelope(1n, 1, new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]), 0x10, 'be'),
    );
    expect(fieldsJson(message.tree)).toMatchObject({
      framing: 'envelope',
      envelope: { nibbles: 16, length_order: 'be' },
    });
    expect(fieldByPath(message.tree, 'envelope.nibbles')!.display).toBe(
      'encoding 0x1 SSZ (high nibble) · compression 0x0 none (low nibble)',
    );
  });

  it('reads bytes without the ETH prefix as malformed, with an error', () => {
    const message = eth2rpc.decodeMessage(ascii('hello there'));
    expect([message.message, message.requestId]).toEqual(['malformed', null]);
    expect(collectNotes(message.tree).map((n) => n.kind)).toEqual(['eth2rpc.malformed']);
  });
});

describe('eth2rpc readings chosen by consistency', () => {
  it('reads a union index equal to the method id where it differs from the position', () => {
    for (const method of METHODS.filter((m) => m.id !== m.position && m.request.fixedSize !== null)) {
      const body = new Uint8Array(method.request.fixedSize!);
      const message = eth2rpc.decodeMessage(frameSsz(3n, method.id, concatBytes([u32le(method.id), body])));
      expect([message.message, fieldsJson(message.tree).body_union]).toEqual([method.name, 'method_id']);
    }
  });

  it('names the request reading as an alternative when a bare hello is read without context as a hello reply', () => {
    const message = eth2rpc.decodeMessage(request('hello', 1, helloBody(), 'none'));
    expect(message.message).toBe('hello_response');
    const note = collectNotes(message.tree).find((n) => n.kind === 'eth2rpc.reading.ambiguous')!;
    expect(note.text).toContain('also consistent as hello request (ETH ‖ SSZ, no union index)');
    const inStream = decodeEth2RpcMessage(request('hello', 1, helloBody(), 'none'), {
      context: { kind: 'not-pending' },
    });
    expect([inStream.message.message, fieldsJson(inStream.message.tree).body_union]).toEqual(['hello', 'none']);
  });

  it('names the April layout as an alternative when a 14-byte payload makes its length look like the ssz offset', () => {
    const details = ascii('fourteen bytes');
    const message = eth2rpc.decodeMessage(frameFixed(2n, 20, details));
    expect(fieldsJson(message.tree)).toMatchObject({ framing: 'ssz', result: 'fourteen bytes' });
    expect(collectNotes(message.tree).find((n) => n.kind === 'eth2rpc.reading.ambiguous')?.text).toContain(
      'April-2019 fixed layout',
    );
  });

  it('prefers the response reading when a pending request has the id, naming a request reading that also fits', () => {
    const roots = request('beacon_block_roots', 4, { start_slot: 1n, count: 2n });
    const pending = decodeEth2RpcMessage(roots, { context: { kind: 'pending', method: METHODS[0]! } }).message;
    expect(pending.message).toBe('hello_response');
    expect(collectNotes(pending.tree).map((n) => n.kind)).toEqual(['eth2rpc.reading.ambiguous']);
    expect(collectNotes(pending.tree)[0]!.text).toContain('also consistent as beacon_block_roots request');
  });

  it('lists the tried readings when no reading is consistent', () => {
    const message = eth2rpc.decodeMessage(frameSsz(1n, 11, new Uint8Array(7)));
    const note = collectNotes(message.tree).find((n) => n.kind === 'eth2rpc.message.inconsistent')!;
    expect(note.text).toContain('beacon_block_headers request (ETH ‖ SSZ, no union index)');
    expect(fieldsJson(message.tree).body).toBe('0x00000000000000');
  });
});
