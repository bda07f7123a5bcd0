import { RLP } from '@ethereumjs/rlp';
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
  return keccak256(node(entries, 0));
}

function toNibbles(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const b of bytes) out.push(b >> 4, b & 0x0f);
  return out;
}

/**
 * The RLP of the node for `entries`, all of which share their first `depth` nibbles, written once into a buffer of
 * its size: the values (whole transactions and receipts) are copied once, and no item is encoded twice.
 */
function node(entries: Entry[], depth: number): Uint8Array {
  if (entries.length === 1) {
    const only = entries[0]!;
    return encodeList([encodeHexPrefix(only.nibbles.slice(depth), true), only.value]);
  }
  const shared = sharedPrefix(entries, depth);
  if (shared > 0) {
    const path = entries[0]!.nibbles.slice(depth, depth + shared);
    return encodeList([encodeHexPrefix(path, false), reference(node(entries, depth + shared))]);
  }
  const items: Item[] = [];
  for (let nibble = 0; nibble < 16; nibble++) {
    const below = entries.filter((e) => e.nibbles.length > depth && e.nibbles[depth] === nibble);
    items.push(below.length === 0 ? EMPTY : reference(node(below, depth + 1)));
  }
  const ending = entries.find((e) => e.nibbles.length === depth);
  items.push(ending ? ending.value : EMPTY);
  return encodeList(items);
}

const EMPTY = new Uint8Array(0);

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

/** A list item: a byte string, or a child node's RLP embedded as it is. */
type Item = Uint8Array | { embedded: Uint8Array };

/** A child node (its RLP) as its parent holds it: embedded when shorter than 32 bytes, else by its hash. */
function reference(child: Uint8Array): Item {
  return child.length < 32 ? { embedded: child } : keccak256(child);
}

function encodeList(items: readonly Item[]): Uint8Array {
  let payload = 0;
  for (const item of items) payload += encodedLength(item);
  const out = new Uint8Array(headerLength(payload) + payload);
  let at = writeHeader(out, 0, payload, 0xc0);
  for (const item of items) {
    if (item instanceof Uint8Array && !(item.length === 1 && item[0]! < 0x80)) {
      at = writeHeader(out, at, item.length, 0x80);
    }
    const bytes = item instanceof Uint8Array ? item : item.embedded;
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

function encodedLength(item: Item): number {
  if (!(item instanceof Uint8Array)) return item.embedded.length;
  return item.length === 1 && item[0]! < 0x80 ? 1 : headerLength(item.length) + item.length;
}

function headerLength(length: number): number {
  let size = 1;
  for (let rest = length > 55 ? length : 0; rest > 0; rest = Math.floor(rest / 256)) size++;
  return size;
}

/** Writes the header of a string (`base` 0x80) or list (0xc0) of `length` bytes at `at`; returns where it ends. */
function writeHeader(out: Uint8Array, at: number, length: number, base: number): number {
  const size = headerLength(length);
  if (size === 1) out[at] = base + length;
  else {
    out[at] = base + 55 + size - 1;
    for (let i = size - 1, rest = length; i >= 1; i--, rest = Math.floor(rest / 256)) out[at + i] = rest % 256;
  }
  return at + size;
}
