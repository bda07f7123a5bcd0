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

  it('flags an ENR with a repeated key as an error, which JSON cannot give back (CI seed 933963480)', () => {
    // Nodes (total 1) holding a record whose mutated pairs start with key "d" twice.
    const bytes = fromHex(DUPLICATE_KEY_NODES);
    const notes = collectNotes(portal.decodeMessage(bytes).tree);
    expect(notes).toContainEqual(expect.objectContaining({ severity: 'error', kind: 'enr.key.order' }));
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

const DUPLICATE_KEY_NODES =
  '0x040105000000080000007f000000f875b8401ce2991c64993d7c84c29a00bdc871917551c7d330fca2dd0d69c706596dc655448f030b98a77d4001fd46ae0112ce26d613c5a6a02a81a6223cd0c4edaa53280164696482763489736563703235366b31a103ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138f875b840d7f1c39e376297f81d7297758c64cb37dcc5c3beea9f57f7ce9695d7d5a67553417d719539d6ae4b445946de4d99e680eb8063f29485b555d45b7df16a1850130182696482763489736563703235366b31a1030e2cb74241c0c4fc8e8166f1a79a05d5b0dd95813a74b094529f317d5c39d235';
