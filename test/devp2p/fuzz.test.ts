import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../decoders/core/bytes';
import type { Direction } from '../../decoders/core/dissector';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { detectRlpx } from '../../decoders/devp2p/detect';
import { RlpxEndpoint } from '../../decoders/devp2p/endpoint';
import { decodeP2pMessage } from '../../decoders/devp2p/p2p-messages';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import type { PlaybookEvent } from '../support/dissector-playbook';
import { InMemorySession, seededRandomness } from './support/in-memory-session';
import { dissect, keysFor, p2pWith } from './support/rlpx-playbook';
import { hex, rlpxVectors } from './support/vectors';
import { RLP } from '@ethereumjs/rlp';

const session = new InMemorySession({ seed: 77 });
session.handshake();
session.act(0, (e) => e.ping());
session.act(1, (e) => e.sendMessage('les', 1, RLP.encode([1, [2, 3]])));
session.act(0, (e) => e.disconnect(3));
const keys = keysFor(session.keyLogLine);
const samples = [...session.writes.map((w) => w.data), ...rlpxVectors.handshake_packets.map((p) => hex(p.hex))];

/** A sample with bytes overwritten or inserted, and cut short. */
const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: samples.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    fc.nat({ max: 64 }),
  )
  .map(([which, edits, insert, cut]) => {
    let bytes: Uint8Array = samples[which]!.slice();
    for (const [at, value] of edits) {
      const i = at % bytes.length;
      if (insert) bytes = concatBytes([bytes.subarray(0, i), Uint8Array.of(value), bytes.subarray(i)]);
      else bytes[i] = value;
    }
    return bytes.subarray(0, Math.max(0, bytes.length - cut));
  });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated);

/** The session's writes with one mutated, cut at random places, with an optional gap and ends. */
const damagedStreams = fc
  .tuple(
    fc.integer({ min: 0, max: session.writes.length - 1 }),
    mutated,
    fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
    fc.option(fc.nat({ max: session.writes.length }), { nil: null }),
    fc.boolean(),
  )
  .map(([replace, bytes, cuts, gapAt, end]) => {
    const events: PlaybookEvent[] = [];
    let c = 0;
    session.writes.forEach((w, i) => {
      if (i === gapAt) events.push({ dir: w.dir, gap: 1 + (cuts[0]! % 500) });
      const data = i === replace ? bytes : w.data;
      for (let at = 0; at < data.length; at += cuts[c++ % cuts.length]!)
        events.push({ dir: w.dir, data: data.subarray(at, at + cuts[c % cuts.length]!) });
    });
    if (end) events.push({ dir: 0, end: true }, { dir: 1, end: true });
    return events;
  });

describe('hostile input', () => {
  it('decodeMessage never throws and always yields readable fields and notes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const m = decodeP2pMessage(bytes);
        expect(m.protocol).toBe('p2p');
        JSON.stringify(fieldsJson(m.tree));
        collectNotes(m.tree);
      }),
      { numRuns: 2000 },
    );
  });

  it('detection never throws on any prefix', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => void detectRlpx(bytes.subarray(0, 64))),
      { numRuns: 2000 },
    );
  });

  it('the capture dissector never throws or stalls on damaged or random streams, with or without keys', () => {
    fc.assert(
      fc.property(damagedStreams, fc.boolean(), (events, withKeys) => {
        const { records } = dissect(p2pWith(), events, withKeys ? keys : keysFor());
        for (const r of records) JSON.stringify(r);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom<Direction>(0, 1), anyBytes), { maxLength: 6 }), (chunks) => {
        dissect(
          p2pWith(),
          chunks.map(([dir, data]) => ({ dir, data })),
          keys,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the endpoint never throws on random or mutated bytes, in either role', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(anyBytes, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (seed, inputs, initiator) => {
          const random = seededRandomness(seed);
          const endpoint = new RlpxEndpoint({
            aes: nodeAes,
            privateKey: random.privateKey(),
            role: initiator ? 'initiator' : 'recipient',
            remoteId: initiator ? hex(rlpxVectors.public_keys.pub_b) : undefined,
            hello: { clientId: 'fuzz', capabilities: [{ name: 'les', version: 4 }], listenPort: 0 },
            random,
          });
          endpoint.start();
          for (const input of inputs) endpoint.receive(input);
        },
      ),
      { numRuns: 200 },
    );
  });
});
