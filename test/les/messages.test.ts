import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { fieldByPath } from '../../decoders/core/field';
import { les } from '../../decoders/les';
import { lesDeclaration } from '../../decoders/les/declaration';
import {
  body,
  dynamicFeeTx,
  keccak,
  legacyTx,
  mainnetHeader,
  nodeKey,
  proofNodeInputs,
  receipts,
  signAnnouncement,
} from '../ethereum/support/chain-data';
import { checkMessageCase, type MessageCase } from '../ethereum/support/message-harness';
import { sharedVector } from '../ethereum/support/vectors';

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const hashA = fill(32, 0xab);
const hashB = fill(32, 0xcd);
const GENESIS = fromHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');
const empty = new Uint8Array(0);
const u64be = (n: bigint) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
};
const payload = (input: Input) => RLP.encode(input);

const serverPairs: Input = [
  ['protocolVersion', 4],
  ['networkId', 1],
  ['headTd', 58750003716598352816469n],
  ['headHash', hashA],
  ['headNum', 15537393],
  ['genesisHash', GENESIS],
  ['forkID', [fromHex('f0afd0e3'), 1681338455]],
  ['serveHeaders', empty],
  ['serveChainSince', 0],
  ['serveStateSince', 15000000],
  ['serveRecentState', 128],
  ['txRelay', empty],
  ['flowControl/BL', 300_000_000],
  ['flowControl/MRR', 50_000],
  [
    'flowControl/MRC',
    [
      [2, 0, 1000],
      [4, 1000, 2000],
    ],
  ],
  ['recentTxLookup', 0],
];

const signer = nodeKey(7);
const signature = signAnnouncement(signer.privateKey, hashA, 15537394n, 58750003716598352816470n);

const cases: MessageCase[] = [
  {
    name: 'Status of a server with flow control and an MRC table',
    code: 0x00,
    payload: payload(serverPairs),
    message: 'Status',
    requestId: null,
    fields: {
      protocolVersion: 4,
      headTd: '58750003716598352816469',
      forkID: { forkHash: '0xf0afd0e3', forkNext: 1681338455 },
      serveHeaders: null,
      txRelay: null,
      'flowControl/BL': 300_000_000,
      'flowControl/MRC': [
        { msgCode: 2, baseCost: 0, reqCost: 1000 },
        { msgCode: 4, baseCost: 1000, reqCost: 2000 },
      ],
    },
  },
  {
    name: 'Status with an unknown key, kept as generic RLP',
    code: 0x00,
    payload: payload([
      ['protocolVersion', 4],
      ['vfluxVersion', [1, [2]]],
    ]),
    message: 'Status',
    fields: { protocolVersion: 4, vfluxVersion: ['0x01', ['0x02']] },
  },
  {
    name: 'Announce with an update',
    code: 0x01,
    payload: payload([hashA, 15537394, 58750003716598352816470n, 0, [['serveStateSince', 15000100]]]),
    message: 'Announce',
    fields: { headHash: toHex(hashA), headNumber: 15537394, reorgDepth: 0, update: { serveStateSince: 15000100 } },
  },
  {
    name: 'signed Announce, its signer recovered',
    code: 0x01,
    payload: payload([hashA, 15537394, 58750003716598352816470n, 0, [['sign', signature]]]),
    message: 'Announce',
    fields: { update: { sign: toHex(signature) }, signer: toHex(signer.nodeId) },
  },
  {
    name: 'GetBlockHeaders by number',
    code: 0x02,
    payload: payload([5, [15537393, 192, 0, 0]]),
    message: 'GetBlockHeaders',
    requestId: '5',
    fields: { reqID: 5, block: 15537393, maxHeaders: 192, skip: 0, reverse: 0 },
  },
  {
    name: 'GetBlockHeaders by hash, reverse',
    code: 0x02,
    payload: payload([6, [hashA, 1, 0, 1]]),
    message: 'GetBlockHeaders',
    fields: { block: toHex(hashA), reverse: 1 },
  },
  {
    name: 'BlockHeaders with a mainnet header',
    code: 0x03,
    payload: payload([5, 299_999_000, [mainnetHeader.input]]),
    message: 'BlockHeaders',
    requestId: '5',
    fields: { BV: 299_999_000, headers: [{ number: 14764013, hash: mainnetHeader.hash }] },
  },
  {
    name: 'GetBlockBodies',
    code: 0x04,
    payload: payload([7, [hashA, hashB]]),
    message: 'GetBlockBodies',
    fields: { hashes: [toHex(hashA), toHex(hashB)] },
  },
  {
    name: 'BlockBodies with legacy and EIP-1559 transactions and a withdrawal',
    code: 0x05,
    payload: payload([7, 300, [body]]),
    message: 'BlockBodies',
    fields: {
      bodies: [
        {
          transactions: [
            { type: 0, hash: toHex(keccak(RLP.encode(legacyTx))) },
            { type: 2, hash: toHex(keccak(dynamicFeeTx)) },
          ],
          ommers: [],
          withdrawals: [{ index: 7, validatorIndex: 1000, amount: 32_000_000_000 }],
        },
      ],
    },
  },
  {
    name: 'GetReceipts',
    code: 0x06,
    payload: payload([9, [hashA]]),
    message: 'GetReceipts',
    fields: { hashes: [toHex(hashA)] },
  },
  {
    name: 'Receipts, legacy and typed',
    code: 0x07,
    payload: payload([9, 300, [receipts]]),
    message: 'Receipts',
    fields: {
      receipts: [
        [
          { type: 0, postStateOrStatus: '0x01', logs: [{ data: '0x010203' }] },
          { type: 2, cumulativeGasUsed: 42000 },
        ],
      ],
    },
  },
  {
    name: 'GetProofs (les/1)',
    code: 0x08,
    payload: payload([10, [[hashA, fill(32, 1), empty, 0]]]),
    message: 'GetProofs',
    fields: { requests: [{ blockhash: toHex(hashA), key2: '0x', fromLevel: 0 }] },
    notes: ['les.message.deprecated'],
  },
  {
    name: 'Proofs (les/1), one node list per request',
    code: 0x09,
    payload: payload([10, 300, [proofNodeInputs]]),
    message: 'Proofs',
    fields: { proofs: [expect.arrayContaining([expect.objectContaining({ kind: 'leaf' })])] },
    notes: ['les.message.deprecated'],
  },
  {
    name: 'GetContractCodes with a 20-byte address key',
    code: 0x0a,
    payload: payload([11, [[hashA, fill(20, 0xaa)]]]),
    message: 'GetContractCodes',
    fields: { requests: [{ blockhash: toHex(hashA), key: toHex(fill(20, 0xaa)) }] },
  },
  {
    name: 'ContractCodes',
    code: 0x0b,
    payload: payload([11, 300, [Uint8Array.of(0x60, 0x80, 0x60, 0x40)]]),
    message: 'ContractCodes',
    fields: { codes: ['0x60806040'] },
  },
  {
    name: 'SendTx (les/1)',
    code: 0x0c,
    payload: payload([legacyTx, dynamicFeeTx]),
    message: 'SendTx',
    requestId: null,
    fields: { transactions: [{ type: 0 }, { type: 2 }] },
    notes: ['les.message.deprecated'],
  },
  {
    name: 'GetHeaderProofs (les/1)',
    code: 0x0d,
    payload: payload([12, [[1, 40000, 0]]]),
    message: 'GetHeaderProofs',
    fields: { requests: [{ chtNumber: 1, blockNumber: 40000, fromLevel: 0 }] },
    notes: ['les.message.deprecated'],
  },
  {
    name: 'HeaderProofs (les/1)',
    code: 0x0e,
    payload: payload([12, 300, [[mainnetHeader.input, proofNodeInputs]]]),
    message: 'HeaderProofs',
    fields: {
      proofs: [
        {
          header: { hash: mainnetHeader.hash },
          proof: expect.arrayContaining([expect.objectContaining({ kind: 'branch' })]),
        },
      ],
    },
    notes: ['les.message.deprecated'],
  },
  {
    name: 'GetProofsV2',
    code: 0x0f,
    payload: payload([13, [[hashA, fill(32, 1), fill(32, 2), 0]]]),
    message: 'GetProofsV2',
    fields: { requests: [{ key: toHex(fill(32, 1)), key2: toHex(fill(32, 2)) }] },
  },
  {
    name: 'ProofsV2 with real trie nodes',
    code: 0x10,
    payload: payload([13, 300, proofNodeInputs]),
    message: 'ProofsV2',
    fields: {
      nodes: proofNodeInputs.map((n, i) => ({
        kind: i < proofNodeInputs.length - 1 ? 'branch' : 'leaf',
        hash: toHex(keccak(RLP.encode(n))),
      })),
    },
  },
  {
    name: 'GetHelperTrieProofs, CHT and BloomBits',
    code: 0x11,
    payload: payload([
      14,
      [
        [0, 100, u64be(3276800n), 0, 2],
        [1, 100, fromHex('0007' + '0000000000000064'), 0, 0],
      ],
    ]),
    message: 'GetHelperTrieProofs',
    fields: {
      requests: [
        { subType: 0, auxReq: 2 },
        { subType: 1, auxReq: 0 },
      ],
    },
  },
  {
    name: 'HelperTrieProofs with a header as auxData',
    code: 0x12,
    payload: payload([14, 300, [proofNodeInputs, [mainnetHeader.bytes]]]),
    message: 'HelperTrieProofs',
    fields: { auxData: [toHex(mainnetHeader.bytes)] },
  },
  {
    name: 'SendTxV2',
    code: 0x13,
    payload: payload([15, [legacyTx, dynamicFeeTx]]),
    message: 'SendTxV2',
    requestId: '15',
    fields: { transactions: [{ type: 0 }, { type: 2 }] },
  },
  {
    name: 'GetTxStatus',
    code: 0x14,
    payload: payload([16, [hashA, hashB]]),
    message: 'GetTxStatus',
    fields: { hashes: [toHex(hashA), toHex(hashB)] },
  },
  {
    name: 'TxStatus as les.md writes it ([status, data])',
    code: 0x15,
    payload: payload([
      16,
      300,
      [
        [3, RLP.encode([hashA, 100, 2])],
        [4, 'nonce too low'],
      ],
    ]),
    message: 'TxStatus',
    fields: { statuses: [{ status: 3 }, { status: 4, data: toHex(new TextEncoder().encode('nonce too low')) }] },
  },
  {
    name: 'TxStatus as geth sends it ([status, lookup, error])',
    code: 0x15,
    payload: payload([
      16,
      300,
      [
        [2, [], empty],
        [3, [hashA, 5, 1], empty],
      ],
    ]),
    message: 'TxStatus',
    fields: {
      statuses: [
        { status: 2, lookup: {}, error: '0x' },
        { status: 3, lookup: { blockHash: toHex(hashA), blockIndex: 5, index: 1 } },
      ],
    },
  },
  { name: 'StopMsg as geth sends it', code: 0x16, payload: payload([]), message: 'StopMsg', fields: { form: 'geth' } },
  { name: 'StopMsg without payload', code: 0x16, payload: empty, message: 'StopMsg', fields: { form: 'empty' } },
  {
    name: 'ResumeMsg, geth’s bare BV',
    code: 0x17,
    payload: payload(300_000_000),
    message: 'ResumeMsg',
    fields: { BV: 300_000_000, form: 'geth' },
  },
  {
    name: 'ResumeMsg, the spec’s [BV]',
    code: 0x17,
    payload: payload([300_000_000]),
    message: 'ResumeMsg',
    fields: { BV: 300_000_000, form: 'spec' },
  },
  {
    name: 'a code LES does not define',
    code: 0x30,
    payload: payload([1, [2]]),
    message: 'UnknownMessage',
    fields: { code: 0x30, payload: ['0x01', ['0x02']] },
    notes: ['les.message.unknown'],
  },
];

describe('every LES message, built with @ethereumjs/rlp', () => {
  it.each(cases)('$name', (c) => {
    checkMessageCase(les, c);
  });

  it('covers every declared message', () => {
    const covered = new Set(cases.map((c) => c.message));
    expect(lesDeclaration.messages.map((m) => m.name).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('reads the helper-trie keys and the TxStatus data by what they are', () => {
    const helper = checkMessageCase(
      les,
      cases.find((c) => c.message === 'GetHelperTrieProofs')!,
    ).decoded.tree;
    expect(fieldByPath(helper, 'requests.0.key')!.display).toBe('block 3276800 (section 100)');
    expect(fieldByPath(helper, 'requests.1.key')!.display).toBe('bloom bit 7, section 100');
    const status = checkMessageCase(
      les,
      cases.find((c) => c.name.startsWith('TxStatus as les.md'))!,
    ).decoded.tree;
    expect(fieldByPath(status, 'statuses.0.status')!.display).toBe('Included (3)');
    expect(fieldByPath(status, 'statuses.0.data.inclusion.blockNumber')!.value).toBe(100);
    expect(fieldByPath(status, 'statuses.1.data')!.display).toBe('"nonce too low"');
    const codes = checkMessageCase(
      les,
      cases.find((c) => c.message === 'ContractCodes')!,
    ).decoded.tree;
    expect(fieldByPath(codes, 'codes.0.codeHash')!.value).toBe(toHex(keccak(Uint8Array.of(0x60, 0x80, 0x60, 0x40))));
    const aux = checkMessageCase(
      les,
      cases.find((c) => c.message === 'HelperTrieProofs')!,
    ).decoded.tree;
    expect(fieldByPath(aux, 'auxData.0.header.hash')!.value).toBe(mainnetHeader.hash);
  });
});

interface LesMessageVectors {
  les_messages_derived: {
    status_les4_client: { body: string };
    status_les4_server_extra_pairs: { body_of_pairs_only: string };
    get_block_headers_by_number: { body: string };
    get_block_headers_by_hash_reverse: { body: string };
    block_headers_empty_reply: { body: string };
    get_receipts: { body: string };
    stop_msg_geth: { body: string };
    resume_msg_geth: { body_geth: string; body_spec_form: string };
    tx_status_geth_element: { element: string };
  };
}

describe('the derived LES vectors (vectors/les.json)', () => {
  const v = sharedVector<LesMessageVectors>('les.json').les_messages_derived;
  const vectorCases: MessageCase[] = [
    {
      name: 'status_les4_client',
      code: 0,
      payload: fromHex(v.status_les4_client.body),
      message: 'Status',
      fields: {
        protocolVersion: 4,
        networkId: 1,
        headNum: 15537393,
        forkID: { forkHash: '0xf0afd0e3' },
        announceType: 1,
      },
    },
    {
      name: 'status_les4_server_extra_pairs (as a Status of its own)',
      code: 0,
      payload: fromHex(v.status_les4_server_extra_pairs.body_of_pairs_only),
      message: 'Status',
      fields: {
        serveHeaders: null,
        txRelay: null,
        'flowControl/BL': 300_000_000,
        'flowControl/MRR': 50_000,
        recentTxLookup: 0,
      },
    },
    {
      name: 'get_block_headers_by_number',
      code: 2,
      payload: fromHex(v.get_block_headers_by_number.body),
      message: 'GetBlockHeaders',
      requestId: '5',
    },
    {
      name: 'get_block_headers_by_hash_reverse',
      code: 2,
      payload: fromHex(v.get_block_headers_by_hash_reverse.body),
      message: 'GetBlockHeaders',
      requestId: '6',
    },
    {
      name: 'block_headers_empty_reply',
      code: 3,
      payload: fromHex(v.block_headers_empty_reply.body),
      message: 'BlockHeaders',
      fields: { BV: 299_999_000, headers: [] },
    },
    { name: 'get_receipts', code: 6, payload: fromHex(v.get_receipts.body), message: 'GetReceipts', requestId: '9' },
    { name: 'stop_msg_geth', code: 0x16, payload: fromHex(v.stop_msg_geth.body), message: 'StopMsg' },
    {
      name: 'resume_msg_geth (bare)',
      code: 0x17,
      payload: fromHex(v.resume_msg_geth.body_geth),
      message: 'ResumeMsg',
      fields: { form: 'geth' },
    },
    {
      name: 'resume_msg_geth (spec form)',
      code: 0x17,
      payload: fromHex(v.resume_msg_geth.body_spec_form),
      message: 'ResumeMsg',
      fields: { form: 'spec' },
    },
    {
      name: 'tx_status_geth_element inside a TxStatus',
      code: 0x15,
      payload: RLP.encode([1, 2, [RLP.decode(fromHex(v.tx_status_geth_element.element))]]),
      message: 'TxStatus',
      fields: { statuses: [{ status: 2, lookup: {}, error: '0x' }] },
    },
  ];
  it.each(vectorCases)('$name', (c) => {
    checkMessageCase(les, c);
  });

  it('composes a message from minimal JSON, the request id given at message level', () => {
    const bytes = les.encodeMessage({ message: 'GetReceipts', requestId: '9', fields: { hashes: [toHex(hashA)] } });
    expect(toHex(bytes)).toBe(`0x06${v.get_receipts.body}`);
    expect(toHex(les.encodeMessage({ message: 'ResumeMsg', fields: { BV: 300_000_000 } }))).toBe(
      `0x17${v.resume_msg_geth.body_geth}`,
    );
    expect(() => les.encodeMessage({ message: 'GetReceipts', fields: {} })).toThrow(/fields\.reqID/);
  });
});
