import { RLP } from '@ethereumjs/rlp';
import { declareClean, decodesClean, lazyWhenClean, readRlpHeader, rlpHeaderField } from '../codecs/rlp';
import { concatBytes, toHex } from '../core/bytes';
import { brokenField, bytesFromJson, hexSchema, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { addNote, generatedLeaf, leaf, type Field } from '../core/field';
import { EncodeError, integerFromJson, isJsonObject, type JsonObject } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';
import { variantCodec } from './codec-variants';
import { childNamed, spanOf } from './field-values';
import { keccak256 } from './keccak';
import { BLOB_NETWORK_WRAPPERS, LEGACY_TRANSACTION, TYPED_TRANSACTION_BODIES } from './transaction-fields';

/**
 * A transaction as blocks and the wire protocols carry it (EIP-2718): a legacy transaction is an RLP list, a typed
 * one an RLP string holding `type ‖ rlp(body)`. The tree shows the type byte, every member, and the transaction
 * hash as a generated field (keccak256 of the list, or of `type ‖ body`).
 */

const TYPE_DISPLAY: Record<number, string> = Object.fromEntries(
  Object.entries(TYPED_TRANSACTION_BODIES).map(([type, t]) => [type, `${t.name} (${type})`]),
);

const hashSchema = { ...hexSchema('bytes32', 32), description: 'generated: the transaction hash' };

const legacy: Codec = {
  typeName: 'LegacyTransaction',
  decode(r, name) {
    const field = LEGACY_TRANSACTION.decode(r, name);
    const span = spanOf(field, r.bytes)!;
    field.children!.push(
      generatedLeaf('type', 0, 'legacy (no type byte)'),
      generatedLeaf('hash', toHex(keccak256(span)), 'keccak256(rlp(transaction))'),
    );
    return field;
  },
  encode: (value, w, path, options) => LEGACY_TRANSACTION.encode(value, w, path, options),
  schema: () => withProperties(LEGACY_TRANSACTION.schema(), { type: { const: 0 }, hash: hashSchema }),
};
declareClean(legacy, (bytes, start, end) => decodesClean(LEGACY_TRANSACTION, bytes, start, end));

/** Blob transactions carry their sidecar only when pooled; in blocks the body is the bare transaction. */
const blobBody = variantCodec(
  'BlobTransaction',
  [
    { form: 'block', codec: TYPED_TRANSACTION_BODIES[3]!.codec, display: 'the transaction alone (as in blocks)' },
    { form: 'eip4844', codec: BLOB_NETWORK_WRAPPERS.eip4844, display: 'with sidecar: blobs, commitments, proofs' },
    { form: 'eip7594', codec: BLOB_NETWORK_WRAPPERS.eip7594, display: 'with sidecar: cell proofs (EIP-7594)' },
  ],
  { select: (v) => ('wrapperVersion' in v ? 'eip7594' : 'blobs' in v ? 'eip4844' : 'block') },
);

function bodyCodec(type: number): Codec | undefined {
  return type === 3 ? blobBody : TYPED_TRANSACTION_BODIES[type]?.codec;
}

const typed: Codec = {
  typeName: 'TypedTransaction',
  decode(r, name) {
    const at = r.pos;
    const h = readRlpHeader(r.bytes, at, r.end);
    if (h.isList) throw new DecodeError(at, `${name}: expected a typed transaction (a string)`, 'rlp.type');
    r.pos = h.payloadEnd;
    const header = rlpHeaderField(r.bytes, at, h);
    const field: Field = { name, shape: 'struct', start: at, end: h.payloadEnd, children: header ? [header] : [] };
    if (h.payloadStart === h.payloadEnd) {
      const error = new DecodeError(at, `${name}: empty transaction`, 'ethereum.tx.empty');
      field.children!.push(brokenField('type', error, h.payloadEnd));
      throw new PartialDecodeError(error, field);
    }
    const type = r.bytes[h.payloadStart]!;
    field.children!.push(leaf('type', type, h.payloadStart, h.payloadStart + 1, TYPE_DISPLAY[type]));
    const body = bodyCodec(type);
    if (!body) {
      const payload = leaf(
        'payload',
        toHex(r.bytes, h.payloadStart + 1, h.payloadEnd),
        h.payloadStart + 1,
        h.payloadEnd,
      );
      field.children!.push(payload);
      const reserved = type >= 0xc0 ? ' (0xc0 and above is reserved: it would start an RLP list)' : '';
      addNote(field, 'warning', 'ethereum.tx.type', `transaction type ${type} is not known${reserved}: kept as bytes`);
    } else {
      const inner = decodeBody(body, r.bytes, h.payloadStart + 1, h.payloadEnd, field);
      field.children!.push(...(inner.children ?? []));
      const signed = type === 3 ? (childNamed(field, 'tx') ?? inner) : inner;
      const span = spanOf(signed, r.bytes)!;
      const hash = keccak256(concatBytes([Uint8Array.of(type), span]));
      field.children!.push(generatedLeaf('hash', toHex(hash), 'keccak256(type ‖ rlp(body))'));
    }
    return field;
  },
  encode(value, w, path, options) {
    if (!isJsonObject(value)) throw new EncodeError(path, 'expected a transaction object');
    const type = Number(integerFromJson(value.type ?? null, `${path}.type`));
    const sub = new ByteWriter();
    const body = bodyCodec(type);
    if (body) body.encode(value, sub, path, options);
    else sub.bytes(bytesFromJson(value.payload ?? null, `${path}.payload`));
    w.bytes(RLP.encode(concatBytes([Uint8Array.of(type), sub.finish()])));
  },
  schema: () => ({ title: 'TypedTransaction', type: 'object', properties: { type: { type: 'integer' } } }),
};
declareClean(typed, typedClean);

/** A known type whose body fills the payload cleanly (blob bodies, read in several forms, are decoded at once). */
function typedClean(bytes: Uint8Array, start: number, end: number): boolean {
  const h = readRlpHeader(bytes, start, end);
  if (h.isList || h.payloadStart === h.payloadEnd) return false;
  const body = bodyCodec(bytes[h.payloadStart]!);
  const bodyStart = h.payloadStart + 1;
  if (body === undefined || readRlpHeader(bytes, bodyStart, h.payloadEnd).payloadEnd !== h.payloadEnd) return false;
  return decodesClean(body, bytes, bodyStart, h.payloadEnd);
}

/** Reads the type's body over exactly [start, end); a partial body is merged into `parent` for the error. */
function decodeBody(body: Codec, bytes: Uint8Array, start: number, end: number, parent: Field): Field {
  const reader = new ByteReader(bytes, start, end);
  let inner: Field;
  try {
    inner = body.decode(reader, parent.name);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const partial = e instanceof PartialDecodeError ? e.partial : brokenField('body', e, end);
    parent.children!.push(...(partial.children ?? [partial]));
    throw new PartialDecodeError(e, parent);
  }
  if (reader.pos < end) {
    const error = new DecodeError(reader.pos, `${end - reader.pos} bytes after the transaction body`, 'rlp.shape');
    parent.children!.push(...(inner.children ?? []), brokenField('trailing', error, end));
    throw new PartialDecodeError(error, parent);
  }
  return inner;
}

function withProperties(schema: JsonSchema, extra: Record<string, JsonSchema>): JsonSchema {
  return { ...schema, properties: { ...(schema.properties as Record<string, JsonSchema>), ...extra } };
}

/** Legacy unless typed; a typed envelope of an unknown type (even 0) is kept as `{type, payload}` bytes. */
function isLegacy(value: JsonObject): boolean {
  if (value.payload !== undefined) return false;
  return value.type === undefined || value.type === 0 || value.type === '0';
}

/** Any transaction: an RLP list is legacy, a string is typed. */
const anyTransaction: Codec = {
  typeName: 'Transaction',
  decode(r, name) {
    const h = readRlpHeader(r.bytes, r.pos, r.end);
    return h.isList ? legacy.decode(r, name) : typed.decode(r, name);
  },
  encode(value, w, path, options) {
    if (!isJsonObject(value)) throw new EncodeError(path, 'expected a transaction object');
    (isLegacy(value) ? legacy : typed).encode(value, w, path, options);
  },
  schema: () => ({
    title: 'Transaction',
    anyOf: [
      legacy.schema(),
      ...Object.entries(TYPED_TRANSACTION_BODIES).map(([type, t]) =>
        withProperties(t.codec.schema(), {
          type: { const: Number(type) },
          hash: hashSchema,
        }),
      ),
    ],
  }),
};
declareClean(anyTransaction, (bytes, start, end) =>
  decodesClean(readRlpHeader(bytes, start, end).isList ? legacy : typed, bytes, start, end),
);

/**
 * Decoded when first read, unless it holds a note: block bodies and pools carry hundreds, and summaries and root
 * checks need only their bytes.
 */
export const transaction: Codec = lazyWhenClean(anyTransaction, 'struct');
