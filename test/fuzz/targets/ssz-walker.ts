import {
  BitListType,
  BitVectorType,
  BooleanType,
  ByteListType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  NoneType,
  OptionalType,
  UintBigintType,
  UintNumberType,
  UnionType,
  VectorBasicType,
  VectorCompositeType,
  type Type,
} from '@chainsafe/ssz';
import { sszCodec, sszFits, walk } from '../../../decoders/codecs/ssz';
import { collectNotes, type Field } from '../../../decoders/core/field';
import { DecodeError } from '../../../decoders/core/reader';
import * as eth2 from '../../../decoders/eth2rpc/beacon-types';
import { METHODS } from '../../../decoders/eth2rpc/methods';
import { mainnetTypes, minimalTypes } from '../../../decoders/hobbits/beacon-types';
import { GetBeaconStates, GetStatus, mainnetResponses } from '../../../decoders/hobbits/rpc-bodies';
import { Random } from '../random';
import { randomSszValue } from '../seeds/ssz-values';
import { check, hex, sameBytes, type FuzzTarget } from '../target';
import { checkCodecDecode, codecCase, generateCodecInput, type CodecCase, type CodecInput } from './codec-cases';

type AnyType = Type<unknown>;

const uint16 = new UintNumberType(2);
const uint256 = new UintBigintType(32);

/** Shapes the beacon types do not have: unions with None, optionals, bit lists, boolean lists, nested lists. */
const SYNTHETIC_TYPES: readonly AnyType[] = [
  new UnionType([new NoneType(), eth2.Eth1Data, METHODS[1]!.request, new ListBasicType(uint16, 8)], {
    typeName: 'Union[None, Eth1Data, Goodbye, List[uint16, 8]]',
  }),
  new UnionType([uint16, new ByteListType(10), eth2.BeaconBlockHeader]),
  new OptionalType(eth2.Crosslink),
  new BitListType(100),
  new BitListType(8),
  new BitVectorType(10),
  new ContainerType(
    {
      flags: new VectorBasicType(new BooleanType(), 5),
      votes: new ListBasicType(new BooleanType(), 16),
      big: uint256,
      bits: new BitListType(20),
      nested: new ListCompositeType(new ListBasicType(new UintNumberType(1), 8), 4),
      texts: new VectorCompositeType(new ByteListType(8), 3),
    },
    { typeName: 'Synthetic' },
  ),
];

/**
 * Beacon types of both plugins (2019 v0.8 containers, the eth2 RPC's April-2019 ones), their RPC bodies, the minimal
 * BeaconState, and synthetic unions, optionals and bitfields.
 */
const TYPES: readonly AnyType[] = [
  mainnetTypes.BeaconBlock,
  mainnetTypes.BeaconBlockBody,
  mainnetTypes.Attestation,
  mainnetTypes.AttesterSlashing,
  mainnetTypes.Deposit,
  mainnetTypes.ProposerSlashing,
  mainnetTypes.PendingAttestation,
  mainnetTypes.CompactCommittee,
  mainnetTypes.Validator,
  minimalTypes.BeaconState,
  mainnetResponses.BlockBodies,
  mainnetResponses.BlockHeaders,
  GetStatus,
  GetBeaconStates,
  eth2.BeaconBlockBody,
  eth2.IndexedAttestation,
  ...METHODS.flatMap((m) => [m.request, ...(m.response && m.response !== 'unspecified' ? [m.response] : [])]),
  ...SYNTHETIC_TYPES,
];

/**
 * The SSZ walker: every byte covered, a clean walk re-encodes to the same bytes, `sszFits` agrees with `walk`, and
 * the walker agrees with @chainsafe/ssz itself on what is well-formed.
 */
export function sszWalkerTarget(): FuzzTarget<CodecInput> {
  let cases: CodecCase[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'ssz-walker',
    weight: 10,
    batchSize: 500,
    prepare(seed) {
      const rng = new Random(seed, 0x552);
      cases = TYPES.map((type) => {
        const seeds = [
          type.serialize(type.defaultValue()),
          ...Array.from({ length: 4 }, () => type.serialize(randomSszValue(type, rng))),
        ];
        return codecCase(type.typeName, sszCodec(type), seeds);
      });
      donors = cases.flatMap((c) => c.seeds.map((s) => s.bytes)).filter((b) => b.length < 4096);
    },
    generate: (rng) => generateCodecInput(rng, cases, donors),
    execute(input) {
      const type = TYPES[input.codec]!;
      const bytes = input.bytes;
      checkCodecDecode(type.typeName, cases[input.codec]!.codec, bytes);
      const walked = walkExactly(type, bytes);
      const fits = sszFits(type, bytes, 0, bytes.length);
      check(
        fits === walked.wellFormed,
        () =>
          `${type.typeName}: sszFits says ${fits}, walk ${walked.wellFormed ? 'reads it without error' : 'reports an error'}`,
      );
      const library = libraryRoundTrip(type, bytes);
      if (walked.wellFormed && walked.noWarnings) {
        check(
          library.ok,
          () => `${type.typeName}: walked without a note, but @chainsafe/ssz refuses it: ${library.error}`,
        );
        check(library.same, `${type.typeName}: walked without a note, but @chainsafe/ssz writes it back differently`);
      }
      if (library.ok && library.same) {
        check(
          walked.wellFormed,
          () => `${type.typeName}: @chainsafe/ssz reads it canonically, the walker reports an error: ${walked.error}`,
        );
      }
    },
  };
}

/** Walks the whole input as `type` (not just its fixed size): what `sszFits` describes. */
function walkExactly(type: AnyType, bytes: Uint8Array): { wellFormed: boolean; noWarnings: boolean; error?: string } {
  let field: Field;
  try {
    field = walk(type, bytes, 0, bytes.length, 'value');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { wellFormed: false, noWarnings: false, error: e.message };
  }
  const notes = collectNotes(field);
  const error = notes.find((n) => n.severity === 'error');
  return { wellFormed: error === undefined, noWarnings: notes.length === 0, ...(error && { error: error.text }) };
}

function libraryRoundTrip(type: AnyType, bytes: Uint8Array): { ok: boolean; same: boolean; error?: string } {
  let value: unknown;
  try {
    value = type.deserialize(bytes);
  } catch (e) {
    return { ok: false, same: false, error: (e as Error).message };
  }
  let again: Uint8Array;
  try {
    again = type.serialize(value);
  } catch (e) {
    return { ok: true, same: false, error: `serialize: ${(e as Error).message}` };
  }
  return { ok: true, same: sameBytes(again, bytes), ...(sameBytes(again, bytes) ? {} : { error: hex(again) }) };
}
