import { RLP } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { decodeHexPrefix, encodeHexPrefix } from '../../decoders/ethereum/hex-prefix';
import { rlpListOf } from '../../decoders/codecs/rlp';
import { nodeHashOf, trieNode, trieNodeBytes } from '../../decoders/ethereum/trie-node';
import { coverageProblems } from '../support/field-coverage';
import { mainnetAccountProof, sharedVector } from './support/vectors';

type Node = Record<string, unknown>;

function decodedNode(bytes: Uint8Array, codec = trieNode): Node {
  const { field, complete } = decodeAll(codec, bytes, 'node');
  expect(complete).toBe(true);
  expect(coverageProblems(field, bytes.length)).toEqual([]);
  expect(encodeValue(codec, fieldJson(field))).toEqual(bytes);
  return fieldJson(field) as Node;
}

describe('hex-prefix paths', () => {
  it.each([
    [[1, 2, 3, 4, 5], false, '0x112345'],
    [[0, 1, 2, 3, 4, 5], false, '0x00012345'],
    [[0, 0xf, 1, 0xc, 0xb, 8], true, '0x200f1cb8'],
    [[0xf, 1, 0xc, 0xb, 8], true, '0x3f1cb8'],
  ])('%j (leaf %s) is %s (the Patricia tree wiki examples)', (nibbles, leaf, hex) => {
    expect(toHex(encodeHexPrefix(nibbles, leaf))).toBe(hex);
    expect(decodeHexPrefix(fromHex(hex))).toEqual({ leaf, nibbles, problem: null });
  });

  it('names a bad flag and a non-zero padding nibble', () => {
    expect(decodeHexPrefix(Uint8Array.of(0x41)).problem).toMatch(/flag nibble 4/);
    expect(decodeHexPrefix(Uint8Array.of(0x21)).problem).toMatch(/padding/);
  });
});

describe('trie nodes', () => {
  it('reads the account proof of the Portal state vectors: branches down to the account leaf, each hash linked', () => {
    const proof = mainnetAccountProof();
    const nodes = proof.map((bytes) => decodedNode(bytes));
    expect(nodes.slice(0, -1).every((n) => n.kind === 'branch')).toBe(true);
    const leaf = nodes.at(-1)!;
    expect(leaf.kind).toBe('leaf');
    nodes.forEach((n, i) => expect(n.hash).toBe(toHex(keccak_256(proof[i]!))));
    // Each node's hash is one of its parent's 16 children.
    for (let i = 1; i < nodes.length; i++) expect(nodes[i - 1]!.children as string[]).toContain(nodes[i]!.hash);
    // The leaf's value holds the account; the tree reads it (the JSON keeps the bytes).
    const { field } = decodeAll(trieNode, proof.at(-1)!, 'node');
    const value = field.children!.find((c) => c.name === 'value')!;
    expect(value.display).toMatch(/account/);
    expect(value.children!.find((c) => c.name === 'account')!.children!.map((c) => c.name)).toEqual([
      'rlp',
      'nonce',
      'balance',
      'storageRoot',
      'codeHash',
    ]);
  });

  it('reads a storage leaf carried as bytes (the ress witness node), its hash as the seed-era witness names it', () => {
    const ress = sharedVector<{ ress_repo_feb_2025_seed_era: { examples: { name: string; body: string }[] } }>(
      'ress.json',
    );
    const pairs = RLP.decode(fromHex(ress.ress_repo_feb_2025_seed_era.examples.at(-1)!.body)) as unknown as [
      Uint8Array,
      [[Uint8Array, Uint8Array]],
    ];
    const [[hash, node]] = pairs[1];
    const json = decodedNode(RLP.encode(node), trieNodeBytes);
    expect(json).toMatchObject({ kind: 'leaf', hash: toHex(hash), value: '0x12' });
  });

  it('decodes a branch with an embedded child and an extension, built with @ethereumjs/rlp', () => {
    const embedded = [encodeHexPrefix([5], true), Uint8Array.of(0x42)];
    const children = Array.from({ length: 16 }, (_, i) =>
      i === 3 ? embedded : i === 7 ? new Uint8Array(32).fill(7) : new Uint8Array(0),
    );
    const branch = RLP.encode([...children, new Uint8Array(0)]);
    const json = decodedNode(branch);
    expect(json.kind).toBe('branch');
    expect((json.children as unknown[])[3]).toMatchObject({ kind: 'leaf', path: '0x35', value: '0x42' });
    expect((json.children as unknown[])[3]).not.toHaveProperty('hash');
    const extension = RLP.encode([encodeHexPrefix([1, 2, 3], false), keccak_256(branch)]);
    expect(decodedNode(extension)).toMatchObject({
      kind: 'extension',
      path: '0x1123',
      child: toHex(keccak_256(branch)),
    });
  });

  it('keeps what is no node as raw bytes with an error, and flags bad child references', () => {
    const three = RLP.encode([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]);
    const { field } = decodeAll(trieNode, three, 'node');
    expect(fieldJson(field)).toMatchObject({ kind: 'unknown', raw: toHex(three) });
    expect(collectNotes(field).map((n) => n.kind)).toEqual(['ethereum.trie.node']);
    const asBytes = decodeAll(trieNodeBytes, RLP.encode(Uint8Array.of(0xc5, 1)), 'node');
    expect(fieldJson(asBytes.field)).toMatchObject({ kind: 'unknown', raw: '0xc501' });
    const children = Array.from({ length: 16 }, (_, i) => (i === 0 ? new Uint8Array(5) : new Uint8Array(0)));
    const bad = decodeAll(trieNode, RLP.encode([...children, new Uint8Array(0)]), 'node');
    expect(collectNotes(bad.field)).toMatchObject([{ kind: 'ethereum.trie.reference', field: 'children.0' }]);
  });

  it('waits to decode clean nodes, hashes them from their bytes, and decodes a node with a problem at once', () => {
    const proof = mainnetAccountProof();
    const children = Array.from({ length: 16 }, (_, i) => (i === 0 ? new Uint8Array(5) : new Uint8Array(0)));
    const bad = RLP.encode([...children, new Uint8Array(0)]);
    const witness = RLP.encode([...proof, bad]);
    const { field } = decodeAll(rlpListOf(trieNodeBytes, 'Witness'), witness, 'witness');
    const nodes = field.children!.slice(1);
    expect(nodes.map((n) => n.unbuilt ?? false)).toEqual([...proof.map(() => true), false]);
    expect(collectNotes(field)).toMatchObject([
      { kind: 'ethereum.trie.reference', field: `${proof.length}.children.0` },
    ]);
    expect(nodes.map((n) => nodeHashOf(n, witness))).toEqual([...proof, bad].map((b) => toHex(keccak_256(b))));
    expect(nodes[0]!.unbuilt).toBe(true);
    // Read, a node is the tree decoded on its own gives, its range in the witness.
    const alone = decodeAll(trieNodeBytes, RLP.encode(proof[0]!), 'node').field;
    expect(fieldJson(nodes[0]!)).toEqual(fieldJson(alone));
    expect(nodes[0]!.unbuilt).toBe(false);
  });
});
