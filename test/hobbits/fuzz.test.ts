import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { hobbits } from '../../decoders/hobbits';
import { runPlaybook, type PlaybookEvent } from '../support/dissector-playbook';
import { busyBlock } from './fixtures/beacon-values';
import { ascii, binaryFrame, RPC, rpcHeader, textFrame } from './fixtures/hand-framing';
import { documentRpcBody } from './fixtures/rpc-cases';
import { gossipBlock, pingMessage, rpcMessage } from './fixtures/wire-messages';

const [someBlock] = fc.sample(busyBlock, { numRuns: 1, seed: 42 });
const samples: Uint8Array[] = [
  rpcMessage('HELLO', 1),
  rpcMessage('BLOCK_BODIES', 2, { bodies: [someBlock] }),
  rpcMessage('GET_STATUS', 3, { user_agent: ascii('peerscope'), timestamp: 9n }, 'text-lodestar'),
  binaryFrame(RPC, rpcHeader(13, 4, 'int64'), documentRpcBody('BLOCK_BODIES', { bodies: [someBlock] }, 'int64')),
  gossipBlock(5n),
  pingMessage('ping', 6),
  textFrame('0.2', 'PING', ascii('ping'), new Uint8Array(32)),
];

/** A valid sample with bytes overwritten, inserted or cut off. */
const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: samples.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    fc.nat({ max: 40 }),
    fc.boolean(),
  )
  .map(([which, edits, cut, insert]) => {
    let bytes: Uint8Array = samples[which]!.slice();
    for (const [at, value] of edits) {
      const i = at % bytes.length;
      if (insert) bytes = concatBytes([bytes.subarray(0, i), Uint8Array.of(value), bytes.subarray(i)]);
      else bytes[i] = value;
    }
    return bytes.subarray(0, Math.max(0, bytes.length - cut));
  });

const prefixed = fc
  .tuple(
    fc.constantFrom(ascii('EWP'), Uint8Array.of(0x45, 0x57, 0x50, 0, 0, 0, 3), ascii('EWP '), ascii('EWP 3 0 ')),
    fc.uint8Array({ maxLength: 200 }),
  )
  .map(([head, tail]) => concatBytes([head, tail]));

const anyInput = fc.oneof(fc.uint8Array({ maxLength: 300 }), prefixed, mutated);

describe('decodeMessage on hostile input', () => {
  it('never throws, and always yields a tree whose notes and JSON can be read', () => {
    fc.assert(
      fc.property(anyInput, (bytes) => {
        const decoded = hobbits.decodeMessage(bytes);
        expect(decoded.protocol).toBe('hobbits');
        collectNotes(decoded.tree);
        fieldsJson(decoded.tree);
      }),
      { numRuns: 3000 },
    );
  });

  /** Outside what JSON can carry, by design: bytes after a message or a BSON document, BSON text that is not UTF-8. */
  const NOT_IN_JSON = new Set(['hobbits.trailing', 'decode.trailing', 'bson.utf8']);

  it('re-encodes every mutated message it reads without error, whose bytes JSON can carry, to the same bytes', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const decoded = hobbits.decodeMessage(bytes);
        const notes = collectNotes(decoded.tree);
        if (notes.some((n) => n.severity === 'error' || NOT_IN_JSON.has(n.kind))) return;
        const json = { message: decoded.message, fields: fieldsJson(decoded.tree) };
        expect(toHex(hobbits.encodeMessage(json, { keepLengths: true }))).toBe(toHex(bytes));
        // Without keepLengths the composer fills in header keys a message lacks; with all of them there, same bytes.
        if (!notes.some((n) => n.kind === 'bson.missing-key')) {
          expect(toHex(hobbits.encodeMessage(json))).toBe(toHex(bytes));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the connection dissector on hostile streams', () => {
  const event = fc.oneof(
    { weight: 4, arbitrary: anyInput.map((data) => ({ data })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((gap) => ({ gap })) },
  );

  it('never throws and always ends, whatever the bytes, gaps and segmentation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), event), { maxLength: 12 }), (steps) => {
        const events: PlaybookEvent[] = steps.map(([dir, e]) => ({ dir: dir as 0 | 1, ...e }) as PlaybookEvent);
        events.push({ dir: 0, end: true }, { dir: 1, end: true });
        const { records } = runPlaybook(hobbits, events);
        for (const r of records) expect(r.protocol).toBe('hobbits');
      }),
      { numRuns: 500 },
    );
  });

  it('finds every message of a valid stream again after arbitrary garbage between them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: samples.length - 1 }), fc.uint8Array({ maxLength: 30 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (parts) => {
          const garbage = (g: Uint8Array) => g.map((b) => (b === 0x45 ? 0x46 : b)); // no `E`: no false preamble
          const stream = concatBytes(parts.flatMap(([i, g]) => [garbage(g), samples[i]!]));
          const { records } = runPlaybook(hobbits, [{ dir: 0, data: stream }]);
          expect(records.map((r) => toHex(hobbits.encodeMessage({ message: r.message, fields: r.fields })))).toEqual(
            parts.map(([i]) => toHex(samples[i]!)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
