import { rlpBytes, rlpStruct, rlpUint } from '../codecs/rlp';
import { fromHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import { annotated } from './annotated-codec';
import { crc32 } from './crc32';

/**
 * EIP-2124 fork identifier `[forkHash, forkNext]`: forkHash is CRC32 of the genesis hash, updated with every passed
 * fork activation as an 8-byte big-endian number (block numbers, then timestamps from Shanghai); forkNext is the
 * next scheduled activation, 0 when none. Used by LES les/4 Status, eth Status and the ENR `eth` entry.
 */

export const MAINNET_GENESIS = '0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';

/** Mainnet fork activations in order (go-ethereum params/config.go; EIP-2124 test table in vectors/les.json). */
export const MAINNET_FORKS: readonly Fork[] = [
  { name: 'Homestead', at: 1_150_000n, by: 'block' },
  { name: 'DAO', at: 1_920_000n, by: 'block' },
  { name: 'Tangerine Whistle', at: 2_463_000n, by: 'block' },
  { name: 'Spurious Dragon', at: 2_675_000n, by: 'block' },
  { name: 'Byzantium', at: 4_370_000n, by: 'block' },
  { name: 'Constantinople/Petersburg', at: 7_280_000n, by: 'block' },
  { name: 'Istanbul', at: 9_069_000n, by: 'block' },
  { name: 'Muir Glacier', at: 9_200_000n, by: 'block' },
  { name: 'Berlin', at: 12_244_000n, by: 'block' },
  { name: 'London', at: 12_965_000n, by: 'block' },
  { name: 'Arrow Glacier', at: 13_773_000n, by: 'block' },
  { name: 'Gray Glacier', at: 15_050_000n, by: 'block' },
  { name: 'Shanghai', at: 1_681_338_455n, by: 'time' },
  { name: 'Cancun', at: 1_710_338_135n, by: 'time' },
  { name: 'Prague', at: 1_746_612_311n, by: 'time' },
  { name: 'Osaka', at: 1_764_798_551n, by: 'time' },
  { name: 'BPO1', at: 1_765_290_071n, by: 'time' },
  { name: 'BPO2', at: 1_767_747_671n, by: 'time' },
];

/** A fork activation: by block number (until Gray Glacier) or by timestamp (from Shanghai). */
export interface Fork {
  name: string;
  at: bigint;
  by: 'block' | 'time';
}

export interface ForkId {
  hash: number;
  next: bigint;
}

function uint64Bytes(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

/** The fork id of a chain at `head` (block number) and `time`, given its genesis and fork schedule. */
export function forkIdAt(genesis: Uint8Array, forks: readonly Fork[], head: bigint, time: bigint): ForkId {
  let hash = crc32(genesis);
  for (const fork of forks) {
    const reached = fork.by === 'block' ? head >= fork.at : time >= fork.at;
    if (!reached) return { hash, next: fork.at };
    hash = crc32(uint64Bytes(fork.at), hash);
  }
  return { hash, next: 0n };
}

/** forkHash → the mainnet fork it stands for (the era after that fork's activation). */
const MAINNET_FORK_NAMES: ReadonlyMap<number, string> = (() => {
  const names = new Map<number, string>();
  let hash = crc32(fromHex(MAINNET_GENESIS));
  names.set(hash, 'Frontier');
  for (const fork of MAINNET_FORKS) {
    hash = crc32(uint64Bytes(fork.at), hash);
    names.set(hash, fork.name);
  }
  return names;
})();

export function mainnetForkName(forkHash: number): string | undefined {
  return MAINNET_FORK_NAMES.get(forkHash);
}

/** `[forkHash: B_4, forkNext: P]`, the hash named when it is a mainnet fork's. */
export const forkId: Codec = rlpStruct('ForkID', [
  {
    name: 'forkHash',
    codec: annotated(rlpBytes(4), (field) => {
      if (typeof field.value !== 'string') return;
      const name = mainnetForkName(Number.parseInt(field.value.slice(2), 16));
      if (name) field.display = `${field.value} (mainnet ${name})`;
    }),
  },
  { name: 'forkNext', codec: rlpUint(64) },
]);
