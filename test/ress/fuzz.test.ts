import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { concatBytes, fromHex } from '../../decoders/core/bytes';
import { ress } from '../../decoders/ress';
import {
  mutated,
  neverThrowsAndRoundTrips,
  sessionSurvives,
  truncationsBreakWhereCut,
} from '../ethereum/support/fuzz-properties';
import { body, proofNodes } from '../ethereum/support/chain-data';
import { sharedVector } from '../ethereum/support/vectors';

type Vectors = Record<string, { examples?: { local_msg_id: number; body: string }[] }>;
const v = sharedVector<Vectors>('ress.json');
const vectorSamples = ['reth_ress_v1', 'ress_repo_feb_2025_seed_era'].flatMap((era) =>
  v[era]!.examples!.map((e) => concatBytes([RLP.encode(e.local_msg_id), fromHex(e.body)])),
);
const samples = [
  ...vectorSamples,
  concatBytes([Uint8Array.of(4), RLP.encode([1, [body]])]),
  concatBytes([Uint8Array.of(8), RLP.encode([3, proofNodes])]),
  concatBytes([Uint8Array.of(8), RLP.encode([3, [proofNodes.map((n) => [new Uint8Array(32), n])]])]),
];

describe('ress on hostile input', () => {
  it('decodeMessage never throws on random bytes', () => {
    neverThrowsAndRoundTrips(ress, fc.uint8Array({ maxLength: 300 }), 3000);
  });

  it('decodeMessage never throws on mutated messages of both eras, and re-encodes the ones it reads without error', () => {
    neverThrowsAndRoundTrips(ress, mutated(samples), 2000);
  });

  it('a truncated message carries an error note where it broke', () => {
    truncationsBreakWhereCut(ress, samples);
  });

  it('a session survives any sequence of codes and payloads', () => {
    const payloads = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      mutated(samples).map((b) => b.subarray(1)),
    );
    sessionSurvives(ress, 1, payloads, 10);
  });
});
