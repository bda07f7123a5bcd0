import { ByteListType, ByteVectorType, ContainerType, ListBasicType, type Type } from '@chainsafe/ssz';
import { Bytes32, uint256, uint8 } from '../wire-types';
import { draftStateContentId, sha256ContentId } from './content-ids';
import type { ContentKeyKind, ContentType, KeyValue } from './content-key-kind';

/**
 * State network content keys (0x500A; specs/portal.md §5.3): the five keys of the 2021–22 drafts with their own
 * content id rules; the same five re-prefixed 0x20–0x24 in the 2023-12 test vectors (their ids still follow the
 * draft rules, specs/README.md lists them as not updated); and the three trie-node keys of 2024 with
 * sha256(key), whose `address` became `address_hash` in 2024-08.
 */

const Address = new ByteVectorType(20);
/** The drafts' path: one byte per nibble. */
const DraftPath = new ListBasicType(uint8, 64);
/** Since 2024-02: nibbles packed two per byte, the first byte's high nibble flagging an odd count. */
export const PackedNibbles = new ByteListType(33);

const draftTypes = {
  accountTrieNode: new ContainerType(
    { path: DraftPath, node_hash: Bytes32, state_root: Bytes32 },
    { typeName: 'AccountTrieNodeKey' },
  ),
  storageTrieNode: new ContainerType(
    { address: Address, path: DraftPath, node_hash: Bytes32, state_root: Bytes32 },
    { typeName: 'ContractStorageTrieNodeKey' },
  ),
  accountTrieProof: new ContainerType({ address: Address, state_root: Bytes32 }, { typeName: 'AccountTrieProofKey' }),
  storageTrieProof: new ContainerType(
    { address: Address, slot: uint256, state_root: Bytes32 },
    { typeName: 'ContractStorageTrieProofKey' },
  ),
  contractBytecode: new ContainerType({ address: Address, code_hash: Bytes32 }, { typeName: 'ContractBytecodeKey' }),
};

const bytes = (v: KeyValue, name: string) => v[name] as Uint8Array;
const pathBytes = (v: KeyValue) => Uint8Array.from(v.path as number[]);

/** The drafts' five keys at selector `base` + 0..4. */
function draftKeys(base: number, from: string, until: string, vectorsOnly: boolean): ContentKeyKind[] {
  const era = vectorsOnly ? '2023_vectors' : 'draft';
  const kind = (
    offset: number,
    name: string,
    label: string,
    type: Type<unknown>,
    idRule: string,
    contentId: (v: KeyValue) => Uint8Array,
  ): ContentKeyKind => ({
    id: `state.${name}_${era}`,
    network: 'state',
    label,
    selector: base + offset,
    type,
    from,
    until,
    ...(vectorsOnly ? { vectorsOnly } : {}),
    idRule,
    contentId: (_key, value) => contentId(value),
    content: 'state.draft' as ContentType,
  });
  return [
    kind(0, 'account_trie_node', 'account trie node', draftTypes.accountTrieNode, 'sha256(path ‖ node_hash)', (v) =>
      draftStateContentId.accountTrieNode(pathBytes(v), bytes(v, 'node_hash')),
    ),
    kind(
      1,
      'contract_storage_trie_node',
      'contract storage trie node',
      draftTypes.storageTrieNode,
      'sha256(address ‖ path ‖ node_hash)',
      (v) => draftStateContentId.storageTrieNode(bytes(v, 'address'), pathBytes(v), bytes(v, 'node_hash')),
    ),
    kind(2, 'account_trie_proof', 'account trie proof', draftTypes.accountTrieProof, 'keccak(address)', (v) =>
      draftStateContentId.accountTrieProof(bytes(v, 'address')),
    ),
    kind(
      3,
      'contract_storage_trie_proof',
      'contract storage trie proof',
      draftTypes.storageTrieProof,
      '(keccak(address) + keccak(slot)) mod 2^256',
      (v) => draftStateContentId.storageTrieProof(bytes(v, 'address'), BigInt(v.slot as bigint)),
    ),
    kind(4, 'contract_bytecode', 'contract bytecode', draftTypes.contractBytecode, 'sha256(address ‖ code_hash)', (v) =>
      draftStateContentId.contractBytecode(bytes(v, 'address'), bytes(v, 'code_hash')),
    ),
  ];
}

function trieKey(
  name: string,
  label: string,
  selector: number,
  fields: Record<string, unknown>,
  content: ContentType,
  from: string,
  until?: string,
): ContentKeyKind {
  const kind: ContentKeyKind = {
    id: `state.${name}`,
    network: 'state',
    label,
    selector,
    type: new ContainerType(fields as never, { typeName: `${label.replace(/ /g, '_')}_key` }),
    from,
    idRule: 'sha256(content_key)',
    contentId: sha256ContentId,
    content,
  };
  if (until !== undefined) kind.until = until;
  return kind;
}

export const STATE_KEYS: readonly ContentKeyKind[] = [
  ...draftKeys(0x00, '2021-10', '2023-03', false),
  ...draftKeys(0x20, '2023-12', '2024-02', true),
  trieKey(
    'account_trie_node',
    'account trie node',
    0x20,
    { path: PackedNibbles, node_hash: Bytes32 },
    'state.account-trie-node',
    '2024-02',
  ),
  trieKey(
    'contract_trie_node_2024',
    'contract storage trie node',
    0x21,
    { address: Address, path: PackedNibbles, node_hash: Bytes32 },
    'state.contract-trie-node',
    '2024-02',
    '2024-08',
  ),
  trieKey(
    'contract_code_2024',
    'contract bytecode',
    0x22,
    { address: Address, code_hash: Bytes32 },
    'state.contract-code',
    '2024-02',
    '2024-08',
  ),
  trieKey(
    'contract_trie_node',
    'contract trie node',
    0x21,
    { address_hash: Bytes32, path: PackedNibbles, node_hash: Bytes32 },
    'state.contract-trie-node',
    '2024-08',
  ),
  trieKey(
    'contract_code',
    'contract code',
    0x22,
    { address_hash: Bytes32, code_hash: Bytes32 },
    'state.contract-code',
    '2024-08',
  ),
];

/**
 * Packed nibbles as a list (state-network.md "Nibbles"): first byte high nibble 0 = even count (low nibble 0),
 * 1 = odd count (first nibble in the low half); then two nibbles per byte. Null when the flag is neither.
 */
export function unpackNibbles(packed: Uint8Array): number[] | null {
  if (packed.length === 0) return null;
  const flag = packed[0]! >> 4;
  if (flag > 1 || (flag === 0 && (packed[0]! & 0x0f) !== 0)) return null;
  const out: number[] = flag === 1 ? [packed[0]! & 0x0f] : [];
  for (let i = 1; i < packed.length; i++) out.push(packed[i]! >> 4, packed[i]! & 0x0f);
  return out;
}
