import { RLP } from '@ethereumjs/rlp';
import { rlpBytes, rlpItem, rlpListOf, rlpStruct, rlpUint } from '../../../decoders/codecs/rlp';
import { Random } from '../random';
import { rlpVectorItems } from '../seeds/public-vectors';
import { check, type FuzzTarget } from '../target';
import { checkCodecDecode, codecCase, generateCodecInput, type CodecCase, type CodecInput } from './codec-cases';

type Nested = Uint8Array | Nested[];

/** A random nesting of byte strings, with lengths around the single-byte, short and long form boundaries. */
function randomNested(rng: Random, depth = 0): Nested {
  if (depth > 3 || rng.chance(0.55)) {
    const length = rng.pick([0, 1, 1, 2, 20, 32, 55, 56, 57, 200, 300]);
    const bytes = rng.bytes(length);
    if (length === 1 && rng.chance(0.5)) bytes[0] = bytes[0]! & 0x7f;
    return bytes;
  }
  return Array.from({ length: rng.smallish(6) }, () => randomNested(rng, depth + 1));
}

function uintBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

const forkId = rlpStruct('ForkId', [
  { name: 'hash', codec: rlpBytes(4) },
  { name: 'next', codec: rlpUint(64) },
]);
const keyValueList = rlpListOf(
  rlpStruct('KeyValue', [
    { name: 'key', codec: rlpBytes() },
    { name: 'value', codec: rlpItem },
  ]),
  'KeyValue[]',
);
const request = rlpStruct('Request', [
  { name: 'reqID', codec: rlpUint(64) },
  { name: 'hashes', codec: rlpListOf(rlpBytes(32)) },
  { name: 'extra', codec: rlpItem, optional: true },
]);

/**
 * The RLP walker, generic (`rlpItem`) and declared (structs with optional members, typed lists, canonical uints),
 * checked against @ethereumjs/rlp's strict decoder: the walker reads an item cleanly exactly when the library does.
 */
export function rlpWalkerTarget(): FuzzTarget<CodecInput> {
  let cases: CodecCase[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'rlp-walker',
    weight: 9,
    batchSize: 500,
    prepare(seed) {
      const rng = new Random(seed, 0x4c9);
      const vectors = rlpVectorItems();
      const nested = Array.from({ length: 40 }, () => RLP.encode(randomNested(rng)));
      const u64 = () => uintBytes(BigInt(rng.u32()) << BigInt(rng.below(33)));
      const forkIds = Array.from({ length: 5 }, () => RLP.encode([rng.bytes(4), u64()]));
      const pairs = Array.from({ length: 5 }, () =>
        RLP.encode(Array.from({ length: rng.below(4) }, () => [rng.bytes(rng.below(12)), randomNested(rng, 2)])),
      );
      const requests = Array.from({ length: 5 }, () =>
        RLP.encode([
          u64(),
          Array.from({ length: rng.below(3) }, () => rng.bytes(32)),
          ...(rng.chance(0.5) ? [randomNested(rng, 2)] : []),
        ]),
      );
      donors = [...vectors, ...nested];
      cases = [
        codecCase('rlp', rlpItem, [...vectors, ...nested]),
        codecCase('ForkId', forkId, forkIds),
        codecCase('KeyValue[]', keyValueList, pairs),
        codecCase('Request', request, requests),
      ];
    },
    generate: (rng) => generateCodecInput(rng, cases, donors),
    execute(input) {
      const c = cases[input.codec]!;
      const { complete, clean } = checkCodecDecode(c.name, c.codec, input.bytes);
      // @ethereumjs/rlp reads no bytes as an empty string; the walker rightly wants an item.
      if (c.codec !== rlpItem || input.bytes.length === 0) return;
      let libraryError: string | null = null;
      try {
        RLP.decode(input.bytes);
      } catch (e) {
        libraryError = (e as Error).message;
      }
      check((libraryError === null) === clean, () =>
        libraryError === null
          ? `rlp: @ethereumjs/rlp decodes it, the walker ${complete ? 'notes a problem' : 'fails'}`
          : `rlp: the walker reads it cleanly, @ethereumjs/rlp refuses it: ${libraryError}`,
      );
    },
  };
}
