import fc from 'fast-check';
import { expect } from 'vitest';
import { concatBytes, toHex } from '../../../decoders/core/bytes';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { collectNotes, fieldByPath, fieldsJson } from '../../../decoders/core/field';
import type { Capability } from '../../../decoders/devp2p/capability';
import { CapabilityPlaybook } from './capability-playbook';

/**
 * Note kinds whose messages JSON cannot carry back byte for byte: bytes after the message, the raw 0x00 code,
 * a key/value list with a key twice (a JSON object holds one).
 */
const NOT_IN_JSON = new Set(['decode.trailing', 'devp2p.code.raw-zero', 'les.keyvalue.duplicate']);

/** A valid sample with bytes overwritten, inserted or cut off. */
export function mutated(samples: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
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
}

/** decodeMessage never throws, its tree is readable, and what it reads without error encodes back to the bytes. */
export function neverThrowsAndRoundTrips(codec: MessageCodec, input: fc.Arbitrary<Uint8Array>, numRuns: number): void {
  fc.assert(
    fc.property(input, (bytes) => {
      const decoded = codec.decodeMessage(bytes);
      const notes = collectNotes(decoded.tree);
      const fields = fieldsJson(decoded.tree);
      JSON.stringify(fields);
      if (notes.some((n) => n.severity === 'error' || NOT_IN_JSON.has(n.kind))) return;
      expect(toHex(codec.encodeMessage({ message: decoded.message, fields }))).toBe(toHex(bytes));
    }),
    { numRuns },
  );
}

/**
 * Every strict prefix of a valid message (beyond its code) breaks: the tree carries an error note on a field that
 * starts at or before the cut, and the fields before it stay decoded.
 */
export function truncationsBreakWhereCut(codec: MessageCodec, samples: readonly Uint8Array[]): void {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: samples.length - 1 }), fc.nat(), (which, at) => {
      const whole = samples[which]!;
      if (whole.length < 3) return;
      const cut = 2 + (at % (whole.length - 2));
      const decoded = codec.decodeMessage(whole.subarray(0, cut));
      const errors = collectNotes(decoded.tree).filter((n) => n.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      const located = errors.map((n) => (n.field === null ? decoded.tree : fieldByPath(decoded.tree, n.field)));
      expect(located.some((f) => f !== undefined && (f.start ?? 0) <= cut)).toBe(true);
    }),
    { numRuns: 1500 },
  );
}

/** A session fed random codes and payloads (valid, mutated, random) never throws and emits one message per input. */
export function sessionSurvives(
  capability: Capability,
  version: number,
  payloads: fc.Arbitrary<Uint8Array>,
  codes: number,
): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: codes }), payloads), {
        maxLength: 12,
      }),
      (steps) => {
        const p = new CapabilityPlaybook(capability, version);
        for (const [direction, code, payload] of steps) p.send(direction as 0 | 1, { code, payload });
        expect(p.records()).toHaveLength(steps.length);
      },
    ),
    { numRuns: 300 },
  );
}
