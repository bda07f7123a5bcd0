import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { ress } from '../../decoders/ress';
import { ressDeclaration } from '../../decoders/ress/declaration';
import { body, keccak, mainnetHeader, proofNodes } from '../ethereum/support/chain-data';
import { checkMessageCase, type MessageCase } from '../ethereum/support/message-harness';
import { sharedVector } from '../ethereum/support/vectors';
import { coverageProblems } from '../support/field-coverage';

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const hash = fill(32, 0x11);
const code = Uint8Array.of(0x60, 0x80, 0x60, 0x40, 0x52);
const payload = (input: Input) => RLP.encode(input);
/** A witness node carried as bytes holding its RLP. */
const nodes = proofNodes.slice(0, 2);

/** reth's ress/1 wire form (specs/ress.md §3.1). */
const reth: MessageCase[] = [
  {
    name: 'NodeType stateful: one raw byte',
    code: 0,
    payload: Uint8Array.of(1),
    message: 'NodeType',
    fields: { nodetype: 1, form: 'wire' },
  },
  {
    name: 'GetHeaders',
    code: 1,
    payload: payload([1, [hash, 16]]),
    message: 'GetHeaders',
    requestId: '1',
    fields: { 'request-id': 1, start_hash: toHex(hash), limit: 16, form: 'wire' },
  },
  {
    name: 'Headers, two of them',
    code: 2,
    payload: payload([1, [mainnetHeader.input, mainnetHeader.input]]),
    message: 'Headers',
    fields: { headers: [{ hash: mainnetHeader.hash }, { hash: mainnetHeader.hash }] },
  },
  {
    name: 'GetBlockBodies',
    code: 3,
    payload: payload([7, [hash, fill(32, 0x22)]]),
    message: 'GetBlockBodies',
    fields: { hashes: [toHex(hash), toHex(fill(32, 0x22))] },
  },
  {
    name: 'BlockBodies, two of them',
    code: 4,
    payload: payload([7, [body, [[], []]]]),
    message: 'BlockBodies',
    fields: { bodies: [{ withdrawals: [{ index: 7 }] }, { transactions: [] }] },
  },
  {
    name: 'GetBytecode',
    code: 5,
    payload: payload([2, hash]),
    message: 'GetBytecode',
    fields: { codehash: toHex(hash), form: 'wire' },
  },
  {
    name: 'Bytecode with its keccak256',
    code: 6,
    payload: payload([2, code]),
    message: 'Bytecode',
    fields: { bytes: toHex(code), codeHash: toHex(keccak(code)) },
  },
  {
    name: 'GetWitness',
    code: 7,
    payload: payload([3, hash]),
    message: 'GetWitness',
    fields: { blockhash: toHex(hash) },
  },
  {
    name: 'Witness: trie nodes as bytes, each decoded',
    code: 8,
    payload: payload([3, nodes]),
    message: 'Witness',
    fields: { statewitness: nodes.map((n) => ({ kind: 'branch', hash: toHex(keccak(n)) })), form: 'wire' },
  },
];

/** The seed's message set as paradigmxyz/ress sent it until 2025-02-12: singletons unwrapped, witness entries. */
const seedWire: MessageCase[] = [
  {
    name: 'GetHeader',
    code: 1,
    payload: payload([1, hash]),
    message: 'GetHeader',
    fields: { blockhash: toHex(hash), form: 'wire' },
  },
  {
    name: 'Header',
    code: 2,
    payload: payload([1, mainnetHeader.input]),
    message: 'Header',
    fields: { header: { hash: mainnetHeader.hash }, form: 'wire' },
  },
  {
    name: 'GetBlockBody',
    code: 3,
    payload: payload([1, hash]),
    message: 'GetBlockBody',
    fields: { blockhash: toHex(hash) },
  },
  {
    name: 'BlockBody',
    code: 4,
    payload: payload([1, body]),
    message: 'BlockBody',
    fields: { blockbody: { transactions: [{ type: 0 }, { type: 2 }] } },
  },
  {
    name: 'Witness as [hash, node] entries',
    code: 8,
    payload: payload([3, nodes.map((n) => [keccak(n), n])]),
    message: 'Witness',
    fields: {
      statewitness: nodes.map((n) => ({ hash: toHex(keccak(n)), node: { hash: toHex(keccak(n)) } })),
      form: 'wire-entries',
    },
  },
];

/** The seed README's ress/0 lists, literally: `[request-id, [item]]`, `[nodetype]`. */
const readme: MessageCase[] = [
  {
    name: 'NodeType [nodetype]',
    code: 0,
    payload: payload([0]),
    message: 'NodeType',
    fields: { nodetype: 0, form: 'readme' },
  },
  {
    name: 'GetHeader [request-id, [blockhash]]',
    code: 1,
    payload: payload([1, [hash]]),
    message: 'GetHeader',
    fields: { blockhash: toHex(hash), form: 'readme' },
  },
  {
    name: 'GetBytecode [request-id, [codehash]]',
    code: 5,
    payload: payload([2, [hash]]),
    message: 'GetBytecode',
    fields: { form: 'readme' },
  },
  {
    name: 'Bytecode [request-id, [bytes]]',
    code: 6,
    payload: payload([2, [code]]),
    message: 'Bytecode',
    fields: { bytes: toHex(code), form: 'readme', codeHash: toHex(keccak(code)) },
  },
  {
    name: 'GetWitness [request-id, [blockhash]]',
    code: 7,
    payload: payload([3, [hash]]),
    message: 'GetWitness',
    fields: { form: 'readme' },
  },
  {
    name: 'Witness [request-id, [statewitness]]',
    code: 8,
    payload: payload([3, [nodes.map((n) => [keccak(n), n])]]),
    message: 'Witness',
    fields: { form: 'readme' },
  },
];

describe('every ress message, built with @ethereumjs/rlp', () => {
  describe('reth ress/1', () => it.each(reth)('$name', (c) => void checkMessageCase(ress, c)));
  describe('paradigmxyz/ress until 2025-02-12', () =>
    it.each(seedWire)('$name', (c) => void checkMessageCase(ress, c)));
  describe('the README’s lists', () => it.each(readme)('$name', (c) => void checkMessageCase(ress, c)));

  it('covers every declared message', () => {
    const covered = new Set([...reth, ...seedWire, ...readme].map((c) => c.message));
    const missing = ressDeclaration.messages
      .map((m) => m.name)
      .filter((n) => !covered.has(n) && n !== 'UnknownMessage');
    expect(missing).toEqual([]);
  });

  it('reads the README’s one-item lists that are also reth’s lists the reth way, noting the other reading', () => {
    const { notes } = checkMessageCase(ress, {
      name: 'one header',
      code: 2,
      payload: payload([1, [mainnetHeader.input]]),
      message: 'Headers',
      notes: ['ress.reading.ambiguous'],
    });
    expect(notes[0]!.text).toMatch(/also a valid Header/);
  });

  it('composes from minimal JSON in the wire form', () => {
    const bytes = ress.encodeMessage({ message: 'GetBytecode', requestId: '2', fields: { codehash: toHex(hash) } });
    expect(toHex(bytes)).toBe(toHex(concatBytes([Uint8Array.of(5), payload([2, hash])])));
    expect(toHex(ress.encodeMessage({ message: 'NodeType', fields: { nodetype: 'stateful' } }))).toBe('0x8001');
  });
});

interface RessVectors {
  [era: string]: { examples?: { name: string; local_msg_id: number; body: string; with_local_id: string }[] };
}

describe('the derived ress vectors of both eras (vectors/ress.json)', () => {
  const v = sharedVector<RessVectors>('ress.json');
  const examples = ['reth_ress_v1', 'ress_repo_feb_2025_seed_era'].flatMap((era) =>
    v[era]!.examples!.map((e) => ({ ...e, era })),
  );
  it.each(examples)('$era: $name', (e) => {
    const body = fromHex(e.body);
    const id =
      e.local_msg_id === 0 ? null : String((RLP.decode(body) as Uint8Array[])[0]!.reduce((n, b) => n * 256 + b, 0));
    const ambiguous = e.name.startsWith('Headers (1') || e.name.startsWith('BlockBodies (one');
    checkMessageCase(ress, {
      name: e.name,
      code: e.local_msg_id,
      payload: body,
      message: expectedName(e.era, e.local_msg_id),
      requestId: id,
      notes: ambiguous ? ['ress.reading.ambiguous'] : [],
    });
  });

  it('reads `with_local_id` too, the raw 0x00 code of NodeType noted', () => {
    const stateless = ress.decodeMessage(fromHex('0000'));
    expect(stateless.message).toBe('NodeType');
    expect(collectNotes(stateless.tree).map((n) => n.kind)).toEqual(['devp2p.code.raw-zero']);
    expect(coverageProblems(stateless.tree, 2)).toEqual([]);
    expect(fieldsJson(stateless.tree)).toEqual({ nodetype: 0, form: 'wire' });
  });
});

function expectedName(era: string, code: number): string {
  const seed = ['NodeType', 'GetHeader', 'Header', 'GetBlockBody', 'BlockBody'];
  const rethNames = ['NodeType', 'GetHeaders', 'Headers', 'GetBlockBodies', 'BlockBodies'];
  const common = ['GetBytecode', 'Bytecode', 'GetWitness', 'Witness'];
  return code < 5 ? (era === 'reth_ress_v1' ? rethNames : seed)[code]! : common[code - 5]!;
}
