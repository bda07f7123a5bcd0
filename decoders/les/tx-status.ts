import { rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import { decodeUtf8Strict, fromHex } from '../core/bytes';
import { addNote, type Field } from '../core/field';
import { annotated, named } from '../ethereum/annotated-codec';
import { variantCodec } from '../ethereum/codec-variants';
import { childNamed } from '../ethereum/field-values';
import { readHeld } from '../ethereum/rlp-wrappers';
import { LES_NOTES } from './note-kinds';

/**
 * One TxStatus element (les.md §TxStatus). The spec writes `[status, data]`, data an RLP-encoded
 * `[blockHash, blockNumber, txIndex]` when included or an error text; geth (light.TxStatus) sends
 * `[status, lookup, error]`, lookup `[blockHash, blockIndex, index]` or the empty list (specs/les.md §3).
 */

export const TX_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Queued',
  2: 'Pending',
  3: 'Included',
  4: 'Error',
};

const status = named(rlpUint(64), TX_STATUS_NAMES, (field) =>
  addNote(field, 'warning', LES_NOTES.txStatus, `status ${String(field.value)} is none of 0–4`),
);

/** `[blockHash, blockNumber, txIndex]`, the spec's `data` of an Included status. */
const inclusion = rlpStruct('TxInclusion', [
  { name: 'blockHash', codec: rlpBytes(32) },
  { name: 'blockNumber', codec: rlpUint(64) },
  { name: 'txIndex', codec: rlpUint(64) },
]);

/** The spec's data: read as the inclusion for status 3, as text for status 4. */
function explainData(element: Field, bytes: Uint8Array): void {
  const data = childNamed(element, 'data');
  const code = childNamed(element, 'status')?.value;
  if (!data || typeof data.value !== 'string') return;
  const payloadStart = data.children?.[0]?.end ?? data.start!;
  if (code === 3) {
    const held = readHeld(inclusion, 'inclusion', bytes, payloadStart, data.end!);
    if (held.field) (data.children ??= []).push(held.field);
  } else if (code === 4) {
    const text = decodeUtf8Strict(fromHex(data.value));
    if (text !== null) data.display = JSON.stringify(text);
  }
}

const specElement = annotated(
  rlpStruct('TxStatus', [
    { name: 'status', codec: status },
    { name: 'data', codec: rlpBytes() },
  ]),
  explainData,
);

/** geth's lookup: the inclusion, or `c0` when the transaction is not included (every member absent). */
const lookup = rlpStruct('TxLookupEntry', [
  { name: 'blockHash', codec: rlpBytes(32), optional: true },
  { name: 'blockIndex', codec: rlpUint(64), optional: true },
  { name: 'index', codec: rlpUint(64), optional: true },
]);

const gethElement = annotated(
  rlpStruct('GethTxStatus', [
    { name: 'status', codec: status },
    { name: 'lookup', codec: lookup },
    { name: 'error', codec: rlpBytes() },
  ]),
  (element) => {
    const error = childNamed(element, 'error');
    const text = typeof error?.value === 'string' ? decodeUtf8Strict(fromHex(error.value)) : null;
    if (error && text) error.display = JSON.stringify(text);
  },
);

export const txStatusElement = variantCodec(
  'TxStatus',
  [
    { form: 'spec', codec: specElement, display: '[status, data] (les.md)' },
    { form: 'geth', codec: gethElement, display: '[status, lookup, error] (geth light.TxStatus)' },
  ],
  { select: (v) => ('lookup' in v || 'error' in v ? 'geth' : 'spec') },
);

export const txStatusList = rlpListOf(txStatusElement, 'TxStatuses');
