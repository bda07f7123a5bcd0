import { rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { annotated, named } from '../ethereum/annotated-codec';
import { hashList, transactions } from '../ethereum/block-body';
import { childNamed } from '../ethereum/field-values';
import { hashOrNumber } from '../ethereum/hash-or-number';
import { flattenedStruct, payloadAsField } from '../ethereum/rlp-wrappers';
import { LES_NOTES } from './note-kinds';

/**
 * The LES requests (devp2p caps/les.md §Protocol Messages), each `[reqID, data]`, with the spec's member names.
 * Details beyond the spec (origin by length, account key by length, helper-trie keys) follow specs/les.md §3.
 */

const reqID = { name: 'reqID', codec: rlpUint(64) };
const u64 = rlpUint(64);
const hash32 = rlpBytes(32);

const reverse = annotated(rlpUint(8), (field) => {
  if (field.value === 0 || field.value === 1)
    field.display = `${String(field.value)} (${field.value ? 'falling' : 'rising'})`;
  else addNote(field, 'warning', LES_NOTES.reverseFlag, `reverse ${String(field.value)}: must be 0 or 1`);
});

/** GetBlockHeaders (0x02): `[reqID, [block: {P, B_32}, maxHeaders, skip, reverse]]`. */
export const getBlockHeaders = flattenedStruct('GetBlockHeaders', [
  reqID,
  {
    inner: 'query',
    members: [
      { name: 'block', codec: hashOrNumber },
      { name: 'maxHeaders', codec: u64 },
      { name: 'skip', codec: u64 },
      { name: 'reverse', codec: reverse },
    ],
  },
]);

/** GetBlockBodies (0x04) and GetReceipts (0x06): `[reqID, [hash, ...]]`. */
export const byBlockHashes = (typeName: string) => rlpStruct(typeName, [reqID, { name: 'hashes', codec: hashList }]);

/** The account key: keccak256(address) (32 bytes) until geth 2023-06, the address itself (20 bytes) after. */
const accountKey = annotated(rlpBytes(), (field) => {
  const length = typeof field.value === 'string' ? (field.value.length - 2) / 2 : 0;
  if (length === 32) field.display = `${String(field.value)} (keccak256 of the address)`;
  else if (length === 20) field.display = `${String(field.value)} (the address: geth after 2023-06)`;
});

/** A request of many parts: `[reqID, [request, ...]]`. */
const requestList = (typeName: string, request: Codec) =>
  rlpStruct(typeName, [reqID, { name: 'requests', codec: rlpListOf(request) }]);

/** GetProofs (0x08, les/1) and GetProofsV2 (0x0f): `[reqID, [[blockhash, key, key2, fromLevel], ...]]`. */
export const getProofs = (typeName: string) =>
  requestList(
    typeName,
    rlpStruct('ProofRequest', [
      { name: 'blockhash', codec: hash32 },
      { name: 'key', codec: accountKey },
      {
        name: 'key2',
        codec: annotated(rlpBytes(), (f) => {
          if (f.value === '0x') f.display = 'empty: an account proof';
        }),
      },
      { name: 'fromLevel', codec: u64 },
    ]),
  );

/** GetContractCodes (0x0a): `[reqID, [[blockhash, key], ...]]`. */
export const getContractCodes = requestList(
  'GetContractCodes',
  rlpStruct('CodeRequest', [
    { name: 'blockhash', codec: hash32 },
    { name: 'key', codec: accountKey },
  ]),
);

/** GetHeaderProofs (0x0d, les/1): `[reqID, [[chtNumber, blockNumber, fromLevel], ...]]`. */
export const getHeaderProofs = requestList(
  'GetHeaderProofs',
  rlpStruct('HeaderProofRequest', [
    { name: 'chtNumber', codec: u64 },
    { name: 'blockNumber', codec: u64 },
    { name: 'fromLevel', codec: u64 },
  ]),
);

export const HELPER_TRIE_TYPES: Readonly<Record<number, string>> = { 0: 'CHT', 1: 'BloomBits' };
/** Both helper tries are built per section of 32768 blocks (les/2+). */
const SECTION_SIZE = 32768n;

/** The key read by its subType: CHT = 8-byte block number; BloomBits = 2-byte bit index ‖ 8-byte section index. */
function explainHelperKey(request: Field): void {
  const subType = childNamed(request, 'subType');
  const key = childNamed(request, 'key');
  const hex = typeof key?.value === 'string' ? key.value.slice(2) : '';
  if (!key) return;
  if (subType?.value === 0 && hex.length === 16) {
    const block = BigInt(`0x${hex}`);
    key.display = `block ${block} (section ${block / SECTION_SIZE})`;
  } else if (subType?.value === 1 && hex.length === 20) {
    key.display = `bloom bit ${parseInt(hex.slice(0, 4), 16)}, section ${BigInt(`0x${hex.slice(4)}`)}`;
  }
}

const auxReq = annotated(u64, (field) => {
  field.display =
    { 0: '0 (none)', 1: '1 (trie root)', 2: '2 (header, for CHT)' }[Number(field.value)] ?? String(field.value);
});

/** GetHelperTrieProofs (0x11): `[reqID, [[subType, sectionIdx, key, fromLevel, auxReq], ...]]`. */
export const getHelperTrieProofs = requestList(
  'GetHelperTrieProofs',
  annotated(
    rlpStruct('HelperTrieRequest', [
      {
        name: 'subType',
        codec: named(u64, HELPER_TRIE_TYPES, (f) =>
          addNote(f, 'warning', LES_NOTES.subType, `subType ${String(f.value)}: 0 CHT or 1 BloomBits`),
        ),
      },
      { name: 'sectionIdx', codec: u64 },
      { name: 'key', codec: rlpBytes() },
      { name: 'fromLevel', codec: u64 },
      { name: 'auxReq', codec: auxReq },
    ]),
    explainHelperKey,
  ),
);

/** SendTxV2 (0x13): `[reqID, [tx, ...]]`. */
export const sendTxV2 = rlpStruct('SendTxV2', [reqID, { name: 'transactions', codec: transactions }]);

/** GetTxStatus (0x14): `[reqID, [txHash, ...]]`. */
export const getTxStatus = byBlockHashes('GetTxStatus');

/** SendTx (0x0c, les/1): `[tx, ...]`, no reqID. */
export const sendTx: Codec = payloadAsField('transactions', transactions);
