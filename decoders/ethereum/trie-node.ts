import { RLP } from '@ethereumjs/rlp';
import {
  declareClean,
  lazyWhenClean,
  readRlpHeader,
  rlpBytes,
  rlpHeaderField,
  rlpListHeader,
  type RlpHeader,
} from '../codecs/rlp';
import { toHex } from '../core/bytes';
import { bytesFromJson, decodeChild, hexSchema, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { addNote, generatedLeaf, leaf, type Field } from '../core/field';
import { childPath, EncodeError, isJsonObject, type JsonValue } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';
import { ByteWriter } from '../core/writer';
import { decodeHexPrefix, nibblesText } from './hex-prefix';
import { keccak256 } from './keccak';
import { childNamed, hexOf, itemContent } from './field-values';
import { readHeld } from './rlp-wrappers';
import { stateAccount, storageValue } from './state-account';

/**
 * Merkle Patricia trie nodes (Yellow Paper appendix D): a branch `[child₀ … child₁₅, value]`, an extension
 * `[path, child]` or a leaf `[path, value]`, the path hex-prefix encoded. A child is empty, the 32-byte hash of a
 * node, or a node under 32 bytes embedded in place. Proofs and witnesses carry nodes either as RLP items (LES,
 * geth's NodeList of raw values) or as byte strings holding the node's RLP (ress witnesses, snap proofs); both
 * decode to the same JSON, with the node's kind and (for nodes standing alone) its keccak256 as generated fields.
 */

const path = rlpBytes();
const value = rlpBytes();

/** A leaf value, with its reading as an account (an RLP list) or a storage value (a string) when it is one. */
const leafValue: Codec = {
  ...value,
  decode(r, name) {
    const field = value.decode(r, name);
    const payloadStart = field.children?.[0]?.end ?? field.start!;
    // The first byte says which reading can apply: trying the other one would only fail.
    const account = payloadStart < field.end! && r.bytes[payloadStart]! >= 0xc0;
    const codec = account ? stateAccount : storageValue;
    const held = readHeld(codec, account ? 'account' : 'slot', r.bytes, payloadStart, field.end!);
    if (held.field) {
      (field.children ??= []).push(held.field);
      field.display = `${String(field.value)} (${account ? 'account' : 'storage value'})`;
    }
    return field;
  },
};

function countItems(bytes: Uint8Array, start: number, end: number, scratch: RlpHeader = emptyHeader()): number {
  let count = 0;
  for (let at = start; at < end; count++) at = readRlpHeader(bytes, at, end, scratch).payloadEnd;
  return count;
}

function emptyHeader(): RlpHeader {
  return { isList: false, payloadStart: 0, payloadEnd: 0, headerLength: 0 };
}

/** A reference to a child node: empty, a 32-byte hash, or an embedded node. */
const childReference: Codec = {
  typeName: 'NodeReference',
  decode(r, name) {
    const h = readRlpHeader(r.bytes, r.pos, r.end);
    if (h.isList) {
      const node = decodeNode(r, name, false);
      const size = node.end! - node.start!;
      if (size >= 32) {
        addNote(
          node,
          'warning',
          'ethereum.trie.embedded',
          `embedded node of ${size} bytes: 32 bytes or more go by hash`,
        );
      }
      return node;
    }
    const field = path.decode(r, name);
    const length = (String(field.value).length - 2) / 2;
    if (length === 0) field.display = 'empty';
    else if (length === 32) field.display = `${String(field.value)} (child hash)`;
    else addNote(field, 'error', 'ethereum.trie.reference', `child reference of ${length} bytes: empty or 32`);
    return field;
  },
  encode(json, w, p, options) {
    if (typeof json === 'string') w.bytes(RLP.encode(bytesFromJson(json, p)));
    else w.bytes(encodeNode(json, p, options.keepLengths ?? false));
  },
  schema: () => ({ anyOf: [hexSchema('bytes'), { type: 'object', description: 'an embedded node' }] }),
};

/** Decodes the node list at `r.pos`; `standalone` nodes (not embedded in a parent) get their hash. */
function decodeNode(r: ByteReader, name: string, standalone: boolean): Field {
  const at = r.pos;
  const h = readRlpHeader(r.bytes, at, r.end);
  if (!h.isList) throw new DecodeError(at, `${name}: a trie node is a list, found a string`, 'rlp.type');
  const count = countItems(r.bytes, h.payloadStart, h.payloadEnd);
  const field: Field = { name, shape: 'struct', start: at, end: h.payloadEnd, children: [] };
  const header = rlpHeaderField(r.bytes, at, h)!;
  if (count !== 17 && count !== 2) {
    r.pos = h.payloadEnd;
    const raw = leaf('raw', toHex(r.bytes, at, h.payloadEnd), at, h.payloadEnd);
    field.children!.push(generatedLeaf('kind', 'unknown'), raw);
    addNote(
      field,
      'error',
      'ethereum.trie.node',
      `a list of ${count} items is no trie node (branch 17, leaf/extension 2)`,
    );
    if (standalone) field.children!.push(nodeHash(r.bytes.subarray(at, h.payloadEnd)));
    return field;
  }
  const kind = generatedLeaf('kind', null);
  field.children!.push(header, kind);
  const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
  try {
    if (count === 17) {
      kind.value = 'branch';
      const children: Field = { name: 'children', shape: 'list', start: inner.pos, end: inner.pos, children: [] };
      field.children!.push(children);
      for (let i = 0; i < 16; i++) {
        decodeChild(inner, childReference, String(i), children).label = `nibble ${i.toString(16)}`;
        children.end = inner.pos;
      }
      decodeChild(inner, value, 'value', field);
    } else {
      const pathField = decodeChild(inner, path, 'path', field);
      const decoded = decodeHexPrefix(
        r.bytes.subarray(pathField.children?.[0]?.end ?? pathField.start!, pathField.end!),
      );
      kind.value = decoded.leaf ? 'leaf' : 'extension';
      pathField.display = `${decoded.leaf ? 'leaf' : 'extension'} path, ${decoded.nibbles.length} nibbles: ${nibblesText(decoded.nibbles) || '(none)'}`;
      if (decoded.problem) addNote(pathField, 'error', 'ethereum.trie.path', decoded.problem);
      decodeChild(inner, decoded.leaf ? leafValue : childReference, decoded.leaf ? 'value' : 'child', field);
    }
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    field.end = h.payloadEnd;
    throw new PartialDecodeError(e, field);
  }
  kind.display = `${String(kind.value)} (${count} items${count === 2 ? ', path flag' : ''})`;
  r.pos = h.payloadEnd;
  if (standalone) field.children!.push(nodeHash(r.bytes.subarray(at, h.payloadEnd)));
  return field;
}

function nodeHash(node: Uint8Array): Field {
  return generatedLeaf('hash', toHex(keccak256(node)), 'keccak256(node)');
}

/** The node's RLP from its JSON: the members say the kind (`children` branch, `child` extension, else leaf). */
export function encodeNode(json: JsonValue, p: string, keepLengths: boolean): Uint8Array {
  if (!isJsonObject(json)) throw new EncodeError(p, 'expected a trie node object or 0x-hex');
  if (json.raw !== undefined) return bytesFromJson(json.raw, childPath(p, 'raw'));
  const parts: Uint8Array[] = [];
  const options = { keepLengths };
  if (json.children !== undefined) {
    const children = json.children;
    if (!Array.isArray(children) || children.length !== 16)
      throw new EncodeError(childPath(p, 'children'), 'a branch has 16 children');
    children.forEach((c, i) => parts.push(encoded(childReference, c, childPath(childPath(p, 'children'), i), options)));
    parts.push(encoded(value, json.value ?? '0x', childPath(p, 'value'), options));
  } else {
    parts.push(encoded(path, json.path ?? null, childPath(p, 'path'), options));
    if (json.child !== undefined) parts.push(encoded(childReference, json.child, childPath(p, 'child'), options));
    else parts.push(encoded(value, json.value ?? null, childPath(p, 'value'), options));
  }
  return concat(rlpListHeader(parts), parts);
}

function encoded(codec: Codec, json: JsonValue, p: string, options: { keepLengths: boolean }): Uint8Array {
  const w = new ByteWriter();
  codec.encode(json, w, p, options);
  return w.finish();
}

function concat(header: Uint8Array, parts: Uint8Array[]): Uint8Array {
  const w = new ByteWriter().bytes(header);
  for (const part of parts) w.bytes(part);
  return w.finish();
}

const nodeSchema: JsonSchema = {
  title: 'TrieNode',
  type: 'object',
  properties: {
    kind: {
      enum: ['branch', 'extension', 'leaf', 'unknown'],
      description: 'generated from the item count and path flag',
    },
    children: { type: 'array', minItems: 16, maxItems: 16, items: { anyOf: [hexSchema('bytes'), { type: 'object' }] } },
    path: hexSchema('bytes'),
    child: { anyOf: [hexSchema('bytes'), { type: 'object' }] },
    value: hexSchema('bytes'),
    raw: hexSchema('bytes'),
    hash: { ...hexSchema('bytes32', 32), description: 'generated: keccak256(node)' },
  },
};

/**
 * Whether node item [start, end) decodes with no note and no error, read from its item headers alone: a list of 17
 * (branch) or 2 items (leaf or extension with a well-formed path), each child reference empty, a hash or an
 * embedded node under 32 bytes that is clean in turn, values strings. Such nodes are decoded when first read.
 */
function cleanNode(bytes: Uint8Array, start: number, end: number): boolean {
  const item = readRlpHeader(bytes, start, end);
  if (!item.isList || item.payloadEnd !== end) return false;
  let at = item.payloadStart;
  const count = countItems(bytes, at, end, item);
  if (count === 17) {
    for (let i = 0; i < 16 && at >= 0; i++) at = cleanReferenceEnd(bytes, at, end, item);
    return at >= 0 && !readRlpHeader(bytes, at, end, item).isList;
  }
  if (count !== 2) return false;
  const path = readRlpHeader(bytes, at, end, item);
  if (path.isList) return false;
  at = path.payloadEnd;
  const decoded = decodeHexPrefix(bytes.subarray(path.payloadStart, at));
  if (decoded.problem) return false;
  if (decoded.leaf) return !readRlpHeader(bytes, at, end, item).isList;
  return cleanReferenceEnd(bytes, at, end, item) === end;
}

/** The end of the child reference at `at` when it is clean (empty, 32 bytes, or a small clean node), else -1. */
function cleanReferenceEnd(bytes: Uint8Array, at: number, end: number, scratch: RlpHeader): number {
  const h = readRlpHeader(bytes, at, end, scratch);
  const itemEnd = h.payloadEnd;
  if (h.isList) return itemEnd - at < 32 && cleanNode(bytes, at, itemEnd) ? itemEnd : -1;
  const length = itemEnd - h.payloadStart;
  return length === 0 || length === 32 ? itemEnd : -1;
}

/** A node embedded as an RLP item (LES proofs: geth's NodeList of raw values). */
const nodeItem: Codec = {
  typeName: 'TrieNode',
  decode: (r, name) => decodeNode(r, name, true),
  encode(json, w, p, options) {
    w.bytes(encodeNode(json, p, options.keepLengths ?? false));
  },
  schema: () => nodeSchema,
};
declareClean(nodeItem, cleanNode);

/**
 * A node carried as a byte string holding its RLP (ress witnesses, snap proofs). Bytes that are no node stay
 * `{kind: "unknown", raw}` with an error note, so one bad node does not hide the others.
 */
const nodeInBytes: Codec = {
  typeName: 'TrieNodeBytes',
  decode(r, name) {
    const at = r.pos;
    const h = readRlpHeader(r.bytes, at, r.end);
    if (h.isList) throw new DecodeError(at, `${name}: expected the node's RLP as bytes, found a list`, 'rlp.type');
    r.pos = h.payloadEnd;
    const header = rlpHeaderField(r.bytes, at, h);
    const inner = new ByteReader(r.bytes, h.payloadStart, h.payloadEnd);
    let node: Field;
    let problem: string | null = null;
    try {
      node = decodeNode(inner, name, true);
      if (inner.pos !== h.payloadEnd) problem = `${h.payloadEnd - inner.pos} bytes after the node`;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      problem = e.message;
      node = { name, shape: 'struct', children: [] };
    }
    if (problem !== null) {
      const raw = leaf('raw', toHex(r.bytes, h.payloadStart, h.payloadEnd), h.payloadStart, h.payloadEnd);
      const hash = nodeHash(r.bytes.subarray(h.payloadStart, h.payloadEnd));
      node = { name, shape: 'struct', children: [generatedLeaf('kind', 'unknown'), raw, hash] };
      addNote(node, 'error', 'ethereum.trie.node', `not a trie node: ${problem}`);
    }
    node.start = at;
    node.end = h.payloadEnd;
    if (header) node.children!.unshift(header);
    return node;
  },
  encode(json, w, p, options) {
    w.bytes(RLP.encode(encodeNode(json, p, options.keepLengths ?? false)));
  },
  schema: () => ({ ...nodeSchema, description: 'the node as bytes holding its RLP' }),
};
declareClean(nodeInBytes, (bytes, start, end) => {
  const h = readRlpHeader(bytes, start, end);
  return !h.isList && cleanNode(bytes, h.payloadStart, h.payloadEnd);
});

/** Nodes are decoded when first read, unless they hold a note: a witness carries thousands. */
export const trieNode: Codec = lazyWhenClean(nodeItem, 'struct');
export const trieNodeBytes: Codec = lazyWhenClean(nodeInBytes, 'struct');

/**
 * The keccak256 (hex) of a standalone node field (`trieNode`, `trieNodeBytes`), or null when it holds no node. A
 * node not built yet is hashed from `bytes`, the source of its range, rather than built for its `hash` field.
 */
export function nodeHashOf(node: Field | undefined, bytes: Uint8Array): string | null {
  if (!node?.unbuilt) return hexOf(childNamed(node, 'hash'));
  const span = itemContent(node, bytes);
  return span && toHex(keccak256(span));
}
