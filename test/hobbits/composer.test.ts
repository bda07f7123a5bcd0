import { Binary, BSON, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { fieldsJson } from '../../decoders/core/field';
import { EncodeError, type JsonObject } from '../../decoders/core/json';
import { hobbits } from '../../decoders/hobbits';
import { mainnetTypes } from '../../decoders/hobbits/beacon-types';
import { RPC_BODY_TYPES } from '../../decoders/hobbits/rpc-bodies';
import { ascii, binaryFrame, GOSSIP, PING, RPC, rpcHeader, sszRpcBody, textFrame } from './fixtures/hand-framing';
import { gossipBlock, rpcMessage } from './fixtures/wire-messages';

const root = (fill: number) => toHex(new Uint8Array(32).fill(fill));
const hello = {
  network_id: 1,
  chain_id: 1,
  latest_finalized_root: root(1),
  latest_finalized_epoch: 3,
  best_root: root(2),
  best_slot: 200,
};
const helloValue = {
  ...hello,
  latest_finalized_root: new Uint8Array(32).fill(1),
  latest_finalized_epoch: 3n,
  best_root: new Uint8Array(32).fill(2),
  best_slot: 200n,
};
const { network_id: _missing, ...helloWithoutNetwork } = hello;
const encode = (json: JsonObject, keepLengths?: boolean) =>
  toHex(hobbits.encodeMessage(json, keepLengths === undefined ? undefined : { keepLengths }));

describe('encodeMessage from a composer JSON that leaves out what can be derived', () => {
  it('writes a HELLO as binary version 3, RPC, method_id from the message, lengths computed, body as SSZ in a binary', () => {
    const expected = binaryFrame(RPC, rpcHeader(0, 1), sszRpcBody(RPC_BODY_TYPES.HELLO.serialize(helloValue)));
    expect(encode({ message: 'HELLO', fields: { header: { id: 1 }, body: { body: hello } } })).toBe(toHex(expected));
  });

  it('writes text framing on request: Lodestar`s numeric line by default, EWP 0.2 names with a 0.x version', () => {
    const header = rpcHeader(0, 1);
    const body = sszRpcBody(RPC_BODY_TYPES.HELLO.serialize(helloValue));
    const fields = { header: { id: 1 }, body: { body: hello } };
    expect(encode({ message: 'HELLO', fields: { framing: 'text', ...fields } })).toBe(
      toHex(textFrame('3', 0, header, body)),
    );
    expect(encode({ message: 'HELLO', fields: { framing: 'text', version: '0.2', ...fields } })).toBe(
      toHex(textFrame('0.2', 'RPC', header, body)),
    );
  });

  it('writes the Artemis document form when asked, beacon objects as binaries of their SSZ', () => {
    const block = { ...mainnetTypes.BeaconBlock.defaultValue(), slot: 5n };
    const blockJson = fieldsJson(hobbits.decodeMessage(gossipBlock(5n)).tree).body;
    const expected = binaryFrame(
      RPC,
      rpcHeader(13, 2),
      BSON.serialize({ body: { bodies: [new Binary(mainnetTypes.BeaconBlock.serialize(block))] } }),
    );
    const json = {
      message: 'BLOCK_BODIES',
      fields: { header: { id: 2 }, body_form: 'document', body: { body: { bodies: [blockJson!] } } },
    };
    expect(encode(json)).toBe(toHex(expected));
  });

  it('derives a GOSSIP`s method_id, topic (from the body`s shape) and hash (its hash_tree_root)', () => {
    const wire = gossipBlock(77n);
    const decoded = fieldsJson(hobbits.decodeMessage(wire).tree);
    const header = decoded.header as JsonObject;
    const composed = {
      message: 'GOSSIP',
      fields: { header: { timestamp: header.timestamp!, message_hash: header.message_hash! }, body: decoded.body! },
    };
    expect(encode(composed)).toBe(toHex(wire));
  });

  it('writes PING and PONG headers from the message name', () => {
    const body = toHex(new Uint8Array(32).fill(3));
    expect(encode({ message: 'PING', fields: { body } })).toBe(
      toHex(binaryFrame(PING, ascii('ping'), new Uint8Array(32).fill(3))),
    );
    expect(encode({ message: 'PONG', fields: { body } })).toBe(
      toHex(binaryFrame(PING, ascii('pong'), new Uint8Array(32).fill(3))),
    );
  });

  it('keeps the header key order it is given and inserts method_id where the spec puts it', () => {
    const header = BSON.serialize(
      new Map<string, unknown>([
        ['method_id', new Int32(1)],
        ['id', new Int32(4)],
        ['extra', 'x'],
      ]),
    );
    const body = sszRpcBody(RPC_BODY_TYPES.GOODBYE.serialize({ reason: 2n }));
    expect(
      encode({ message: 'GOODBYE', fields: { header: { id: 4, extra: 'x' }, body: { body: { reason: 2 } } } }),
    ).toBe(toHex(binaryFrame(RPC, header, body)));
  });
});

describe('encodeMessage with keepLengths', () => {
  const wire = rpcMessage('GOODBYE', 1);
  const fields = fieldsJson(hobbits.decodeMessage(wire).tree);

  it('writes the given lengths for a deliberately broken message, and recomputes them otherwise', () => {
    const broken = { message: 'GOODBYE', fields: { ...fields, header_length: 3, body_length: 1000 } };
    const bytes = hobbits.encodeMessage(broken, { keepLengths: true });
    const view = new DataView(bytes.buffer);
    expect([view.getUint32(8), view.getUint32(12)]).toEqual([3, 1000]);
    expect(toHex(hobbits.encodeMessage(broken))).toBe(toHex(wire));
  });

  it('keeps broken lengths in text framing too', () => {
    const text = {
      message: 'PING',
      fields: { framing: 'text', version: '0.2', protocol: 'PING', header: 'ping', body: '0x00', body_length: 9 },
    };
    expect(new TextDecoder().decode(hobbits.encodeMessage(text, { keepLengths: true }))).toBe(
      'EWP 0.2 PING 4 9\nping\u0000',
    );
  });
});

describe('encodeMessage refuses bad input with the path of the field', () => {
  const cases: [string, JsonObject, string][] = [
    [
      'a missing body field',
      { message: 'HELLO', fields: { header: { id: 1 }, body: { body: helloWithoutNetwork } } },
      'body.body.network_id',
    ],
    [
      'a value too large for its type',
      { message: 'HELLO', fields: { header: { id: 1 }, body: { body: { ...hello, chain_id: 300 } } } },
      'body.body.chain_id',
    ],
    [
      'an RPC header without id',
      { message: 'GOODBYE', fields: { header: {}, body: { body: { reason: 0 } } } },
      'header.id',
    ],
    ['an unknown framing', { message: 'PING', fields: { framing: 'json', body: '0x' } }, 'framing'],
    ['a message that names no protocol', { message: 'NOPE', fields: {} }, 'protocol'],
    ['a PING without body', { message: 'PING', fields: {} }, 'body'],
    [
      'a GOSSIP object of no known topic',
      { message: 'GOSSIP', fields: { header: { topic: 'X' }, body: { slot: 1 } } },
      'header.topic',
    ],
    [
      'an unknown body form',
      { message: 'GOODBYE', fields: { header: { id: 1 }, body_form: 'json', body: { body: { reason: 0 } } } },
      'body_form',
    ],
    ['a binary version beyond uint32', { message: 'PING', fields: { version: 2 ** 32, body: '0x' } }, 'version'],
    ['bad hex', { message: 'PING', fields: { body: '0xzz' } }, 'body'],
    ['no fields', { message: 'PING' }, 'fields'],
  ];
  it.each(cases)('%s', (_, json, path) => {
    const run = () => hobbits.encodeMessage(json);
    expect(run).toThrow(EncodeError);
    try {
      run();
    } catch (e) {
      expect((e as EncodeError).path).toBe(path);
    }
  });
});

describe('encodeMessage for GOSSIP built by hand', () => {
  it('round-trips a GOSSIP whose hash is given as the spec`s hex string', () => {
    const block = mainnetTypes.BeaconBlock.defaultValue();
    const header = BSON.serialize(
      new Map<string, unknown>([
        ['method_id', new Int32(0)],
        ['topic', 'BLOCK'],
        ['timestamp', new Int32(1560471980)],
        ['message_hash', toHex(new Uint8Array(32))],
        ['hash', toHex(mainnetTypes.BeaconBlock.hashTreeRoot(block))],
      ]),
    );
    const wire = binaryFrame(GOSSIP, header, mainnetTypes.BeaconBlock.serialize(block));
    const decoded = hobbits.decodeMessage(wire);
    expect(toHex(hobbits.encodeMessage({ message: 'GOSSIP', fields: fieldsJson(decoded.tree) }))).toBe(toHex(wire));
  });
});
