import { RLP } from '@ethereumjs/rlp';
import { decodeAll, encodeValue, type Codec } from '../../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../../decoders/core/field';
import { EncodeError } from '../../../decoders/core/json';
import { blockBody, ommers, transactions, withdrawal } from '../../../decoders/ethereum/block-body';
import { codeWithHash } from '../../../decoders/ethereum/contract-code';
import { forkId } from '../../../decoders/ethereum/fork-id';
import { hashOrNumber } from '../../../decoders/ethereum/hash-or-number';
import { blockHeader } from '../../../decoders/ethereum/header';
import { blockReceipts, consensusReceipt, eth69Receipt } from '../../../decoders/ethereum/receipt';
import { stateAccount } from '../../../decoders/ethereum/state-account';
import { transaction } from '../../../decoders/ethereum/transaction';
import { trieNode, trieNodeBytes } from '../../../decoders/ethereum/trie-node';
import { coverageProblems } from '../../support/field-coverage';
import { body, dynamicFeeTx, legacyTx, proofNodes, receipts } from '../../ethereum/support/chain-data';
import { mainnetBlock14764013, mainnetHeaders20000000 } from '../../ethereum/support/vectors';
import { Random } from '../random';
import { valueFromSchema } from '../seeds/schema-values';
import { allVectorBlobs } from '../seeds/public-vectors';
import { check, jsonProblem, sameBytes, type FuzzTarget } from '../target';
import { codecCase, describeDifference, generateCodecInput, type CodecCase, type CodecInput } from './codec-cases';
import { TRAILING_BYTES } from './message-codecs';

/**
 * The Ethereum chain types the capabilities carry (decoders/ethereum): headers, bodies, transactions of every type,
 * receipts, trie nodes, accounts, fork ids. Seeds: real mainnet data (block 14764013's header, body and receipts,
 * the Cancun headers of block 20000000, an account proof) and values from each codec's own JSON Schema.
 */

/** Schema values of a codec encoded by the codec itself (values it refuses are skipped). */
function schemaSeeds(codec: Codec, rng: Random, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let attempt = 0; attempt < count * 4 && out.length < count; attempt++) {
    try {
      out.push(encodeValue(codec, valueFromSchema(codec.schema(), rng)));
    } catch (e) {
      if (!(e instanceof EncodeError)) throw e;
    }
  }
  return out;
}

function ethereumCases(rng: Random): CodecCase[] {
  const block = mainnetBlock14764013();
  const cancun = mainnetHeaders20000000().headers;
  const receiptItems = (RLP.decode(block.receipts) as Uint8Array[]).map((r) => RLP.encode(r));
  const txItems = (RLP.decode(block.body) as Uint8Array[][])[0]!.map((t) => RLP.encode(t));
  const cases: [string, Codec, Uint8Array[]][] = [
    ['header', blockHeader, [block.header, ...cancun]],
    ['body', blockBody, [block.body, RLP.encode(body)]],
    ['transaction', transaction, [...txItems.slice(0, 12), RLP.encode(legacyTx), RLP.encode(dynamicFeeTx)]],
    ['transactions', transactions, [RLP.encode([legacyTx, dynamicFeeTx])]],
    [
      'receipt',
      consensusReceipt,
      [...receiptItems.slice(0, 12), ...(receipts as Uint8Array[]).map((r) => RLP.encode(r))],
    ],
    ['receipt (eth/69)', eth69Receipt, [RLP.encode([2, Uint8Array.of(1), 21000, []])]],
    ['block receipts', blockReceipts, [block.receipts]],
    ['trie node', trieNode, proofNodes],
    ['trie node bytes', trieNodeBytes, proofNodes.map((n) => RLP.encode(n))],
    ['withdrawal', withdrawal, [RLP.encode([7, 1000, new Uint8Array(20).fill(0xcc), 32_000_000_000n])]],
    ['ommers', ommers, [RLP.encode([RLP.decode(block.header) as Uint8Array[]])]],
    ['account', stateAccount, [RLP.encode([1, 10n ** 18n, new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)])]],
    ['fork id', forkId, [RLP.encode([Uint8Array.of(0x9f, 0x3d, 0x22, 0x54), 1746612311])]],
    ['hash or number', hashOrNumber, [RLP.encode(14764013), RLP.encode(new Uint8Array(32).fill(0xab))]],
    ['contract code', codeWithHash, [RLP.encode(Uint8Array.of(0x60, 0x80, 0x60, 0x40, 0x52))]],
  ];
  return cases.map(([name, codec, seeds]) => codecCase(name, codec, [...seeds, ...schemaSeeds(codec, rng, 6)]));
}

/** What JSON cannot carry back: bytes after the value. */
const ETHEREUM_NOT_IN_JSON = new Set([TRAILING_BYTES]);

/**
 * decodeAll over each codec: never throws, JSON-safe; a complete decode covers every byte; one without an error
 * note encodes back to the same bytes with lengths recomputed and kept.
 */
export function ethereumTypesTarget(): FuzzTarget<CodecInput> {
  let cases: CodecCase[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'ethereum-types',
    weight: 10,
    batchSize: 300,
    prepare(seed) {
      cases = ethereumCases(new Random(seed, 0xe7e7));
      donors = [...cases.flatMap((c) => c.seeds.map((s) => s.bytes)), ...allVectorBlobs(512)];
    },
    generate: (rng) => generateCodecInput(rng, cases, donors),
    execute({ codec: index, bytes }) {
      const { name, codec } = cases[index]!;
      const { field, complete } = decodeAll(codec, bytes, name);
      const json = fieldJson(field);
      const unsafe = jsonProblem(json);
      check(unsafe === null, () => `${name}: decoded JSON is not JSON-safe: ${unsafe}`);
      const notes = collectNotes(field);
      const errors = notes.some((n) => n.severity === 'error');
      if (!complete) {
        check(errors, `${name}: an incomplete decode carries no error note`);
        return;
      }
      const gaps = coverageProblems(field, bytes.length);
      check(
        gaps.length === 0,
        () => `${name}: complete decode does not cover the bytes: ${gaps.slice(0, 3).join('; ')}`,
      );
      if (errors || notes.some((n) => ETHEREUM_NOT_IN_JSON.has(n.kind))) return;
      for (const keepLengths of [false, true]) {
        let encoded: Uint8Array;
        try {
          encoded = encodeValue(codec, json, { keepLengths });
        } catch (e) {
          if (!(e instanceof EncodeError)) throw e;
          const last = e.path.split('.').pop()!.replace(/^\d+$/, 'a list item');
          check(false, `${name}: decoded JSON does not encode (${last}: ${e.reason})`, e.path);
        }
        if (!sameBytes(encoded, bytes)) {
          const difference = describeDifference(field, bytes, encoded);
          check(false, `${name}: decoded JSON re-encodes differently, first in ${difference.kind}`, difference.detail);
        }
      }
    },
  };
}
