import { RLP } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { blockHeader } from '../../decoders/ethereum/header';
import { coverageProblems } from '../support/field-coverage';
import { mainnetBlock14764013, mainnetHeaders20000000 } from './support/vectors';

/** A header of `count` fields with distinct, recognisable values, built with @ethereumjs/rlp. */
function syntheticHeader(count: number): Uint8Array {
  const b = (size: number, fill: number) => new Uint8Array(size).fill(fill);
  const fields: (Uint8Array | number | bigint)[] = [
    b(32, 1),
    b(32, 2),
    b(20, 3),
    b(32, 4),
    b(32, 5),
    b(32, 6),
    b(256, 7),
    0,
    21_000_000,
    30_000_000,
    12_345_678,
    1_700_000_000,
    Uint8Array.of(0x70, 0x73),
    b(32, 8),
    b(8, 0),
    7n * 10n ** 9n,
    b(32, 9),
    131072,
    0,
    b(32, 10),
    b(32, 11),
    b(32, 12),
    13_000_000,
  ];
  return RLP.encode(fields.slice(0, count));
}

describe('block header', () => {
  it('decodes mainnet block 14764013 field by field, with its hash and every byte covered', () => {
    const { header, hash } = mainnetBlock14764013();
    const { field, complete } = decodeAll(blockHeader, header, 'header');
    expect(complete).toBe(true);
    expect(collectNotes(field)).toEqual([]);
    expect(coverageProblems(field, header.length)).toEqual([]);
    const json = fieldJson(field) as Record<string, unknown>;
    expect(json.number).toBe(14764013);
    expect(json.hash).toBe(hash);
    expect(json.fork).toBe('London–Paris');
    expect(json.baseFeePerGas).toBeDefined();
    expect(json.withdrawalsRoot).toBeUndefined();
    expect(encodeValue(blockHeader, fieldJson(field))).toEqual(header);
  });

  it('decodes the Cancun headers of block 20000000 and computes the hash the Portal key names', () => {
    const { headers, firstHash } = mainnetHeaders20000000();
    const { field, complete } = decodeAll(blockHeader, headers[0]!, 'header');
    expect(complete).toBe(true);
    const json = fieldJson(field) as Record<string, unknown>;
    expect(json).toMatchObject({ number: 20000000, hash: firstHash, fork: 'Cancun' });
    expect(Object.keys(json)).toContain('parentBeaconBlockRoot');
    // The second header is the parent: its hash is the first one's parentHash.
    const parent = fieldJson(decodeAll(blockHeader, headers[1]!, 'parent').field) as Record<string, unknown>;
    expect(parent.hash).toBe(json.parentHash);
  });

  it.each([
    [15, 'Frontier–Berlin'],
    [16, 'London–Paris'],
    [17, 'Shanghai'],
    [20, 'Cancun'],
    [21, 'Prague–Osaka'],
    [22, 'Amsterdam'],
    [23, 'EIP-7843'],
  ])('reads a %i-field header as %s, hash = keccak256(rlp)', (count, fork) => {
    const bytes = syntheticHeader(count);
    const { field, complete } = decodeAll(blockHeader, bytes, 'header');
    expect(complete).toBe(true);
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    const json = fieldJson(field) as Record<string, unknown>;
    expect(json.fork).toBe(fork);
    expect(json.hash).toBe(toHex(keccak_256(bytes)));
    expect(encodeValue(blockHeader, fieldJson(field))).toEqual(bytes);
  });

  it('warns about a field count no fork has, and about extraData over 32 bytes', () => {
    const eighteen = decodeAll(blockHeader, syntheticHeader(18), 'header');
    expect(collectNotes(eighteen.field).map((n) => n.kind)).toEqual(['ethereum.header.fields']);
    const fields = RLP.decode(syntheticHeader(15)) as Uint8Array[];
    fields[12] = new Uint8Array(33);
    const long = decodeAll(blockHeader, RLP.encode(fields), 'header');
    expect(collectNotes(long.field)).toMatchObject([{ kind: 'ethereum.header.extra-data', field: 'extraData' }]);
  });

  it('stops at a truncated header with an error note at the field that broke', () => {
    const bytes = syntheticHeader(16);
    const cut = bytes.subarray(0, 100);
    const { field, complete } = decodeAll(blockHeader, cut, 'header');
    expect(complete).toBe(false);
    expect(collectNotes(field).some((n) => n.severity === 'error')).toBe(true);
    expect(fromHex(toHex(cut))).toEqual(cut);
  });
});
