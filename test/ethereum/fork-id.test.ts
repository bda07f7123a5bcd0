import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { crc32 } from '../../decoders/ethereum/crc32';
import { forkId, forkIdAt, MAINNET_FORKS, MAINNET_GENESIS, mainnetForkName } from '../../decoders/ethereum/fork-id';
import { coverageProblems } from '../support/field-coverage';
import { sharedVector } from './support/vectors';

interface LesVectors {
  forkid_rlp: { cases: { hash: string; next: number; rlp: string }[] };
  mainnet_fork_ids: {
    cases: { head: number; time: number; fork_hash: string; fork_next: number; comment: string; rlp_derived: string }[];
  };
}
const vectors = sharedVector<LesVectors>('les.json');

describe('EIP-2124 fork id', () => {
  it.each(vectors.forkid_rlp.cases)('RLP case $hash/$next decodes and re-encodes (EIP-2124 vectors)', (c) => {
    const bytes = fromHex(c.rlp);
    const { field, complete } = decodeAll(forkId, bytes, 'forkID');
    expect(complete).toBe(true);
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    const json = fieldJson(field) as { forkHash: string; forkNext: number | string };
    expect(json.forkHash).toBe(`0x${c.hash}`);
    // JSON numbers lose precision above 2^53: the vector's 2^64-1 is compared as text.
    expect(String(json.forkNext)).toBe(c.hash === 'ffffffff' ? '18446744073709551615' : String(c.next));
    expect(toHex(encodeValue(forkId, json))).toBe(`0x${c.rlp}`);
  });

  it.each(vectors.mainnet_fork_ids.cases)('mainnet at head $head, time $time: $comment', (c) => {
    const id = forkIdAt(fromHex(MAINNET_GENESIS), MAINNET_FORKS, BigInt(c.head), BigInt(c.time));
    expect(id.hash.toString(16).padStart(8, '0')).toBe(c.fork_hash);
    expect(id.next).toBe(BigInt(c.fork_next));
    const { field } = decodeAll(forkId, fromHex(c.rlp_derived), 'forkID');
    expect(collectNotes(field)).toEqual([]);
    expect(field.children!.find((f) => f.name === 'forkHash')!.display).toMatch(/\(mainnet /);
  });

  it('names mainnet fork hashes and not others', () => {
    expect(mainnetForkName(0xf0afd0e3)).toBe('Gray Glacier');
    expect(mainnetForkName(0xdeadbeef)).toBeUndefined();
  });

  it('computes CRC-32 as IEEE 802.3 does ("123456789" → cbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });
});
