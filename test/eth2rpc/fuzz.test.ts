import { KeyStore } from '../../decoders/core/keys';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../decoders/core/bytes';
import type { ConnectionHost, Direction } from '../../decoders/core/dissector';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { eth2rpc, Eth2RpcConnection } from '../../decoders/eth2rpc';
import { ETH2RPC_NOTES } from '../../decoders/eth2rpc/note-kinds';
import { coverageProblems } from '../support/field-coverage';
import {
  errorResponse,
  fixedRequest,
  header,
  helloBody,
  request,
  response,
  root,
  zeroBody,
} from './support/conversation';
import { ETH, frameEnvelope } from './support/wire-layouts';

/** Random bytes and damaged messages never make the decoder throw, hang or leave bytes unexplained. */

const valid: Uint8Array[] = [
  request('hello', 1, helloBody()),
  response('hello', 1, helloBody()),
  request('get_status', 2, { sha: root(1), user_agent: new TextEncoder().encode('x'), timestamp: 3n }),
  request('beacon_block_bodies', 4, { block_roots: [root(1), root(2)] }),
  response('beacon_block_bodies', 4, { block_bodies: [zeroBody()] }),
  response('beacon_block_headers', 5, { headers: [header(1n)] }),
  errorResponse(6, 20, 'bad'),
  fixedRequest('goodbye', 7, { reason: 1n }),
  frameEnvelope(8n, 0, new Uint8Array([4, 0, 0, 0])),
];

const mutated = fc
  .tuple(
    fc.constantFrom(...valid),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'drop')), {
      maxLength: 4,
    }),
  )
  .map(([message, edits]) => {
    let bytes: Uint8Array = message.slice();
    for (const [where, value, edit] of edits) {
      const at = bytes.length === 0 ? 0 : where % bytes.length;
      if (edit === 'flip' && bytes.length > 0) bytes[at] = value;
      else if (edit === 'cut') bytes = bytes.subarray(0, at);
      else if (edit === 'insert')
        bytes = concatBytes([bytes.subarray(0, at), new Uint8Array([value]), bytes.subarray(at)]);
      else bytes = concatBytes([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    }
    return bytes;
  });

const anyInput = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => concatBytes([ETH, b])),
  mutated,
);

describe('eth2rpc decodeMessage on hostile input', () => {
  const registered = new Set<string>(Object.values(ETH2RPC_NOTES));

  it('never throws, explains every byte, raises only registered note kinds and writes any message back with keepLengths', () => {
    fc.assert(
      fc.property(anyInput, (bytes) => {
        const message = eth2rpc.decodeMessage(bytes);
        expect(coverageProblems(message.tree, bytes.length)).toEqual([]);
        const unregistered = collectNotes(message.tree).filter(
          (n) => !registered.has(n.kind) && !n.kind.startsWith('ssz.'),
        );
        expect(unregistered).toEqual([]);
        const json = { message: message.message, fields: fieldsJson(message.tree) };
        expect(eth2rpc.encodeMessage(json, { keepLengths: true })).toEqual(bytes);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('eth2rpc connection on hostile streams', () => {
  it('never throws, accounts for every byte it is given and buffers at most the message limit', () => {
    const maxMessage = 2048;
    const streams = fc.array(fc.tuple(fc.constantFrom<Direction>(0, 1), anyInput, fc.nat({ max: 40 })), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(streams, (pieces) => {
        const consumed: [number, number] = [0, 0];
        const noted: [number, number] = [0, 0];
        const host: ConnectionHost = {
          emit: (dir, m) => (consumed[dir] += m.bytes.length),
          pendingRequest: () => undefined,
          keys: new KeyStore(),
          cancelRequests: () => {},
          streamNote: (dir, note) => {
            const count = /^(\d+) bytes/.exec(note.text) ?? /\((\d+) bytes\)/.exec(note.text);
            noted[dir] += count ? Number(count[1]) : 0;
          },
        };
        const connection = new Eth2RpcConnection(host, { maxMessage });
        const given: [number, number] = [0, 0];
        const at = { frame: 1, time: 0 };
        for (const [dir, bytes, split] of pieces) {
          const cut = Math.min(split, bytes.length);
          connection.data(dir, bytes.subarray(0, cut), at);
          connection.data(dir, bytes.subarray(cut), at);
          given[dir] += bytes.length;
          expect(connection.buffered(dir)).toBeLessThanOrEqual(maxMessage + bytes.length);
        }
        connection.end(0, at);
        connection.end(1, at);
        expect([consumed[0] + noted[0], consumed[1] + noted[1]]).toEqual(given);
      }),
      { numRuns: 1500 },
    );
  });
});
