import { rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import { blockHeader } from './header';
import { transaction } from './transaction';
import { address } from './transaction-fields';

/**
 * The block body `[transactions, ommers, withdrawals]` (devp2p caps/eth.md "Block Encoding and Validity",
 * specs/ress.md §6): withdrawals are absent before Shanghai and present, possibly empty, after it.
 */

/** EIP-4895 withdrawal `[index, validatorIndex, address, amount]`, the amount in Gwei. */
export const withdrawal = rlpStruct('Withdrawal', [
  { name: 'index', codec: rlpUint(64) },
  { name: 'validatorIndex', codec: rlpUint(64) },
  { name: 'address', codec: address },
  { name: 'amount', codec: rlpUint(64) },
]);

export const transactions = rlpListOf(transaction, 'Transactions');
export const ommers = rlpListOf(blockHeader, 'Ommers');

export const blockBody = rlpStruct('BlockBody', [
  { name: 'transactions', codec: transactions },
  { name: 'ommers', codec: ommers },
  { name: 'withdrawals', codec: rlpListOf(withdrawal, 'Withdrawals'), optional: true },
]);

/** A 32-byte hash list, the most common request payload. */
export const hashList = rlpListOf(rlpBytes(32), 'Hashes');
