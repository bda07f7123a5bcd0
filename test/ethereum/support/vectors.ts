import { RLP } from '@ethereumjs/rlp';
import { readFileSync } from 'node:fs';
import { fromHex } from '../../../decoders/core/bytes';

/** The public research vectors (test/vectors, copied from ../shared/vectors), read as JSON. */
export function sharedVector<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../vectors/${name}`, import.meta.url), 'utf8')) as T;
}

interface PortalValue {
  name: string;
  content_key: string;
  content_value?: string;
  content_value_offer?: string;
  content_value_retrieval?: string;
  block_number?: string;
}

const portal = () => sharedVector<{ values: PortalValue[] }>('portal-content-values.json').values;

/** The items of an SSZ list of variable-size byte lists: a table of 4-byte little-endian offsets, then the items. */
export function sszByteLists(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length === 0) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint32(0, true);
  const offsets: number[] = [];
  for (let i = 0; i < first; i += 4) offsets.push(view.getUint32(i, true));
  return offsets.map((start, i) => bytes.subarray(start, offsets[i + 1] ?? bytes.length));
}

/** A consensus-encoded item (legacy list or `type ‖ rlp`) as it stands inside an RLP list: typed ones as strings. */
function asListItem(encoded: Uint8Array): Uint8Array {
  return encoded[0]! >= 0xc0 ? encoded : RLP.encode(encoded);
}

function rlpList(items: readonly Uint8Array[]): Uint8Array {
  // Items are already RLP: splice them under one list header built by @ethereumjs/rlp.
  return RLP.encode(items.map((item) => RLP.decode(item) as Uint8Array));
}

/**
 * Mainnet block 14764013 from the Portal legacy history vectors (real chain data): its header RLP, its body
 * rebuilt as the devp2p RLP `[transactions, ommers]`, and its receipts as the RLP list of consensus receipts.
 */
export function mainnetBlock14764013(): { header: Uint8Array; body: Uint8Array; receipts: Uint8Array; hash: string } {
  const values = portal().filter((v) => v.block_number === '14764013');
  const headerValue = fromHex(values.find((v) => v.name.startsWith('BlockHeaderWithProof'))!.content_value!);
  const view = new DataView(headerValue.buffer, headerValue.byteOffset);
  const header = headerValue.subarray(view.getUint32(0, true), view.getUint32(4, true));
  const bodyValue = fromHex(values.find((v) => v.name.startsWith('BlockBody'))!.content_value!);
  const bodyView = new DataView(bodyValue.buffer, bodyValue.byteOffset);
  const txs = sszByteLists(bodyValue.subarray(bodyView.getUint32(0, true), bodyView.getUint32(4, true)));
  const uncles = bodyValue.subarray(bodyView.getUint32(4, true));
  const body = rlpList([rlpList(txs.map(asListItem)), uncles]);
  const receiptItems = sszByteLists(fromHex(values.find((v) => v.name.startsWith('Receipts'))!.content_value!));
  const receipts = rlpList(receiptItems.map(asListItem));
  const key = values[0]!.content_key;
  return { header, body, receipts, hash: `0x${key.slice(4)}` };
}

/** The mainnet headers of the Portal "ephemeral headers" vector (block 20000000 and its parent, Cancun). */
export function mainnetHeaders20000000(): { headers: Uint8Array[]; firstHash: string } {
  const value = portal().find((v) => v.name.startsWith('Ephemeral Headers by Find Content'))!;
  return { headers: sszByteLists(fromHex(value.content_value!)), firstHash: `0x${value.content_key.slice(4, 68)}` };
}

/**
 * The account proof of the Portal legacy state vectors ("Account Trie Node", offer form): SSZ
 * `Container(proof: List[ByteList], block_hash: Bytes32)`, the trie nodes from the state root down to a leaf.
 */
export function mainnetAccountProof(): Uint8Array[] {
  const value = portal().find((v) => v.name === 'Account Trie Node' && v.content_value_offer)!;
  const bytes = fromHex(value.content_value_offer!);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return sszByteLists(bytes.subarray(view.getUint32(0, true), bytes.length));
}
