import type { Type } from '@chainsafe/ssz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sszFits, walk } from '../../decoders/codecs/ssz';
import * as beacon from '../../decoders/eth2rpc/beacon-types';
import * as rpc from '../../decoders/eth2rpc/methods';
import { blockBody } from './support/beacon-values';

/** Layouts as specs/core/0_beacon-chain.md and specs/networking/rpc-interface.md define them at e0b4dd1a. */

function fieldNames(type: Type<unknown>): string[] {
  return (type as unknown as { fieldsEntries: { fieldName: string }[] }).fieldsEntries.map((f) => f.fieldName);
}

describe('eth2rpc SSZ types', () => {
  it.each([
    ['BeaconBlockHeader', 200, beacon.BeaconBlockHeader],
    ['Crosslink', 80, beacon.Crosslink],
    ['Eth1Data', 72, beacon.Eth1Data],
    ['AttestationData', 192, beacon.AttestationData],
    ['DepositData', 184, beacon.DepositData],
    ['Deposit', 32 * 32 + 8 + 184, beacon.Deposit],
    ['VoluntaryExit', 112, beacon.VoluntaryExit],
    ['Transfer', 184, beacon.Transfer],
    ['ProposerSlashing', 408, beacon.ProposerSlashing],
    ['Hello', 89, rpc.Hello],
    ['Goodbye', 8, rpc.Goodbye],
    ['BeaconBlockRootsRequest', 16, rpc.BeaconBlockRootsRequest],
    ['BlockRootSlot', 40, rpc.BlockRootSlot],
    ['BeaconBlockHeadersRequest', 56, rpc.BeaconBlockHeadersRequest],
  ] as [string, number, Type<unknown>][])('%s is %i bytes', (_, size, type) => {
    expect(type.fixedSize).toBe(size);
  });

  it('spells the fields of the revision the RPC links to (parent_root, body_root, crosslink inside AttestationData)', () => {
    expect(fieldNames(beacon.BeaconBlockHeader)).toEqual([
      'slot',
      'parent_root',
      'state_root',
      'body_root',
      'signature',
    ]);
    expect(fieldNames(beacon.AttestationData)).toEqual([
      'beacon_block_root',
      'source_epoch',
      'source_root',
      'target_epoch',
      'target_root',
      'crosslink',
    ]);
    expect(fieldNames(beacon.BeaconBlockBody)).toEqual([
      'randao_reveal',
      'eth1_data',
      'graffiti',
      'proposer_slashings',
      'attester_slashings',
      'attestations',
      'deposits',
      'voluntary_exits',
      'transfers',
    ]);
    expect(fieldNames(rpc.Hello)).toEqual([
      'network_id',
      'chain_id',
      'latest_finalized_root',
      'latest_finalized_epoch',
      'best_root',
      'best_slot',
    ]);
  });

  it('numbers the methods as the spec does and places them in the body union in the order it lists them', () => {
    expect(rpc.METHODS.map((m) => [m.name, m.id, m.position])).toEqual([
      ['hello', 0, 0],
      ['goodbye', 1, 1],
      ['get_status', 2, 2],
      ['beacon_block_roots', 10, 3],
      ['beacon_block_headers', 11, 4],
      ['beacon_block_bodies', 12, 5],
      ['beacon_chain_state', 13, 6],
    ]);
  });
});

describe('eth2rpc consistency checks on beacon types', () => {
  it('judge a damaged block body well-formed exactly when the walker decodes it', () => {
    const damaged = fc
      .tuple(blockBody, fc.nat(), fc.nat({ max: 255 }), fc.nat({ max: 8 }))
      .map(([value, at, byte, cut]) => {
        const bytes = beacon.BeaconBlockBody.serialize(value as never);
        bytes[at % bytes.length] = byte;
        return bytes.subarray(0, bytes.length - cut);
      });
    fc.assert(
      fc.property(damaged, (bytes) => {
        let walked = true;
        try {
          walk(beacon.BeaconBlockBody, bytes, 0, bytes.length, 'body');
        } catch {
          walked = false;
        }
        expect(sszFits(beacon.BeaconBlockBody, bytes, 0, bytes.length)).toBe(walked);
      }),
      { numRuns: 300 },
    );
  });
});
