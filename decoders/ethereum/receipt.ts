import { RLP } from '@ethereumjs/rlp';
import { lazyWhenClean, readRlpHeader, rlpBytes, rlpHeaderField, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import { concatBytes } from '../core/bytes';
import { brokenField, PartialDecodeError, type Codec } from '../core/codec';
import { generatedLeaf, leaf, type Field } from '../core/field';
import { EncodeError, integerFromJson, isJsonObject } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';
import { displayed } from './annotated-codec';
import { address } from './transaction-fields';

/**
 * Receipts (devp2p caps/eth.md "Receipt Encoding and Validity"). Up to eth/68 and in LES a receipt travels in its
 * consensus encoding: `[postStateOrStatus, cumulativeGasUsed, logsBloom, logs]` as a list (legacy) or as a string
 * `type ‖ rlp(...)` (typed, EIP-2718). eth/69 (EIP-7642) sends `[txType, postStateOrStatus, cumulativeGasUsed, logs]`
 * as a list for every type, without the bloom.
 */

/** Decoded when first read: receipts carry many, and root checks and summaries need only their bytes. */
const log = lazyWhenClean(
  rlpStruct('Log', [
    { name: 'address', codec: address },
    { name: 'topics', codec: rlpListOf(rlpBytes(32)) },
    { name: 'data', codec: rlpBytes() },
  ]),
  'struct',
);

/** Before Byzantium (EIP-658) a 32-byte post-state root; after it an empty string (failure) or 0x01 (success). */
const postStateOrStatus = displayed(rlpBytes(), (field) => {
  if (field.value === '0x') field.display = 'status 0 (failed)';
  else if (field.value === '0x01') field.display = 'status 1 (success)';
  else if (typeof field.value === 'string' && field.value.length === 66)
    field.display = 'post-state root (pre-Byzantium)';
});

const consensusFields = [
  { name: 'postStateOrStatus', codec: postStateOrStatus },
  { name: 'cumulativeGasUsed', codec: rlpUint(64) },
  { name: 'logsBloom', codec: rlpBytes(256) },
  { name: 'logs', codec: rlpListOf(log, 'Logs') },
];
const legacyReceipt = rlpStruct('LegacyReceipt', consensusFields);

/** A receipt in consensus encoding (eth/66–68, LES): list for legacy, `type ‖ rlp(...)` string for typed. */
export const consensusReceipt: Codec = {
  typeName: 'Receipt',
  decode(r, name) {
    const at = r.pos;
    const h = readRlpHeader(r.bytes, at, r.end);
    if (h.isList) {
      const field = legacyReceipt.decode(r, name);
      field.children!.push(generatedLeaf('type', 0, 'legacy (no type byte)'));
      return field;
    }
    r.pos = h.payloadEnd;
    const header = rlpHeaderField(r.bytes, at, h);
    const field: Field = { name, shape: 'struct', start: at, end: h.payloadEnd, children: header ? [header] : [] };
    if (h.payloadStart === h.payloadEnd) {
      const error = new DecodeError(at, `${name}: empty receipt`, 'ethereum.receipt.empty');
      field.children!.push(brokenField('type', error, h.payloadEnd));
      throw new PartialDecodeError(error, field);
    }
    field.children!.push(leaf('type', r.bytes[h.payloadStart]!, h.payloadStart, h.payloadStart + 1));
    const inner = new ByteReader(r.bytes, h.payloadStart + 1, h.payloadEnd);
    let body: Field;
    try {
      body = legacyReceipt.decode(inner, name);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      field.children!.push(
        ...(e instanceof PartialDecodeError ? (e.partial.children ?? []) : [brokenField('body', e, h.payloadEnd)]),
      );
      throw new PartialDecodeError(e, field);
    }
    field.children!.push(...(body.children ?? []));
    if (inner.pos < h.payloadEnd) {
      const error = new DecodeError(inner.pos, 'bytes after the receipt body', 'rlp.shape');
      field.children!.push(brokenField('trailing', error, h.payloadEnd));
      throw new PartialDecodeError(error, field);
    }
    return field;
  },
  encode(value, w, path, options) {
    if (!isJsonObject(value)) throw new EncodeError(path, 'expected a receipt object');
    const type = value.type === undefined ? 0n : integerFromJson(value.type, `${path}.type`);
    if (type === 0n) return legacyReceipt.encode(value, w, path, options);
    const sub = new ByteWriter();
    legacyReceipt.encode(value, sub, path, options);
    w.bytes(RLP.encode(concatBytes([Uint8Array.of(Number(type)), sub.finish()])));
  },
  schema: () => ({ ...legacyReceipt.schema(), title: 'Receipt' }),
};

/** eth/69 receipt (EIP-7642): `[txType, postStateOrStatus, cumulativeGasUsed, logs]`, always a list, no bloom. */
export const eth69Receipt = rlpStruct('Receipt69', [
  { name: 'txType', codec: rlpUint(8) },
  { name: 'postStateOrStatus', codec: postStateOrStatus },
  { name: 'cumulativeGasUsed', codec: rlpUint(64) },
  { name: 'logs', codec: rlpListOf(log, 'Logs') },
]);

/** The receipts of one block. */
export const blockReceipts = rlpListOf(consensusReceipt, 'BlockReceipts');
