import { ByteListType, ContainerType, ListCompositeType, type Type } from '@chainsafe/ssz';
import { walk } from '../../codecs/ssz';
import type { Field } from '../../core/field';
import { trieNode } from '../../ethereum/trie-node';
import type { ContentType } from '../content-keys/content-key-kind';
import { Bytes32 } from '../wire-types';
import { decodeHeldValue } from './embedded-codec';

/**
 * State content values (legacy/state/state-network.md, since 2024-02): what a node offers carries the proof from
 * the state root down (TrieProof, root first) and the block it is valid for; what FindContent returns is the
 * node or the code alone. Trie nodes are RLP, shown by the ethereum trie-node reader.
 */

const TrieNode = new ByteListType(1024);
const TrieProof = new ListCompositeType(TrieNode, 65);
const Code = new ByteListType(32768);

const OFFER_TYPES: Partial<Record<ContentType, Type<unknown>>> = {
  'state.account-trie-node': new ContainerType(
    { proof: TrieProof, block_hash: Bytes32 },
    { typeName: 'AccountTrieNodeWithProof' },
  ),
  'state.contract-trie-node': new ContainerType(
    { storage_proof: TrieProof, account_proof: TrieProof, block_hash: Bytes32 },
    { typeName: 'ContractTrieNodeWithProof' },
  ),
  'state.contract-code': new ContainerType(
    { code: Code, account_proof: TrieProof, block_hash: Bytes32 },
    { typeName: 'ContractCodeWithProof' },
  ),
};

const RETRIEVAL_TYPES: Partial<Record<ContentType, Type<unknown>>> = {
  'state.account-trie-node': new ContainerType({ node: TrieNode }, { typeName: 'TrieNodeRetrieval' }),
  'state.contract-trie-node': new ContainerType({ node: TrieNode }, { typeName: 'TrieNodeRetrieval' }),
  'state.contract-code': new ContainerType({ code: Code }, { typeName: 'ContractCodeRetrieval' }),
};

export function readStateValue(
  content: ContentType,
  purpose: 'offer' | 'retrieval',
  bytes: Uint8Array,
  start: number,
  end: number,
): Field | null {
  const type = (purpose === 'offer' ? OFFER_TYPES : RETRIEVAL_TYPES)[content];
  if (!type) return null;
  const field = walk(type, bytes, start, end, purpose === 'offer' ? 'content_for_offer' : 'content_for_retrieval');
  for (const member of field.children ?? []) {
    if (member.name === 'node') decodeHeldValue(member, bytes, trieNode);
    if (member.name.endsWith('proof')) {
      for (const node of member.children ?? []) if (!node.encoding) decodeHeldValue(node, bytes, trieNode);
    }
  }
  return field;
}
