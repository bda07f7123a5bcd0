import { rlpBytes, rlpStruct, rlpUint } from '../codecs/rlp';
import { toHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import { displayed } from './annotated-codec';
import { keccak256 } from './keccak';
import { EMPTY_TRIE_ROOT } from './trie-root';

/** keccak256 of empty code: the codeHash of every account without code. */
export const EMPTY_CODE_HASH = toHex(keccak256(new Uint8Array(0)));
const EMPTY_ROOT_HEX = toHex(EMPTY_TRIE_ROOT);

/** A state-trie account `[nonce, balance, storageRoot, codeHash]` (Yellow Paper §4.1), as a leaf value holds it. */
export const stateAccount: Codec = rlpStruct('Account', [
  { name: 'nonce', codec: rlpUint(64) },
  { name: 'balance', codec: rlpUint(256) },
  {
    name: 'storageRoot',
    codec: displayed(rlpBytes(32), (f) => {
      if (f.value === EMPTY_ROOT_HEX) f.display = `${EMPTY_ROOT_HEX} (empty storage)`;
    }),
  },
  {
    name: 'codeHash',
    codec: displayed(rlpBytes(32), (f) => {
      if (f.value === EMPTY_CODE_HASH) f.display = `${EMPTY_CODE_HASH} (no code)`;
    }),
  },
]);

/** A storage-trie value: rlp(slot value), the integer without leading zeros. */
export const storageValue: Codec = rlpUint(256);
