import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak256 } from './keccak';
import { encodeHexPrefix } from './hex-prefix';

/**
 * The root of an "ordered" Merkle Patricia trie (Yellow Paper appendix D) whose keys are rlp(index): how a block
 * commits to its transactions, receipts and withdrawals. Small enough to compute for one block while decoding, so
 * a body or receipt list can be checked against the header it belongs to.
 */

/** keccak256(rlp("")): the root of the empty trie. */
export const EMPTY_TRIE_ROOT = keccak256(Uint8Array.of(0x80));

interface Entry {
  nibbles: number[];
  value: Uint8Array;
}

export function orderedTrieRoot(values: readonly Uint8Array[]): Uint8Array {
  const entries: Entry[] = values.map((value, i) => ({ nibbles: toNibbles(RLP.encode(i)), value }));
  if (entries.length === 0) return EMPTY_TRIE_ROOT;
  return keccak256(RLP.encode(node(entries, 0)));
}

function toNibbles(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const b of bytes) out.push(b >> 4, b & 0x0f);
  return out;
}

/** The node for `entries`, all of which share their first `depth` nibbles, as an RLP input. */
function node(entries: Entry[], depth: number): Input {
  if (entries.length === 1) {
    const only = entries[0]!;
    return [encodeHexPrefix(only.nibbles.slice(depth), true), only.value];
  }
  const shared = sharedPrefix(entries, depth);
  if (shared > 0) {
    const path = entries[0]!.nibbles.slice(depth, depth + shared);
    return [encodeHexPrefix(path, false), reference(node(entries, depth + shared))];
  }
  const slots: Input[] = [];
  let value: Uint8Array = new Uint8Array(0);
  for (let nibble = 0; nibble < 16; nibble++) {
    const below = entries.filter((e) => e.nibbles.length > depth && e.nibbles[depth] === nibble);
    slots.push(below.length === 0 ? new Uint8Array(0) : reference(node(below, depth + 1)));
  }
  const ending = entries.find((e) => e.nibbles.length === depth);
  if (ending) value = ending.value;
  return [...slots, value];
}

function sharedPrefix(entries: Entry[], depth: number): number {
  const first = entries[0]!.nibbles;
  let length = 0;
  for (;;) {
    const at = depth + length;
    if (at >= first.length || entries.some((e) => e.nibbles.length <= at || e.nibbles[at] !== first[at])) break;
    length++;
  }
  return length;
}

/** A child is embedded when its RLP is shorter than 32 bytes, referenced by its hash otherwise. */
function reference(child: Input): Input {
  const encoded = RLP.encode(child);
  return encoded.length < 32 ? child : keccak256(encoded);
}
