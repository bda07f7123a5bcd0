import { rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import { toHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { annotated, named, withGenerated } from '../ethereum/annotated-codec';
import { blockBody, hashList } from '../ethereum/block-body';
import { variantCodec, type VariantCodec } from '../ethereum/codec-variants';
import { bytesOf, childNamed } from '../ethereum/field-values';
import { blockHeader } from '../ethereum/header';
import { keccak256 } from '../ethereum/keccak';
import { flattenedStruct, inOneItemList, payloadAsField, rawByte } from '../ethereum/rlp-wrappers';
import { nodeHashOf, trieNodeBytes } from '../ethereum/trie-node';
import { RESS_NOTES } from './note-kinds';

/**
 * Every ress message in each shape it has had (specs/ress.md §3):
 * - `readme`: the seed's ress/0 text, singletons in one-item lists (`[request-id, [blockhash]]`, `[nodetype]`);
 * - `wire`: what the code sends as ress version 1: NodeType a raw byte, single items unwrapped; the seed's message
 *   set until 2025-02-12 (paradigmxyz/ress), the list messages GetHeaders/Headers/GetBlockBodies/BlockBodies and the
 *   flat node witness from 2025-03 (reth).
 * The generated `form` field says which; a composer JSON without it gets `wire`.
 */

export const NODE_TYPES: Readonly<Record<number, string>> = { 0: 'stateless', 1: 'stateful' };

const requestId = { name: 'request-id', codec: rlpUint(64) };
const hash32 = rlpBytes(32);

const SEED_CODE = 'ress/1 wire form (paradigmxyz/ress until 2025-02-12, the seed’s message set)';
const RETH = 'ress/1 wire form (reth, 2025-03 on)';
const BOTH = 'ress/1 wire form (paradigmxyz/ress and reth alike)';
const README = 'the seed README’s ress/0 lists ([request-id, [item]])';

function forms(typeName: string, wire: Codec, readme: Codec | null, wireDisplay: string): VariantCodec {
  const variants = [{ form: 'wire', codec: wire, display: wireDisplay }];
  if (readme) variants.push({ form: 'readme', codec: readme, display: README });
  return variantCodec(typeName, variants, { formField: 'form' });
}

/** `[request-id, item]` and the README's `[request-id, [item]]`. */
function pair(typeName: string, name: string, item: Codec, wireDisplay: string): VariantCodec {
  return forms(
    typeName,
    rlpStruct(typeName, [requestId, { name, codec: item }]),
    rlpStruct(typeName, [requestId, { name, codec: inOneItemList(item) }]),
    wireDisplay,
  );
}

const nodeTypeValue = named(rlpUint(8), NODE_TYPES);

/** NodeType (0x00): reth and the ress repo send one raw byte; the README writes `[nodetype]`. */
export const nodeType = forms(
  'NodeType',
  payloadAsField('nodetype', rawByte(NODE_TYPES)),
  rlpStruct('NodeType', [{ name: 'nodetype', codec: nodeTypeValue }]),
  `${BOTH}: one raw byte, not RLP`,
);

export const getHeader = pair('GetHeader', 'blockhash', hash32, SEED_CODE);
export const header = pair('Header', 'header', blockHeader, SEED_CODE);
export const getBlockBody = pair('GetBlockBody', 'blockhash', hash32, SEED_CODE);
export const blockBodyMessage = pair('BlockBody', 'blockbody', blockBody, SEED_CODE);
export const getBytecode = pair('GetBytecode', 'codehash', hash32, BOTH);
export const getWitness = pair('GetWitness', 'blockhash', hash32, BOTH);

/** Bytecode (0x06) with the keccak256 of the code, which the session checks against the requested code hash. */
export const bytecode = withGenerated(
  pair('Bytecode', 'bytes', rlpBytes(), BOTH),
  (field) => {
    const code = bytesOf(childNamed(field, 'bytes'));
    return code ? [generatedLeaf('codeHash', toHex(keccak256(code)), 'keccak256(bytes)')] : [];
  },
  { codeHash: { type: 'string', description: 'generated: keccak256 of the bytecode' } },
);

/** reth GetHeaders (0x01): `[request-id, [start_hash, limit]]`, headers from start_hash towards genesis. */
export const getHeaders = forms(
  'GetHeaders',
  flattenedStruct('GetHeaders', [
    requestId,
    {
      inner: 'request',
      members: [
        { name: 'start_hash', codec: hash32 },
        { name: 'limit', codec: rlpUint(64) },
      ],
    },
  ]),
  null,
  RETH,
);
export const headers = forms(
  'Headers',
  rlpStruct('Headers', [requestId, { name: 'headers', codec: rlpListOf(blockHeader, 'Headers') }]),
  null,
  RETH,
);
export const getBlockBodies = forms(
  'GetBlockBodies',
  rlpStruct('GetBlockBodies', [requestId, { name: 'hashes', codec: hashList }]),
  null,
  RETH,
);
export const blockBodies = forms(
  'BlockBodies',
  rlpStruct('BlockBodies', [requestId, { name: 'bodies', codec: rlpListOf(blockBody, 'BlockBodies') }]),
  null,
  RETH,
);

/** A seed-era witness entry `[hash, node]` (StateWitnessEntry), the hash checked against keccak256(node). */
const witnessEntry = rlpStruct('StateWitnessEntry', [
  { name: 'hash', codec: hash32 },
  { name: 'node', codec: trieNodeBytes },
]);

function checkEntries(field: Field, bytes: Uint8Array): void {
  const list = childNamed(field, 'statewitness');
  for (const entry of list?.children ?? []) {
    const hash = childNamed(entry, 'hash');
    const computed = nodeHashOf(childNamed(entry, 'node'), bytes);
    if (hash && computed && hash.value !== computed) {
      addNote(hash, 'error', RESS_NOTES.witnessHash, `keccak256(node) is ${computed}, not this hash`);
    }
  }
}

const entries = rlpListOf(witnessEntry, 'StateWitnessNet');
const nodes = rlpListOf(trieNodeBytes, 'StateWitness');

/**
 * Witness (0x08): reth's flat `[request-id, [node, ...]]`; the ress repo's `[request-id, [[hash, node], ...]]`
 * until reth took over (2025-03); the README's `[request-id, [statewitness]]` read as that entry list wrapped.
 */
export const witness: VariantCodec = variantCodec(
  'Witness',
  [
    {
      form: 'wire',
      codec: rlpStruct('Witness', [requestId, { name: 'statewitness', codec: nodes }]),
      display: `${RETH}: trie nodes`,
    },
    {
      form: 'wire-entries',
      codec: annotated(rlpStruct('Witness', [requestId, { name: 'statewitness', codec: entries }]), checkEntries),
      display: `${SEED_CODE}: [hash, node] entries`,
    },
    {
      form: 'readme',
      codec: annotated(
        rlpStruct('Witness', [requestId, { name: 'statewitness', codec: inOneItemList(entries) }]),
        checkEntries,
      ),
      display: `${README}, the entries wrapped once more`,
    },
  ],
  { formField: 'form' },
);
