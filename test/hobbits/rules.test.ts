import { Binary, BSON, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldJson, fieldsJson } from '../../decoders/core/field';
import { hobbits } from '../../decoders/hobbits';
import { mainnetTypes } from '../../decoders/hobbits/beacon-types';
import { RPC_BODY_TYPES } from '../../decoders/hobbits/rpc-bodies';
import { coverageProblems } from '../support/field-coverage';
import {
  ascii,
  binaryFrame,
  GOSSIP,
  gossipHeader,
  PING,
  RPC,
  rpcHeader,
  sszRpcBody,
  textFrame,
} from './fixtures/hand-framing';
import { rpcMessage } from './fixtures/wire-messages';

const notesOf = (bytes: Uint8Array) =>
  collectNotes(hobbits.decodeMessage(bytes).tree).map((n) => [n.severity, n.kind, n.field]);
const goodbye = sszRpcBody(RPC_BODY_TYPES.GOODBYE.serialize({ reason: 1n }));

/** A message that breaks a rule still decodes as far as it can and encodes back to its exact bytes. */
function expectReencodes(bytes: Uint8Array): void {
  const decoded = hobbits.decodeMessage(bytes);
  expect(toHex(hobbits.encodeMessage({ message: decoded.message, fields: fieldsJson(decoded.tree) }))).toBe(
    toHex(bytes),
  );
}

describe('notes on the envelope', () => {
  it('warns about a binary version other than 3 and still decodes the message', () => {
    const wire = binaryFrame(RPC, rpcHeader(1, 1), goodbye, 4);
    expect(notesOf(wire)).toEqual([['warning', 'hobbits.version', 'version']]);
    expect(hobbits.decodeMessage(wire).message).toBe('GOODBYE');
    expectReencodes(wire);
  });

  it('keeps header and body of an unknown protocol as raw bytes, named UNKNOWN', () => {
    const wire = binaryFrame(7, ascii('head'), ascii('body'));
    const decoded = hobbits.decodeMessage(wire);
    expect(decoded.message).toBe('UNKNOWN');
    expect(notesOf(wire)).toEqual([['warning', 'hobbits.protocol.unknown', 'protocol']]);
    expect(fieldsJson(decoded.tree)).toMatchObject({
      protocol: 7,
      header: toHex(ascii('head')),
      body: toHex(ascii('body')),
    });
    expect(coverageProblems(decoded.tree, wire.length)).toEqual([]);
    expectReencodes(wire);
  });

  it('reports a message shorter than its prefix announces, and bytes after its end', () => {
    const wire = rpcMessage('GOODBYE', 1);
    expect(notesOf(wire.subarray(0, wire.length - 3))).toContainEqual(['error', 'hobbits.truncated', null]);
    const longer = concatBytes([wire, ascii('xyz')]);
    expect(notesOf(longer)).toEqual([['warning', 'hobbits.trailing', 'trailing']]);
    expect(coverageProblems(hobbits.decodeMessage(longer).tree, longer.length)).toEqual([]);
  });

  it('reports bytes that start no EWP prefix, and a binary prefix cut short', () => {
    expect(notesOf(ascii('HTTP/1.1 200 OK'))).toEqual([['error', 'hobbits.framing', 'bytes']]);
    expect(notesOf(rpcMessage('GOODBYE', 1).subarray(0, 10))).toEqual([['error', 'hobbits.truncated', 'bytes']]);
  });

  it('flags a text line with two spaces in a row and one with a length written with a leading zero', () => {
    expect(notesOf(ascii('EWP  0.2 PING 0 0\n')).map((n) => n[1])).toContain('hobbits.text.line');
    expect(notesOf(ascii('EWP 0.2 PING 04 0\nping'))).toContainEqual(['error', 'hobbits.text.line', null]);
  });
});

describe('notes on RPC messages', () => {
  it('names an undeclared method RPC, warns, and still decodes its body as BSON', () => {
    const wire = binaryFrame(RPC, rpcHeader(99, 5), BSON.serialize({ body: new Binary(new Uint8Array([1, 2])) }));
    const decoded = hobbits.decodeMessage(wire);
    expect(decoded).toMatchObject({ message: 'RPC', code: 99, requestId: '5' });
    expect(notesOf(wire)).toEqual([['warning', 'hobbits.rpc.method', 'header.method_id']]);
    expect(fieldsJson(decoded.tree).body).toEqual({ body: '0x0102' });
    expectReencodes(wire);
  });

  it('warns about an id that is not an integer and leaves the message unpaired', () => {
    const header = BSON.serialize({ method_id: new Int32(1), id: 'seven' });
    const wire = binaryFrame(RPC, header, goodbye);
    expect(hobbits.decodeMessage(wire).requestId).toBeNull();
    expect(notesOf(wire)).toEqual([
      ['warning', 'bson.unexpected-type', 'header.id'],
      ['warning', 'hobbits.rpc.id', 'header.id'],
    ]);
    expectReencodes(wire);
  });

  it('keeps SSZ that does not fit the method`s container as raw bytes, with an error, and re-encodes it', () => {
    const wire = binaryFrame(RPC, rpcHeader(0, 1), sszRpcBody(new Uint8Array(10)));
    const kinds = notesOf(wire).map((n) => n[1]);
    expect(kinds).toContain('hobbits.body.ssz');
    expect(fieldsJson(hobbits.decodeMessage(wire).tree).body).toEqual({ body: toHex(new Uint8Array(10)) });
    expectReencodes(wire);
  });

  it('keeps a beacon object of the document form that does not decode as raw bytes, with an error', () => {
    const body = BSON.serialize({ body: { attestation: new Binary(new Uint8Array(7)) } });
    const wire = binaryFrame(RPC, rpcHeader(15, 1), body);
    expect(notesOf(wire)).toContainEqual(['error', 'hobbits.body.ssz', 'body.body.attestation']);
    expectReencodes(wire);
  });

  it('flags a body element that is neither SSZ in a binary nor a document', () => {
    const wire = binaryFrame(RPC, rpcHeader(1, 1), BSON.serialize({ body: 'goodbye' }));
    expect(notesOf(wire)).toContainEqual(['warning', 'hobbits.body.form', 'body.body']);
    expectReencodes(wire);
  });

  it('decodes each copy of a repeated body key, leaving none unread', () => {
    const ssz = RPC_BODY_TYPES.GOODBYE.serialize({ reason: 5n });
    const body = new Uint8Array([...BSON.serialize({ body: new Binary(ssz) })]);
    // Two `body` elements: the document's length grows by one element (type, "body\0", binary length, subtype, data).
    const element = body.subarray(4, body.length - 1);
    const twice = concatBytes([Uint8Array.of(0, 0, 0, 0), element, element, Uint8Array.of(0)]);
    new DataView(twice.buffer).setInt32(0, twice.length, true);
    const decoded = hobbits.decodeMessage(binaryFrame(RPC, rpcHeader(1, 1), twice));
    const copies = decoded.tree.children!.find((c) => c.name === 'body')!.children!.filter((c) => c.name === 'body');
    expect(copies.map((c) => fieldJson(c))).toEqual([{ reason: 5 }, { reason: 5 }]);
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['bson.duplicate-key']);
  });

  it('accepts the empty document Artemis sends as GOODBYE, noting the missing reason', () => {
    const wire = binaryFrame(RPC, rpcHeader(1, 1), BSON.serialize({ body: {} }));
    expect(notesOf(wire)).toEqual([['warning', 'bson.missing-key', 'body.body']]);
    expect(fieldsJson(hobbits.decodeMessage(wire).tree)).toMatchObject({ body: { body: {} }, body_form: 'document' });
    expectReencodes(wire);
  });
});

describe('notes on GOSSIP and PING messages', () => {
  const block = mainnetTypes.BeaconBlock.defaultValue();
  const blockSsz = mainnetTypes.BeaconBlock.serialize(block);
  const gossip = (topic: string, hash: Uint8Array, methodId = 0) =>
    binaryFrame(
      GOSSIP,
      gossipHeader({ methodId, topic, timestamp: 1, messageHash: new Uint8Array(32), hash }),
      blockSsz,
    );
  const rightHash = mainnetTypes.BeaconBlock.hashTreeRoot(block);

  it('accepts a GOSSIP whose hash is the hash_tree_root of its body', () => {
    expect(notesOf(gossip('BLOCK', rightHash))).toEqual([]);
  });

  it('flags a GOSSIP method other than 0', () => {
    expect(notesOf(gossip('BLOCK', rightHash, 3))).toEqual([['warning', 'hobbits.gossip.method', 'header.method_id']]);
  });

  it('flags an ATTESTATION topic over a body that is a block: the body does not decode as an Attestation', () => {
    const wire = gossip('ATTESTATION', rightHash);
    expect(notesOf(wire).map((n) => n[1])).toContain('hobbits.body.ssz');
    expectReencodes(wire);
  });

  it('flags a GOSSIP header without a topic', () => {
    const header = BSON.serialize({ method_id: new Int32(0), hash: new Binary(rightHash) });
    const kinds = notesOf(binaryFrame(GOSSIP, header, blockSsz)).map((n) => n[1]);
    expect(kinds).toContain('hobbits.gossip.topic');
  });

  it('warns about a PING header that is neither ping nor pong, and a body that is not 32 bytes', () => {
    expect(notesOf(binaryFrame(PING, ascii('pung'), new Uint8Array(32)))).toEqual([
      ['warning', 'hobbits.ping.header', 'header'],
    ]);
    expect(notesOf(textFrame('0.2', 'PING', ascii('ping'), new Uint8Array(31)))).toEqual([
      ['warning', 'hobbits.ping.length', 'body'],
    ]);
  });
});
