import { rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { blockBody } from '../ethereum/block-body';
import { codeWithHash } from '../ethereum/contract-code';
import { blockHeader } from '../ethereum/header';
import { blockReceipts } from '../ethereum/receipt';
import { flattenedStruct, rlpBytesHolding } from '../ethereum/rlp-wrappers';
import { trieNode } from '../ethereum/trie-node';
import { txStatusList } from './tx-status';

/**
 * The LES replies (devp2p caps/les.md §Protocol Messages): `[reqID, BV, data]`, BV being the server's buffer value
 * after serving the request (les.md §Client Side Flow Control). Proof nodes are RLP items (geth's light.NodeList
 * of raw values), decoded as trie nodes.
 */

const reqID = { name: 'reqID', codec: rlpUint(64) };
const BV = { name: 'BV', codec: rlpUint(64) };

function reply(typeName: string, name: string, data: Codec): Codec {
  return rlpStruct(typeName, [reqID, BV, { name, codec: data }]);
}

const proofNodes = rlpListOf(trieNode, 'Nodes');

export const blockHeaders = reply('BlockHeaders', 'headers', rlpListOf(blockHeader, 'Headers'));
export const blockBodies = reply('BlockBodies', 'bodies', rlpListOf(blockBody, 'BlockBodies'));
export const receipts = reply('Receipts', 'receipts', rlpListOf(blockReceipts, 'Receipts'));
export const proofs = reply('Proofs', 'proofs', rlpListOf(proofNodes, 'Proofs'));
export const contractCodes = reply('ContractCodes', 'codes', rlpListOf(codeWithHash, 'Codes'));
export const headerProofs = reply(
  'HeaderProofs',
  'proofs',
  rlpListOf(
    rlpStruct('HeaderProof', [
      { name: 'header', codec: blockHeader },
      { name: 'proof', codec: proofNodes },
    ]),
    'HeaderProofs',
  ),
);
export const proofsV2 = reply('ProofsV2', 'nodes', proofNodes);
/** auxData items are bytes: a trie root (auxReq 1) or a header's RLP (auxReq 2, CHT), read as a header when it is one. */
export const helperTrieProofs = flattenedStruct('HelperTrieProofs', [
  reqID,
  BV,
  {
    inner: 'data',
    members: [
      { name: 'nodes', codec: proofNodes },
      { name: 'auxData', codec: rlpListOf(rlpBytesHolding(blockHeader, 'header'), 'AuxData') },
    ],
  },
]);
export const txStatus = reply('TxStatus', 'statuses', txStatusList);
