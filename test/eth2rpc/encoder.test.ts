import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { fieldsJson } from '../../decoders/core/field';
import { EncodeError, type JsonObject } from '../../decoders/core/json';
import { eth2rpc } from '../../decoders/eth2rpc';
import { BeaconBlockRootsRequest, Hello } from '../../decoders/eth2rpc/methods';
import { helloBody } from './support/conversation';
import { ETH, frameEnvelope, frameFixed, frameSsz, u16le, u32le, u64, withUnionIndex } from './support/wire-layouts';

const rootsBody = { start_slot: 100, count: 64 };
const rootsBytes = BeaconBlockRootsRequest.serialize({ start_slot: 100n, count: 64n });

function encodeError(json: JsonObject, keepLengths = false): EncodeError {
  try {
    eth2rpc.encodeMessage(json, { keepLengths });
  } catch (e) {
    if (e instanceof EncodeError) return e;
    throw e;
  }
  throw new Error('encoded without error');
}

describe('eth2rpc composer encoding', () => {
  it('fills in the prefix, method_id, offset and union index (= position) of a minimal request', () => {
    const bytes = eth2rpc.encodeMessage({ message: 'beacon_block_roots', fields: { id: 5, body: rootsBody } });
    expect(toHex(bytes)).toBe(toHex(concatBytes([ETH, u64(5n), u16le(10), u32le(14), u32le(3), rootsBytes])));
  });

  it('writes the union index as the method id or leaves it out when the reading says so', () => {
    const asMethodId = eth2rpc.encodeMessage({
      message: 'beacon_block_roots',
      fields: { id: 5, body_union: 'method_id', body: rootsBody },
    });
    expect(asMethodId).toEqual(frameSsz(5n, 10, withUnionIndex(10, rootsBytes)));
    const bare = eth2rpc.encodeMessage({
      message: 'beacon_block_roots',
      fields: { id: 5, body_union: 'none', body: rootsBody },
    });
    expect(bare).toEqual(frameSsz(5n, 10, rootsBytes));
  });

  it('writes the April-2019 layout without a union index unless asked, and the envelope little-endian by default', () => {
    const fixed = eth2rpc.encodeMessage({
      message: 'beacon_block_roots',
      fields: { framing: 'fixed', id: 5, body: rootsBody },
    });
    expect(fixed).toEqual(frameFixed(5n, 10, rootsBytes));
    const envelope = eth2rpc.encodeMessage({
      message: 'beacon_block_roots',
      fields: { framing: 'envelope', id: 5, body: rootsBody },
    });
    expect(envelope).toEqual(frameEnvelope(5n, 10, withUnionIndex(3, rootsBytes)));
    const swapped = eth2rpc.encodeMessage({
      message: 'beacon_block_roots',
      fields: { framing: 'envelope', envelope: { nibbles: 16, length_order: 'be' }, id: 5, body: rootsBody },
    });
    expect(swapped).toEqual(frameEnvelope(5n, 10, withUnionIndex(3, rootsBytes), 0x10, 'be'));
  });

  it('encodes a success response with code 0 and an error response with text details', () => {
    const hello = helloBody();
    const json = {
      ...hello,
      chain_id: 1,
      latest_finalized_root: toHex(hello.latest_finalized_root),
      latest_finalized_epoch: 3,
      best_root: toHex(hello.best_root),
      best_slot: 100,
    };
    expect(eth2rpc.encodeMessage({ message: 'hello_response', fields: { id: 1, result: json } })).toEqual(
      frameSsz(1n, 0, Hello.serialize(hello)),
    );
    const error = eth2rpc.encodeMessage({
      message: 'beacon_block_roots_response',
      fields: { id: 2, response_code: 20, result: 'count too large' },
    });
    expect(error).toEqual(frameSsz(2n, 20, new TextEncoder().encode('count too large')));
  });

  it('takes the id from requestId and an unknown method id from code when the fields lack them', () => {
    const bytes = eth2rpc.encodeMessage({
      message: 'unknown_method',
      code: 7,
      requestId: '9',
      fields: { body: '0x0102' },
    });
    expect(bytes).toEqual(frameSsz(9n, 7, new Uint8Array([1, 2])));
  });

  it('writes a malformed message as its bytes', () => {
    expect(eth2rpc.encodeMessage({ message: 'malformed', fields: { bytes: '0x455448' } })).toEqual(ETH);
  });
});

describe('eth2rpc encoding of broken messages', () => {
  it('keeps a given offset, union index and stated lengths with keepLengths, and recomputes them without', () => {
    const fields = { id: 5, offset: 99, body: { ...rootsBody, union_index: 42 } };
    const kept = eth2rpc.encodeMessage({ message: 'beacon_block_roots', fields }, { keepLengths: true });
    expect(kept).toEqual(concatBytes([ETH, u64(5n), u16le(10), u32le(99), u32le(42), rootsBytes]));
    expect(eth2rpc.encodeMessage({ message: 'beacon_block_roots', fields })).toEqual(
      frameSsz(5n, 10, withUnionIndex(3, rootsBytes)),
    );
    const fixed = { framing: 'fixed', id: 5, body_len: 1000, body: rootsBody };
    expect(eth2rpc.encodeMessage({ message: 'beacon_block_roots', fields: fixed }, { keepLengths: true })).toEqual(
      concatBytes([ETH, u64(5n), u16le(10), u32le(1000), rootsBytes]),
    );
  });

  it('reproduces a message whose stated length is wrong from its decoded JSON with keepLengths', () => {
    const bytes = concatBytes([ETH, u64(5n), u16le(10), u32le(1000), rootsBytes]);
    const message = eth2rpc.decodeMessage(bytes);
    const fields = fieldsJson(message.tree);
    expect(fields.body_len).toBe(1000);
    expect(eth2rpc.encodeMessage({ message: message.message, fields }, { keepLengths: true })).toEqual(bytes);
  });

  it.each([
    [{ message: 'beacon_block_roots', fields: { id: 5 } }, 'body'],
    [{ message: 'beacon_block_roots', fields: { body: rootsBody } }, 'id'],
    [{ message: 'beacon_block_roots', fields: { id: 5, body: { start_slot: 'soon', count: 1 } } }, 'body.start_slot'],
    [{ message: 'beacon_block_roots', fields: { id: 5, body: { start_slot: 1 } } }, 'body.count'],
    [
      {
        message: 'beacon_block_headers',
        fields: { id: 5, body: { start_root: '0x01', start_slot: 1, max_headers: 1, skip_slots: 0 } },
      },
      'body.start_root',
    ],
    [{ message: 'beacon_block_roots', fields: { id: '18446744073709551616', body: rootsBody } }, 'id'],
    [{ message: 'beacon_block_roots', fields: { framing: 'udp', id: 5, body: rootsBody } }, 'framing'],
    [{ message: 'beacon_block_roots', fields: { body_union: 'first', id: 5, body: rootsBody } }, 'body_union'],
    [{ message: 'beacon_chain_state_response', fields: { id: 5, result: { hashes: [] } } }, 'result'],
    [{ message: 'hello_response', fields: { id: 5, response_code: 70000, result: '' } }, 'response_code'],
    [
      {
        message: 'beacon_block_roots',
        fields: { framing: 'envelope', envelope: { length_order: 'middle' }, id: 5, body: rootsBody },
      },
      'envelope.length_order',
    ],
    [{ message: 'ping', fields: {} }, 'message'],
    [{ protocol: 'hobbits', message: 'hello', fields: {} }, 'protocol'],
  ] as [JsonObject, string][])('refuses %j with an error at %s', (json, path) => {
    expect(encodeError(json).path).toBe(path);
  });
});
