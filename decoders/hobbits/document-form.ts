import {
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  VectorCompositeType,
  type Type,
} from '@chainsafe/ssz';
import type { BsonDocumentSpec, BsonElementSpec } from '../codecs/bson';
import { sszCodec } from '../codecs/ssz';
import { toHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import type { Field } from '../core/field';
import { childPath, EncodeError, isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { mainnetTypes, minimalTypes } from './beacon-types';
import { BSON_NUMBER_TYPES, bsonElementType } from './bson-values';
import { presetCodec } from './preset-codec';
import { decodeBinaryContent } from './binary-content';
import { encodeAt } from './codec-windows';

/**
 * The Artemis (PegaSys, later Teku) form of an RPC body: `body` is a BSON document with the container's fields by
 * name (Jackson + bson4jackson) rather than one binary of SSZ. Numbers are BSON numbers, byte strings binaries, and
 * beacon objects (an Attestation, each BeaconBlock of a list) binaries holding their SSZ. A list-only body may also
 * be the bare array (Artemis' `@JsonValue` on BlockBodiesMessage). Implementer notes §2.1.
 */

type AnyType = Type<unknown>;

/** What is read of an RPC body container: its fields by name and in order. */
interface AnyContainer {
  readonly typeName: string;
  readonly fields: Readonly<Record<string, AnyType>>;
  readonly fieldsEntries: readonly { fieldName: string; fieldType: AnyType }[];
}

const BSON_ARRAY = 0x04;

/** What the walker should expect of each element: for type warnings and `bson.missing-key`. */
export function documentSpec(container: AnyContainer): BsonDocumentSpec {
  const spec: Record<string, BsonElementSpec> = {};
  for (const { fieldName, fieldType } of container.fieldsEntries) spec[fieldName] = elementSpec(fieldType);
  return spec;
}

function elementSpec(type: AnyType): BsonElementSpec {
  if (type instanceof UintNumberType || type instanceof UintBigintType) return { types: BSON_NUMBER_TYPES };
  if (type instanceof ListCompositeType || type instanceof VectorCompositeType) return { types: ['array'] };
  if (type instanceof ByteVectorType || type instanceof ByteListType || type instanceof ContainerType) {
    return { types: ['binary'] };
  }
  return {};
}

/** The SSZ codec of a beacon object carried in a binary; a BeaconState may have either preset's layout. */
const objectCodecs = new Map<AnyType, Codec>([
  [mainnetTypes.BeaconState as AnyType, presetCodec(mainnetTypes.BeaconState, minimalTypes.BeaconState)],
]);

export function objectCodec(type: AnyType): Codec {
  let codec = objectCodecs.get(type);
  if (!codec) objectCodecs.set(type, (codec = sszCodec(type)));
  return codec;
}

/** The beacon-object type a binary in this position holds: a container (a byte string stays hex). */
function objectTypeOf(type: AnyType | undefined): AnyType | undefined {
  return type instanceof ContainerType ? type : undefined;
}

/** The beacon-object type each item of a list in this position holds. */
function itemTypeOf(type: AnyType | undefined): AnyType | undefined {
  const isList = type instanceof ListCompositeType || type instanceof VectorCompositeType;
  return isList ? objectTypeOf(type.elementType as AnyType) : undefined;
}

/** The one list field of a list-only container (BLOCK_HEADERS, BLOCK_BODIES, GET_BEACON_STATES, BEACON_STATES). */
function onlyListField(container: AnyContainer): { name: string; type: AnyType } | undefined {
  const [only, ...rest] = container.fieldsEntries;
  if (!only || rest.length > 0) return undefined;
  const type = only.fieldType as AnyType;
  return type instanceof ListCompositeType ? { name: only.fieldName, type } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding: the walker has read the document generically; the binaries holding beacon objects are decoded in place.

/** Decodes, inside the already walked `body` element, every binary that holds a beacon object. */
export function decodeDocumentForm(bytes: Uint8Array, element: Field, container: AnyContainer): void {
  if (bsonElementType(element) === BSON_ARRAY) {
    const list = onlyListField(container);
    if (list) decodeItems(bytes, element, itemTypeOf(list.type));
    return;
  }
  for (const child of element.children ?? []) {
    if (child.encoding) continue;
    const type = container.fields[child.name] as AnyType | undefined;
    const objectType = objectTypeOf(type);
    if (objectType) decodeBinaryContent(bytes, child, objectCodec(objectType));
    else if (bsonElementType(child) === BSON_ARRAY) decodeItems(bytes, child, itemTypeOf(type));
  }
}

function decodeItems(bytes: Uint8Array, array: Field, itemType: AnyType | undefined): void {
  if (!itemType) return;
  for (const item of array.children ?? []) if (!item.encoding) decodeBinaryContent(bytes, item, objectCodec(itemType));
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding: beacon objects back into binaries of SSZ (as hex, which the BSON encoder writes as binaries).

/** The `body` element's JSON with every decoded beacon object replaced by the hex of its SSZ. */
export function documentFormJson(container: AnyContainer, value: JsonValue, path: string): JsonValue {
  if (Array.isArray(value)) {
    const list = onlyListField(container);
    if (!list) throw new EncodeError(path, `${container.typeName} has no single list to stand for`);
    return itemsJson(itemTypeOf(list.type), value, path);
  }
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const type = container.fields[key] as AnyType | undefined;
    const objectType = objectTypeOf(type);
    const at = childPath(path, key);
    out[key] =
      objectType && isJsonObject(v) && !isExtendedJson(v)
        ? objectHex(objectType, v, at)
        : Array.isArray(v)
          ? itemsJson(itemTypeOf(type), v, at)
          : v;
  }
  return out;
}

function itemsJson(itemType: AnyType | undefined, items: JsonValue[], path: string): JsonValue[] {
  if (!itemType) return items;
  return items.map((item, i) =>
    isJsonObject(item) && !isExtendedJson(item) ? objectHex(itemType, item, childPath(path, i)) : item,
  );
}

/** A BSON value kept in its Extended JSON form (a binary of another subtype): written back as it is. */
function isExtendedJson(value: JsonObject): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function objectHex(type: AnyType, value: JsonObject, path: string): string {
  return toHex(encodeAt(objectCodec(type), value, path));
}
