import {
  BitArray,
  BitListType,
  BitVectorType,
  BooleanType,
  ByteListType,
  ByteVectorType,
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
import type { Random } from '../random';

type AnyType = Type<unknown>;

/**
 * A random value of an SSZ type for the library to serialize into a seed: short lists (at most `maxItems`, and
 * never above the type's limit), edge values for integers, bits set anywhere a bitfield allows.
 */
export function randomSszValue(type: AnyType, rng: Random, maxItems = 3): unknown {
  if (type instanceof UintNumberType) {
    const max = 2 ** (8 * type.byteLength) - 1;
    return rng.pick([0, 1, max, rng.below(Math.min(max, 2 ** 31) + 1)]);
  }
  if (type instanceof UintBigintType) {
    const max = 2n ** BigInt(8 * type.byteLength) - 1n;
    return rng.pick([0n, 1n, max, BigInt(rng.u32()), (BigInt(rng.u32()) << 32n) % (max + 1n)]);
  }
  if (type instanceof BooleanType) return rng.chance(0.5);
  if (type instanceof ByteVectorType) return rng.bytes(type.lengthBytes);
  if (type instanceof ByteListType) return rng.bytes(rng.below(Math.min(type.limitBytes, 40) + 1));
  if (type instanceof BitVectorType) return bits(rng, type.lengthBits);
  if (type instanceof BitListType) return bits(rng, rng.below(Math.min(type.limitBits, 70) + 1));
  if (type instanceof ContainerType) {
    const out: Record<string, unknown> = {};
    for (const { fieldName, fieldType } of type.fieldsEntries) {
      out[String(fieldName)] = randomSszValue(fieldType as AnyType, rng, maxItems);
    }
    return out;
  }
  if (type instanceof VectorBasicType || type instanceof VectorCompositeType) {
    return Array.from({ length: type.length }, () => randomSszValue(type.elementType as AnyType, rng, maxItems));
  }
  if (type instanceof ListBasicType || type instanceof ListCompositeType) {
    const count = rng.below(Math.min(type.limit, maxItems) + 1);
    return Array.from({ length: count }, () => randomSszValue(type.elementType as AnyType, rng, maxItems));
  }
  if (type instanceof UnionType) {
    const selector = rng.below(type.types.length);
    return { selector, value: randomSszValue(type.types[selector] as AnyType, rng, maxItems) };
  }
  if (type instanceof OptionalType) {
    return rng.chance(0.3) ? null : randomSszValue(type.elementType as AnyType, rng, maxItems);
  }
  if (type instanceof NoneType) return null;
  throw new Error(`no random values for ${type.typeName}`);
}

function bits(rng: Random, length: number): BitArray {
  return BitArray.fromBoolArray(Array.from({ length }, () => rng.chance(0.5)));
}
