import { rlpBytes, rlpItem, rlpListOf, rlpStruct, rlpUint } from '../../codecs/rlp';
import { hashList } from '../../ethereum/block-body';
import { rlpBytesHolding } from '../../ethereum/rlp-wrappers';
import { storageValue } from '../../ethereum/state-account';
import { trieNodeBytes } from '../../ethereum/trie-node';
import { codeWithHash } from '../../ethereum/contract-code';

/**
 * The snap payloads (devp2p caps/snap.md §Protocol Messages), named as the spec names them. Proof and trie nodes
 * are byte strings holding node RLP; account bodies are the "slim" account (empty storage root and code hash
 * left empty), read below their bytes.
 */

const reqID = { name: 'reqID', codec: rlpUint(64) };
const hash32 = rlpBytes(32);
const responseBytes = { name: 'responseBytes', codec: rlpUint(64) };
const proof = { name: 'proof', codec: rlpListOf(trieNodeBytes, 'Proof') };

/** snap.md §Data format: `[nonce, balance, storageRoot, codeHash]` with the empty root and empty code hash as `0x`. */
const slimAccount = rlpStruct('SlimAccount', [
  { name: 'nonce', codec: rlpUint(64) },
  { name: 'balance', codec: rlpUint(256) },
  { name: 'storageRoot', codec: rlpBytes() },
  { name: 'codeHash', codec: rlpBytes() },
]);

export const getAccountRange = rlpStruct('GetAccountRange', [
  reqID,
  { name: 'rootHash', codec: hash32 },
  { name: 'startingHash', codec: hash32 },
  { name: 'limitHash', codec: hash32 },
  responseBytes,
]);

export const accountRange = rlpStruct('AccountRange', [
  reqID,
  {
    name: 'accounts',
    codec: rlpListOf(
      rlpStruct('AccountData', [
        { name: 'accHash', codec: hash32 },
        { name: 'accBody', codec: rlpBytesHolding(slimAccount, 'account') },
      ]),
      'Accounts',
    ),
  },
  proof,
]);

export const getStorageRanges = rlpStruct('GetStorageRanges', [
  reqID,
  { name: 'rootHash', codec: hash32 },
  { name: 'accountHashes', codec: hashList },
  { name: 'startingHash', codec: rlpBytes() },
  { name: 'limitHash', codec: rlpBytes() },
  responseBytes,
]);

export const storageRanges = rlpStruct('StorageRanges', [
  reqID,
  {
    name: 'slots',
    codec: rlpListOf(
      rlpListOf(
        rlpStruct('StorageData', [
          { name: 'slotHash', codec: hash32 },
          { name: 'slotData', codec: rlpBytesHolding(storageValue, 'value') },
        ]),
        'AccountSlots',
      ),
      'Slots',
    ),
  },
  proof,
]);

export const getByteCodes = rlpStruct('GetByteCodes', [
  reqID,
  { name: 'hashes', codec: hashList },
  { name: 'bytes', codec: rlpUint(64) },
]);
export const byteCodes = rlpStruct('ByteCodes', [reqID, { name: 'codes', codec: rlpListOf(codeWithHash, 'Codes') }]);

/** snap/1 GetTrieNodes: paths grouped per account, `[accPath, slotPath₁, …]`, each a compact-encoded path. */
export const getTrieNodes = rlpStruct('GetTrieNodes', [
  reqID,
  { name: 'rootHash', codec: hash32 },
  { name: 'paths', codec: rlpListOf(rlpListOf(rlpBytes(), 'PathSet'), 'Paths') },
  { name: 'bytes', codec: rlpUint(64) },
]);
export const trieNodes = rlpStruct('TrieNodes', [reqID, { name: 'nodes', codec: rlpListOf(trieNodeBytes, 'Nodes') }]);

export const getBlockAccessLists = rlpStruct('GetBlockAccessLists', [
  reqID,
  { name: 'hashes', codec: hashList },
  { name: 'bytes', codec: rlpUint(64) },
]);
/** snap/2 BlockAccessLists: each list as bytes holding its RLP (snap.md: `bal: B`). */
export const blockAccessLists = rlpStruct('BlockAccessLists', [
  reqID,
  { name: 'bals', codec: rlpListOf(rlpBytesHolding(rlpItem, 'bal'), 'BlockAccessLists') },
]);
