import { rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { annotated, displayed } from './annotated-codec';
import { bigintOf } from './field-values';

/**
 * The members of each transaction type, in wire order, named as the JSON-RPC names them (`gas`, `input`, `to`):
 * legacy (Yellow Paper), access-list (EIP-2930, type 1), dynamic fee (EIP-1559, type 2), blob (EIP-4844, type 3)
 * and set-code (EIP-7702, type 4). Only sender-independent fields: no signature recovery.
 */

export const address = rlpBytes(20);
const hash32 = rlpBytes(32);
const u64 = rlpUint(64);
const u256 = rlpUint(256);

/** A signature scalar: an integer on the wire, shown as hex as signatures usually are. */
const scalar = displayed(u256, (field) => {
  const n = bigintOf(field);
  if (n !== null) field.display = `0x${n.toString(16).padStart(64, '0')}`;
});

const yParity = annotated(rlpUint(8), (field) => {
  if (field.value !== 0 && field.value !== 1) {
    addNote(field, 'error', 'ethereum.tx.y-parity', `yParity ${String(field.value)}: must be 0 or 1`);
  }
});

/** `to`: 20 bytes, or empty for contract creation (legacy, 2930, 1559 only). */
const recipient = annotated(rlpBytes(), (field) => checkRecipient(field, true));
/** `to` of blob and set-code transactions, which cannot create contracts (EIP-4844, EIP-7702). */
const requiredRecipient = annotated(rlpBytes(), (field) => checkRecipient(field, false));

function checkRecipient(field: Field, mayCreate: boolean): void {
  const length = typeof field.value === 'string' ? (field.value.length - 2) / 2 : -1;
  if (length === 0 && mayCreate) field.display = 'contract creation';
  else if (length !== 20) {
    const allowed = mayCreate ? '20 bytes, or empty to create a contract' : '20 bytes (this type cannot create)';
    addNote(field, 'error', 'ethereum.tx.to', `to has ${length} bytes: ${allowed}`);
  }
}

/** EIP-2930 access list: `[[address, [storageKey, ...]], ...]`. */
export const accessList = rlpListOf(
  rlpStruct('AccessTuple', [
    { name: 'address', codec: address },
    { name: 'storageKeys', codec: rlpListOf(hash32) },
  ]),
  'AccessList',
);

/** EIP-4844 versioned hashes start with the KZG version byte 0x01. */
const blobVersionedHashes = rlpListOf(
  annotated(hash32, (field) => {
    if (typeof field.value === 'string' && !field.value.startsWith('0x01')) {
      addNote(field, 'warning', 'ethereum.tx.blob-version', 'versioned hash without the KZG version byte 0x01');
    }
  }),
  'VersionedHashes',
);

/** EIP-7702 authorization tuple `[chain_id, address, nonce, y_parity, r, s]`. */
const authorizationList = rlpListOf(
  rlpStruct('Authorization', [
    { name: 'chainId', codec: u256 },
    { name: 'address', codec: address },
    { name: 'nonce', codec: u64 },
    { name: 'yParity', codec: yParity },
    { name: 'r', codec: scalar },
    { name: 's', codec: scalar },
  ]),
  'AuthorizationList',
);

/** Legacy `v`: 27/28 before EIP-155, `chainId * 2 + 35/36` after. */
const legacyV = annotated(u256, (field) => {
  const v = bigintOf(field);
  if (v === null) return;
  if (v === 27n || v === 28n) field.display = `${v} (pre-EIP-155: no chain id)`;
  else if (v >= 35n) field.display = `${v} (EIP-155: chain id ${(v - 35n) / 2n}, parity ${(v - 35n) % 2n})`;
  else addNote(field, 'warning', 'ethereum.tx.v', `v ${v} is neither 27/28 nor EIP-155 (≥ 35)`);
});

export const LEGACY_TRANSACTION = rlpStruct('LegacyTransaction', [
  { name: 'nonce', codec: u64 },
  { name: 'gasPrice', codec: u256 },
  { name: 'gas', codec: u64 },
  { name: 'to', codec: recipient },
  { name: 'value', codec: u256 },
  { name: 'input', codec: rlpBytes() },
  { name: 'v', codec: legacyV },
  { name: 'r', codec: scalar },
  { name: 's', codec: scalar },
]);

const signature = [
  { name: 'yParity', codec: yParity },
  { name: 'r', codec: scalar },
  { name: 's', codec: scalar },
];
const feeMarket = [
  { name: 'chainId', codec: u256 },
  { name: 'nonce', codec: u64 },
  { name: 'maxPriorityFeePerGas', codec: u256 },
  { name: 'maxFeePerGas', codec: u256 },
  { name: 'gas', codec: u64 },
];

/** The call every typed transaction makes, after its fees: recipient, value, input and access list. */
function call(to: Codec) {
  return [
    { name: 'to', codec: to },
    { name: 'value', codec: u256 },
    { name: 'input', codec: rlpBytes() },
    { name: 'accessList', codec: accessList },
  ];
}

/** The RLP list after the type byte, per EIP-2718 type. */
export const TYPED_TRANSACTION_BODIES: Readonly<Record<number, { name: string; codec: Codec }>> = {
  1: {
    name: 'EIP-2930 access list',
    codec: rlpStruct('AccessListTransaction', [
      { name: 'chainId', codec: u256 },
      { name: 'nonce', codec: u64 },
      { name: 'gasPrice', codec: u256 },
      { name: 'gas', codec: u64 },
      ...call(recipient),
      ...signature,
    ]),
  },
  2: {
    name: 'EIP-1559 dynamic fee',
    codec: rlpStruct('DynamicFeeTransaction', [...feeMarket, ...call(recipient), ...signature]),
  },
  3: {
    name: 'EIP-4844 blob',
    codec: rlpStruct('BlobTransaction', [
      ...feeMarket,
      ...call(requiredRecipient),
      { name: 'maxFeePerBlobGas', codec: u256 },
      { name: 'blobVersionedHashes', codec: blobVersionedHashes },
      ...signature,
    ]),
  },
  4: {
    name: 'EIP-7702 set code',
    codec: rlpStruct('SetCodeTransaction', [
      ...feeMarket,
      ...call(requiredRecipient),
      { name: 'authorizationList', codec: authorizationList },
      ...signature,
    ]),
  },
};

const blobTransaction = TYPED_TRANSACTION_BODIES[3]!.codec;
const blobs = rlpListOf(rlpBytes(131072));
/** KZG commitments or proofs: 48 bytes each. */
const kzgList = rlpListOf(rlpBytes(48));

/**
 * A blob transaction as gossiped with its sidecar (PooledTransactions): EIP-4844's network wrapper
 * `[tx, blobs, commitments, proofs]`, or EIP-7594's `[tx, wrapperVersion, blobs, commitments, cellProofs]` (Osaka).
 */
export const BLOB_NETWORK_WRAPPERS = {
  eip4844: rlpStruct('BlobTransactionNetworkWrapper', [
    { name: 'tx', codec: blobTransaction },
    { name: 'blobs', codec: blobs },
    { name: 'commitments', codec: kzgList },
    { name: 'proofs', codec: kzgList },
  ]),
  eip7594: rlpStruct('BlobTransactionCellProofWrapper', [
    { name: 'tx', codec: blobTransaction },
    { name: 'wrapperVersion', codec: rlpUint(8) },
    { name: 'blobs', codec: blobs },
    { name: 'commitments', codec: kzgList },
    { name: 'cellProofs', codec: kzgList },
  ]),
};
