import { ContainerType, ListCompositeType, NoneType, UnionType, VectorCompositeType, type Type } from '@chainsafe/ssz';
import { sszFits } from '../../codecs/ssz';
import type { Field } from '../../core/field';
import { Bytes32, uint64 } from '../wire-types';
import { decodeInPlace } from '../embedded-ssz';
import { PORTAL_NOTES } from '../note-kinds';

/**
 * The proofs that tie a legacy-history block header to the canonical chain (legacy/history/history-network.md
 * "Block Header"): which one a header carries follows its fork. Until 2025-02 the proof was an SSZ Union of the
 * types of its time; since then the bare type, chosen by the header's number and timestamp.
 */

const hashes = (n: number) => new VectorCompositeType(Bytes32, n);

/** Pre-merge: the header's path in the historical hashes accumulator. */
const AccumulatorProof = new VectorCompositeType(Bytes32, 15, { typeName: 'BlockProofHistoricalHashesAccumulator' });

function beaconProof(name: string, beaconBlockProof: number, executionBlockProof: Type<unknown>): Type<unknown> {
  return new ContainerType(
    {
      beaconBlockProof: hashes(beaconBlockProof),
      beaconBlockRoot: Bytes32,
      executionBlockProof,
      slot: uint64,
    },
    { typeName: name },
  );
}

const HistoricalRootsProof = beaconProof('BlockProofHistoricalRoots', 14, hashes(11));
const HistoricalSummariesCapella = beaconProof('BlockProofHistoricalSummariesCapella', 13, hashes(11));
const HistoricalSummariesDeneb = beaconProof('BlockProofHistoricalSummariesDeneb', 13, hashes(12));

/** 2024-10 … 2025-02: `Union[accumulator, historical roots, historical summaries]`, the last with a List[12]. */
const ProofUnion2024 = new UnionType(
  [
    AccumulatorProof,
    HistoricalRootsProof,
    beaconProof('BlockProofHistoricalSummaries', 13, new ListCompositeType(Bytes32, 12)),
  ],
  { typeName: 'BlockHeaderProof (2024-10 union)' },
);
/** 2022-12 … 2024-10: `Union[None, AccumulatorProof]`. */
const ProofUnion2022 = new UnionType([new NoneType(), AccumulatorProof], {
  typeName: 'BlockHeaderProof (2022-12 union)',
});

/** Mainnet fork boundaries the proof type follows. */
const MERGE_BLOCK = 15_537_394n;
const SHANGHAI_TIMESTAMP = 1_681_338_455n;
const CANCUN_TIMESTAMP = 1_710_338_135n;

/** The proof type the current spec gives a header of this number and timestamp (mainnet). */
export function proofTypeFor(number: bigint | null, timestamp: bigint | null): Type<unknown> | null {
  if (number === null || timestamp === null) return null;
  if (number < MERGE_BLOCK) return AccumulatorProof;
  if (timestamp < SHANGHAI_TIMESTAMP) return HistoricalRootsProof;
  if (timestamp < CANCUN_TIMESTAMP) return HistoricalSummariesCapella;
  return HistoricalSummariesDeneb;
}

/**
 * Decodes the proof byte list in place: as the header's fork says, else as one of the older unions that fits the
 * bytes. The chosen reading is named in the field's display.
 */
export function decodeHeaderProof(
  field: Field,
  bytes: Uint8Array,
  number: bigint | null,
  timestamp: bigint | null,
): void {
  const start = field.start!;
  const end = field.end!;
  const byFork = proofTypeFor(number, timestamp);
  for (const type of [byFork, ProofUnion2024, ProofUnion2022]) {
    if (type && sszFits(type, bytes, start, end)) {
      decodeInPlace(field, bytes, type, PORTAL_NOTES.contentMalformed);
      field.display = type === byFork ? `${type.typeName} (the header's fork)` : type.typeName;
      return;
    }
  }
  if (byFork) decodeInPlace(field, bytes, byFork, PORTAL_NOTES.contentMalformed);
}
