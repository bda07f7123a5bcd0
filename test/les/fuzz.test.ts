import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { concatBytes, fromHex } from '../../decoders/core/bytes';
import { les } from '../../decoders/les';
import { body, legacyTx, mainnetHeader, proofNodeInputs, receipts } from '../ethereum/support/chain-data';
import {
  mutated,
  neverThrowsAndRoundTrips,
  sessionSurvives,
  truncationsBreakWhereCut,
} from '../ethereum/support/fuzz-properties';
import { sharedVector } from '../ethereum/support/vectors';

const status = sharedVector<{ les_messages_derived: { status_les4_client: { body: string } } }>('les.json')
  .les_messages_derived.status_les4_client.body;
const message = (code: number, payload: Uint8Array) => concatBytes([RLP.encode(code), payload]);
const samples = [
  message(0, fromHex(status)),
  message(2, RLP.encode([5, [15537393, 192, 0, 0]])),
  message(3, RLP.encode([5, 100, [mainnetHeader.input]])),
  message(5, RLP.encode([7, 300, [body]])),
  message(7, RLP.encode([9, 300, [receipts]])),
  message(0x10, RLP.encode([13, 300, proofNodeInputs])),
  message(0x13, RLP.encode([15, [legacyTx]])),
  message(
    0x15,
    RLP.encode([
      16,
      300,
      [
        [3, RLP.encode([new Uint8Array(32), 1, 2])],
        [2, [], new Uint8Array(0)],
      ],
    ]),
  ),
  message(0x17, RLP.encode([300])),
];

describe('LES on hostile input', () => {
  it('decodeMessage never throws on random bytes', () => {
    neverThrowsAndRoundTrips(les, fc.uint8Array({ maxLength: 300 }), 3000);
  });

  it('decodeMessage never throws on mutated messages, and re-encodes the ones it reads without error', () => {
    neverThrowsAndRoundTrips(les, mutated(samples), 2000);
  });

  it('a truncated message carries an error note where it broke', () => {
    truncationsBreakWhereCut(les, samples);
  });

  it('a session survives any sequence of codes and payloads', () => {
    const payloads = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      mutated(samples).map((b) => b.subarray(1)),
    );
    sessionSurvives(les, 4, payloads, 0x20);
  });
});
