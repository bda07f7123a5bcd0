import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { concatBytes, fromHex } from '../../decoders/core/bytes';
import { eth, snap } from '../../decoders/eth';
import { body, dynamicFeeTx, mainnetHeader, proofNodes, receipts } from '../ethereum/support/chain-data';
import {
  mutated,
  neverThrowsAndRoundTrips,
  sessionSurvives,
  truncationsBreakWhereCut,
} from '../ethereum/support/fuzz-properties';

const message = (code: number, input: Parameters<typeof RLP.encode>[0]) =>
  concatBytes([RLP.encode(code), RLP.encode(input)]);
const hash = new Uint8Array(32).fill(7);
const ethSamples = [
  message(0, [69, 1, hash, [fromHex('9f3d2254'), 0], 0, 10, hash]),
  message(3, [1, [hash, 10, 0, 1]]),
  message(4, [1, [mainnetHeader.input]]),
  message(6, [2, [body]]),
  message(8, [Uint8Array.of(2), [100], [hash]]),
  message(0x0a, [3, [dynamicFeeTx]]),
  message(0x10, [5, [receipts]]),
  message(0x10, [5, 0, [[[2, Uint8Array.of(1), 21000, []]]]]),
];
const snapSamples = [
  message(0, [1, hash, hash, hash, 1000]),
  message(1, [1, [[hash, RLP.encode([1, 2, new Uint8Array(0), new Uint8Array(0)])]], proofNodes.slice(0, 2)]),
  message(3, [2, [[[hash, RLP.encode(5)]]], []]),
  message(5, [3, [Uint8Array.of(0x60)]]),
];

describe('eth and snap on hostile input', () => {
  it('decodeMessage never throws on random or mutated bytes, and re-encodes what it reads without error', () => {
    neverThrowsAndRoundTrips(eth, fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated(ethSamples)), 3000);
    neverThrowsAndRoundTrips(snap, fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated(snapSamples)), 2000);
  });

  it('a truncated message carries an error note where it broke', () => {
    truncationsBreakWhereCut(eth, ethSamples);
    truncationsBreakWhereCut(snap, snapSamples);
  });

  it('sessions survive any sequence of codes and payloads', () => {
    sessionSurvives(
      eth,
      68,
      fc.oneof(
        fc.uint8Array({ maxLength: 80 }),
        mutated(ethSamples).map((b) => b.subarray(1)),
      ),
      0x18,
    );
    sessionSurvives(
      snap,
      1,
      fc.oneof(
        fc.uint8Array({ maxLength: 80 }),
        mutated(snapSamples).map((b) => b.subarray(1)),
      ),
      0x0b,
    );
  });
});
