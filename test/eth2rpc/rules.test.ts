import { describe, expect, it } from 'vitest';
import type { Direction } from '../../decoders/core/dissector';
import { collectNotes } from '../../decoders/core/field';
import type { Note } from '../../decoders/core/notes';
import { eth2rpc } from '../../decoders/eth2rpc';
import { runPlaybook } from '../support/dissector-playbook';
import { errorResponse, header, helloBody, request, response, root, turns, zeroBody } from './support/conversation';
import { frameSsz } from './support/wire-layouts';

/** The notes (kind and field) a conversation raises, per message, leaving out pairing. */
function ruleNotes(messages: [Direction, Uint8Array][]): Pick<Note, 'kind' | 'field'>[][] {
  return runPlaybook(eth2rpc, turns(messages)).records.map((r) =>
    r.notes.filter((n) => !n.kind.startsWith('pair.')).map(({ kind, field }) => ({ kind, field })),
  );
}

const handshake: [Direction, Uint8Array][] = [
  [0, request('hello', 1, helloBody())],
  [1, response('hello', 1, helloBody())],
];

describe('eth2rpc hello rules', () => {
  it('flags an initiator whose first message is not hello', () => {
    const notes = ruleNotes([[0, request('beacon_block_roots', 1, { start_slot: 0n, count: 1n })]]);
    expect(notes).toEqual([[{ kind: 'eth2rpc.hello.first', field: null }]]);
  });

  it('flags a responder whose first message is not its own hello', () => {
    const notes = ruleNotes([
      [0, request('hello', 1, helloBody())],
      [1, errorResponse(1, 20, 'invalid request')],
    ]);
    expect(notes[1]).toEqual([{ kind: 'eth2rpc.hello.reply', field: null }]);
  });

  it('accepts a responder that answers with a hello request of its own', () => {
    const notes = ruleNotes([
      [0, request('hello', 1, helloBody())],
      [1, request('hello', 1000, helloBody())],
    ]);
    expect(notes).toEqual([[], []]);
  });

  it('flags a network_id or chain_id that differs between the two hellos, on the later one', () => {
    const notes = ruleNotes([
      [0, request('hello', 1, helloBody(1, 1n))],
      [1, response('hello', 1, helloBody(2, 5n))],
    ]);
    expect(notes).toEqual([
      [],
      [
        { kind: 'eth2rpc.hello.network_mismatch', field: 'result.network_id' },
        { kind: 'eth2rpc.hello.chain_mismatch', field: 'result.chain_id' },
      ],
    ]);
  });
});

describe('eth2rpc method rules', () => {
  it('flags a beacon_block_roots count above 32768', () => {
    const notes = ruleNotes([...handshake, [0, request('beacon_block_roots', 2, { start_slot: 0n, count: 32769n })]]);
    expect(notes[2]).toEqual([{ kind: 'eth2rpc.beacon_block_roots.count', field: 'body.count' }]);
  });

  it('flags roots that are not in ascending slot order, at the first one out of order', () => {
    const roots = [5n, 7n, 6n].map((slot) => ({ block_root: root(1), slot }));
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_block_roots', 2, { start_slot: 5n, count: 3n })],
      [1, response('beacon_block_roots', 2, { roots })],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.beacon_block_roots.order', field: 'result.roots.2' }]);
  });

  it('flags more roots than the request counted', () => {
    const roots = [5n, 6n].map((slot) => ({ block_root: root(1), slot }));
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_block_roots', 2, { start_slot: 5n, count: 1n })],
      [1, response('beacon_block_roots', 2, { roots })],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.beacon_block_roots.too_many', field: 'result.roots' }]);
  });

  it('flags a headers response longer than max_headers', () => {
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_block_headers', 2, { start_root: root(1), start_slot: 1n, max_headers: 1n, skip_slots: 0n })],
      [1, response('beacon_block_headers', 2, { headers: [header(1n), header(2n)] })],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.beacon_block_headers.max', field: 'result.headers' }]);
  });

  it('flags a bodies response whose count differs from the requested roots', () => {
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_block_bodies', 2, { block_roots: [root(1), root(2)] })],
      [1, response('beacon_block_bodies', 2, { block_bodies: [zeroBody()] })],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.beacon_block_bodies.count', field: 'result.block_bodies' }]);
  });

  it('flags transfers in a block body, since MAX_TRANSFERS is 0 on mainnet', () => {
    const transfer = {
      sender: 1n,
      recipient: 2n,
      amount: 3n,
      fee: 0n,
      slot: 4n,
      pubkey: new Uint8Array(48),
      signature: new Uint8Array(96),
    };
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_block_bodies', 2, { block_roots: [root(1)] })],
      [1, response('beacon_block_bodies', 2, { block_bodies: [{ ...zeroBody(), transfers: [transfer] }] })],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.block_body.transfers', field: 'result.block_bodies.0.transfers' }]);
  });

  it('keeps the unspecified beacon_chain_state response as bytes, with a note saying why', () => {
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_chain_state', 2, { hashes: [root(1)] })],
      [1, frameSsz(2n, 0, new Uint8Array([1, 2, 3, 4]))],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.beacon_chain_state.unspecified', field: 'result' }]);
  });

  it('flags a method id the spec does not define', () => {
    const notes = ruleNotes([...handshake, [0, frameSsz(2n, 3, new Uint8Array(8))]]);
    expect(notes[2]).toEqual([{ kind: 'eth2rpc.method.unknown', field: 'method_id' }]);
  });

  it('flags a reserved response code', () => {
    const notes = ruleNotes([
      ...handshake,
      [0, request('beacon_block_roots', 2, { start_slot: 0n, count: 1n })],
      [1, errorResponse(2, 5, '')],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.response_code.reserved', field: 'response_code' }]);
  });

  it('reads a success payload that fits nothing as a broken request of that code, with errors', () => {
    const message = eth2rpc.decodeMessage(frameSsz(9n, 0, new Uint8Array([1, 2, 3])));
    expect(message.message).toBe('hello');
    expect(collectNotes(message.tree).map((n) => [n.kind, n.field])).toEqual([
      ['eth2rpc.message.inconsistent', null],
      ['eth2rpc.payload.malformed', 'body'],
    ]);
  });

  it('keeps the success result of an unknown method as bytes, saying why', () => {
    const notes = ruleNotes([
      ...handshake,
      [0, frameSsz(2n, 3, new Uint8Array(8))],
      [1, frameSsz(2n, 0, new Uint8Array([9, 9]))],
    ]);
    expect(notes[3]).toEqual([{ kind: 'eth2rpc.response.untyped', field: 'result' }]);
  });
});

describe('eth2rpc goodbye reasons', () => {
  const goodbye = (reason: bigint) => eth2rpc.decodeMessage(request('goodbye', 9, { reason }));
  const reasonField = (reason: bigint) =>
    goodbye(reason)
      .tree.children!.find((f) => f.name === 'body')!
      .children!.find((f) => f.name === 'reason')!;

  it.each([
    [1n, 'client shut down (1)'],
    [2n, 'irrelevant network (2)'],
    [3n, 'fault/error (3)'],
    [1001n, 'custom (1001)'],
  ])('names reason %s as %s', (reason, display) => {
    expect(reasonField(reason).display).toBe(display);
    expect(collectNotes(goodbye(reason).tree)).toEqual([]);
  });

  it.each([0n, 4n, 1000n])('flags reason %s, neither defined nor custom', (reason) => {
    expect(collectNotes(goodbye(reason).tree).map((n) => [n.kind, n.field])).toEqual([
      ['eth2rpc.goodbye.reason', 'body.reason'],
    ]);
  });
});
