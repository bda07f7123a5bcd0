import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { portal } from '../../decoders/portal';
import { decodePortalMessage } from '../../decoders/portal/message-decoder';
import { TalkFlow } from './support/talk-flow';
import { currentSet, seedSet, valueVectors, zeroBasedSet } from './support/vectors';

const header = valueVectors.find((v) => v.name === 'BlockHeaderWithProof Test Vectors')!;
const samples: Uint8Array[] = [
  ...[currentSet, zeroBasedSet, seedSet].flatMap((s) => s.vectors.map((v) => fromHex(v.expected))),
  portal.encodeMessage({ message: 'FindContent', fields: { content_key: header.content_key } }),
  portal.encodeMessage({ message: 'Content', fields: { content: header.content_value! } }),
  portal.encodeMessage({
    message: 'Offer',
    fields: { content_keys: valueVectors.slice(0, 6).map((v) => v.content_key) },
  }),
];

/** A valid message with bytes overwritten, inserted or cut off. */
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

const anyInput = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated);

/** One decode may take this long at most (the largest sample decodes in a few milliseconds). */
const HANG_MS = 500;

describe('Portal decoding of hostile input', () => {
  it('never throws or hangs, and always yields a tree whose notes and JSON can be read', () => {
    fc.assert(
      fc.property(
        anyInput,
        fc.constantFrom<'request' | 'response' | undefined>('request', 'response', undefined),
        (bytes, kind) => {
          const started = performance.now();
          const { decoded } = decodePortalMessage(bytes, kind ? { kind } : {});
          expect(performance.now() - started).toBeLessThan(HANG_MS);
          expect(decoded.protocol).toBe('portal');
          collectNotes(decoded.tree);
          JSON.stringify(fieldsJson(decoded.tree));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('re-encodes every mutated message it reads without an error to the same bytes', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const decoded = portal.decodeMessage(bytes);
        const notes = collectNotes(decoded.tree);
        if (notes.some((n) => n.severity === 'error') || decoded.message.startsWith('Unknown')) return;
        const json = { message: decoded.message, fields: fieldsJson(decoded.tree) };
        expect(toHex(portal.encodeMessage(json))).toBe(toHex(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a flow’s session going through any sequence of payloads, ids and carriers', () => {
    const event = fc.record({
      direction: fc.constantFrom<0 | 1>(0, 1),
      kind: fc.constantFrom('request', 'response', 'utp'),
      id: fc.integer({ min: 1, max: 6 }),
      network: fc.constantFrom('0x500b', '0x500a', '0x5000', '0x500c'),
      payload: anyInput,
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        const flow = new TalkFlow();
        for (const e of events) {
          const id = e.id.toString(16).padStart(2, '0');
          if (e.kind === 'request') flow.request(e.direction, fromHex(e.network), e.payload, id);
          else if (e.kind === 'response') flow.response(e.direction, id, e.payload);
          else flow.utp(e.direction, e.payload);
        }
        flow.end();
        for (const r of flow.records()) JSON.stringify(r);
      }),
      { numRuns: 300 },
    );
  });
});
