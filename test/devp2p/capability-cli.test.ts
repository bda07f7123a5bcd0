/**
 * `peerscope decode les|ress HEX` and `encode` through the built CLI, on one message of each type taken from the
 * samples (`rlp(code) ‖ data`, the data as the engine decrypted and decompressed it): decode prints the object of
 * the matching `inspect --json` line without the capture keys, and encode gives the hex back. A CLI run costs a
 * Node start on two shared cores, hence one message per type.
 */
import { readFileSync } from 'node:fs';
import { RLP } from '@ethereumjs/rlp';
import { beforeAll, describe, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import type { MessageRecord } from '../../decoders/core/message';
import { REPOSITORY_ROOT } from '../../samples/recording/sample-list';
import { runCliOk } from '../cli/run-cli';
import type { ExchangeManifest } from './support/exchange-manifest';
import { analyzeRecording, keysFromFile } from './support/interop-session';

const sampleFile = (file: string) => `${REPOSITORY_ROOT}/samples/rlpx/${file}`;

/**
 * What only the connection knows, so `decode` of one message cannot show it: LES's flow-control estimate for the
 * client (maxCost of a request, BLE after it), computed from the server's Status.
 */
const CONNECTION_FIELDS: Record<string, readonly string[]> = { les: ['maxCost', 'BLE'], ress: [] };

/** The message types of each sample, in the order they first appear. */
const MESSAGE_TYPES: Record<string, string[]> = {
  les: [
    'Status',
    'Announce',
    'GetBlockHeaders',
    'BlockHeaders',
    'GetBlockBodies',
    'BlockBodies',
    'GetReceipts',
    'Receipts',
    'GetProofsV2',
    'ProofsV2',
    'GetContractCodes',
    'ContractCodes',
    'GetHelperTrieProofs',
    'HelperTrieProofs',
    'SendTxV2',
    'TxStatus',
    'GetTxStatus',
    'StopMsg',
    'ResumeMsg',
  ],
  ress: [
    'NodeType',
    'GetHeaders',
    'Headers',
    'GetBlockBodies',
    'BlockBodies',
    'GetBytecode',
    'Bytecode',
    'GetWitness',
    'Witness',
  ],
};

/** The first golden line of each message type of the sample's capability. */
function firstOfEachType(name: string): MessageRecord[] {
  const lines = readFileSync(`${REPOSITORY_ROOT}/test/devp2p/golden/${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as MessageRecord);
  const seen = new Set<string>();
  return lines.filter((r) => r.protocol === name && !seen.has(r.message) && seen.add(r.message));
}

/** An inspect line as decode prints it: no capture keys, no fields that only the connection computes. */
function asDecoded(line: MessageRecord) {
  const { protocol, message, code, requestId, fields, notes } = line;
  const own = Object.entries(fields).filter(([key]) => !CONNECTION_FIELDS[protocol]!.includes(key));
  return { protocol, message, code, requestId, fields: Object.fromEntries(own), notes };
}

describe.each(['les', 'ress'])('decode and encode of the %s sample’s messages', (name) => {
  const lines = firstOfEachType(name);
  const hexByIndex = new Map<number, string>();
  beforeAll(async () => {
    const manifest = JSON.parse(readFileSync(sampleFile(`${name}.sent.json`), 'utf8')) as ExchangeManifest;
    const analyzed = await analyzeRecording(sampleFile(manifest.capture), keysFromFile(sampleFile(manifest.keyLog)));
    analyzed.records.forEach((r, i) => {
      if (r.protocol === name) hexByIndex.set(r.index, toHex(concatBytes([RLP.encode(r.code!), analyzed.bytes[i]!])));
    });
  });

  it('takes one message of every type the sample has', ({ expect }) => {
    expect(lines.map((line) => line.message)).toEqual(MESSAGE_TYPES[name]);
  });

  it.concurrent.for(lines)('$message', async (line, { expect }) => {
    const hex = hexByIndex.get(line.index)!;
    const decoded = await runCliOk(['decode', name, hex]);
    expect(JSON.parse(decoded.stdout)).toEqual(asDecoded(line));
    const encoded = await runCliOk(['encode', name, '-'], { stdin: Buffer.from(decoded.stdout) });
    expect(encoded.stdout).toBe(`${hex}\n`);
  });
});
