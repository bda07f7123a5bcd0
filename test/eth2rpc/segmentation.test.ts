import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../decoders/core/dissector';
import { eth2rpc } from '../../decoders/eth2rpc';
import { runPlaybook, type PlaybookEvent } from '../support/dissector-playbook';
import {
  coalesced,
  contentOf,
  errorResponse,
  fixedRequest,
  header,
  helloBody,
  request,
  response,
  root,
  segmented,
  turns,
  zeroBody,
} from './support/conversation';
import { frameEnvelope } from './support/wire-layouts';

/** A conversation with every method, fixed- and variable-size messages, pipelining, an error and every layout. */
const status = { sha: root(5), user_agent: new TextEncoder().encode('Peerscope/0.1'), timestamp: 1_560_000_000n };
const conversation: [Direction, Uint8Array][] = [
  [0, request('hello', 1, helloBody())],
  [1, response('hello', 1, helloBody())],
  [0, request('get_status', 2, status)],
  [1, response('get_status', 2, status)],
  [0, request('beacon_block_roots', 3, { start_slot: 0n, count: 3n })],
  [0, request('beacon_block_bodies', 4, { block_roots: [root(1), root(2)] })],
  [0, request('beacon_block_headers', 5, { start_root: root(1), start_slot: 1n, max_headers: 2n, skip_slots: 0n })],
  [1, response('beacon_block_headers', 5, { headers: [header(1n), header(2n)] })],
  [
    1,
    response('beacon_block_roots', 3, {
      roots: [
        { block_root: root(1), slot: 1n },
        { block_root: root(2), slot: 2n },
      ],
    }),
  ],
  [1, response('beacon_block_bodies', 4, { block_bodies: [zeroBody(), zeroBody()] })],
  [0, request('beacon_chain_state', 6, { hashes: [root(3)] })],
  [1, errorResponse(6, 40, 'not implemented')],
  [0, frameEnvelope(7n, 10, new Uint8Array([3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]))],
  [1, frameEnvelope(7n, 0, new Uint8Array([4, 0, 0, 0]), 0x10, 'be')],
  [0, fixedRequest('goodbye', 8, { reason: 1n })],
];

const baseline = contentOf(runPlaybook(eth2rpc, turns(conversation)).records);
const recordsOf = (events: PlaybookEvent[]) => contentOf(runPlaybook(eth2rpc, events).records);

describe('eth2rpc framing across segmentations', () => {
  it('decodes the reference conversation to one clean, paired record per message, in completion order', () => {
    // A variable-size message of the ssz layout completes when the next header of its direction (or the peer's
    // answer to it) shows where it ends: get_status_response waits for the headers response, the chain-state error
    // for the envelope reply.
    expect(baseline.map((r) => r.message)).toEqual([
      'hello',
      'hello_response',
      'get_status',
      'beacon_block_roots',
      'beacon_block_bodies',
      'beacon_block_headers',
      'get_status_response',
      'beacon_block_headers_response',
      'beacon_block_roots_response',
      'beacon_block_bodies_response',
      'beacon_chain_state',
      'beacon_block_roots',
      'beacon_chain_state_response',
      'beacon_block_roots_response',
      'goodbye',
    ]);
    expect(baseline.flatMap((r) => r.notes)).toEqual([]);
    expect(baseline.filter((r) => r.pair && r.pair.status !== 'matched').map((r) => r.message)).toEqual([]);
  });

  it('gives the same records when consecutive messages of a direction share one segment', () => {
    expect(recordsOf(coalesced(conversation))).toEqual(baseline);
  });

  it('gives the same records when any message is split in two at any byte', () => {
    conversation.forEach(([, data], i) => {
      for (let cut = 1; cut < data.length; cut++) {
        const cuts = conversation.map((_, j) => (j === i ? [cut / data.length + 1e-9] : []));
        expect(recordsOf(segmented(conversation, cuts)), `message ${i} cut at ${cut}`).toEqual(baseline);
      }
    });
  });

  it('gives the same records when every message arrives one byte at a time', () => {
    const cuts = conversation.map(([, data]) => Array.from({ length: data.length }, (_, k) => k / data.length));
    expect(recordsOf(segmented(conversation, cuts))).toEqual(baseline);
  });

  it('gives the same records for any random segmentation', () => {
    const cutsArb = fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), {
      minLength: conversation.length,
      maxLength: conversation.length,
    });
    fc.assert(
      fc.property(cutsArb, (cuts) => {
        expect(recordsOf(segmented(conversation, cuts))).toEqual(baseline);
      }),
      { numRuns: 200 },
    );
  });
});
