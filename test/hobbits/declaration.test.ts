import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { hobbits } from '../../decoders/hobbits';
import { MAINNET, mainnetTypes, MINIMAL, minimalTypes } from '../../decoders/hobbits/beacon-types';
import { HOBBITS_LIST_LIMIT, RPC_BODY_TYPES } from '../../decoders/hobbits/rpc-bodies';

const declaration = hobbits.declaration;

describe('the Hobbits declaration', () => {
  it('declares every message of the seed once, with its method id, space and answer', () => {
    const table = declaration.messages.map((m) => [m.name, m.space, m.code, m.answeredBy ?? []]);
    expect(table).toEqual([
      ['HELLO', 'rpc', 0, ['HELLO']],
      ['GOODBYE', 'rpc', 1, []],
      ['GET_STATUS', 'rpc', 2, ['GET_STATUS']],
      ['GET_BLOCK_HEADERS', 'rpc', 10, ['BLOCK_HEADERS']],
      ['BLOCK_HEADERS', 'rpc', 11, []],
      ['GET_BLOCK_BODIES', 'rpc', 12, ['BLOCK_BODIES']],
      ['BLOCK_BODIES', 'rpc', 13, []],
      ['GET_ATTESTATION', 'rpc', 14, ['ATTESTATION']],
      ['ATTESTATION', 'rpc', 15, []],
      ['GET_BEACON_STATES', 'rpc', 16, ['BEACON_STATES']],
      ['BEACON_STATES', 'rpc', 17, []],
      ['GOSSIP', 'gossip', 0, []],
      ['PING', 'ping', null, ['PONG']],
      ['PONG', 'ping', null, []],
      ['RPC', 'rpc', null, []],
      ['UNKNOWN', 'unknown', null, []],
    ]);
    for (const m of declaration.messages.filter((m) => m.code !== null || m.space === 'ping'))
      expect([m.summary, m.spec]).toEqual([expect.any(String), expect.stringContaining('Hobbits spec')]);
  });

  it('declares the catch-alls for undefined methods and protocols, so every emitted message has a declaration', () => {
    expect(declaration.roleOf('RPC')).toBe('none');
    expect(declaration.message('UNKNOWN')?.summary).toMatch(/protocol number/);
  });

  it('describes the whole fields object (envelope, header, body) in the composer schema', () => {
    const hello = (
      declaration.schema().oneOf as { title: string; properties: { fields: Record<string, unknown> } }[]
    ).find((m) => m.title === 'HELLO')!;
    expect(Object.keys(hello.properties.fields.properties as object)).toEqual([
      'framing',
      'version',
      'protocol',
      'header',
      'body',
      'body_form',
    ]);
  });

  it('gives each message the role pairing needs: HELLO both ways, GOODBYE and GOSSIP neither', () => {
    const roles = Object.fromEntries(declaration.messages.map((m) => [m.name, declaration.roleOf(m.name)]));
    expect(roles).toMatchObject({
      HELLO: 'either',
      GET_STATUS: 'either',
      GOODBYE: 'none',
      GOSSIP: 'none',
      PING: 'request',
      PONG: 'response',
    });
    expect(roles.BLOCK_BODIES).toBe('response');
    expect(roles.GET_BLOCK_BODIES).toBe('request');
  });

  it('tells RPC method 0 (HELLO) from GOSSIP method 0 by their numbering space', () => {
    expect(declaration.byCode(0, 'rpc')?.name).toBe('HELLO');
    expect(declaration.byCode(0, 'gossip')?.name).toBe('GOSSIP');
  });

  it('describes every message for the composer', () => {
    const schema = declaration.schema() as { oneOf: { title: string }[] };
    expect(schema.oneOf.map((s) => s.title)).toEqual(declaration.messages.map((m) => m.name));
  });

  it('declares body codecs that decode and encode the SSZ of their container', () => {
    const hello = declaration.message('HELLO')!.body;
    const bytes = RPC_BODY_TYPES.HELLO.serialize(RPC_BODY_TYPES.HELLO.defaultValue());
    const { field, complete } = decodeAll(hello, bytes, 'body');
    expect(complete).toBe(true);
    expect(encodeValue(hello, fieldJson(field))).toEqual(bytes);
  });

  it('declares GOSSIP`s body as a block or an attestation, told apart by their layout', () => {
    const gossip = declaration.message('GOSSIP')!.body;
    const attestation = mainnetTypes.Attestation.serialize(mainnetTypes.Attestation.defaultValue());
    const { field } = decodeAll(gossip, attestation, 'body');
    expect(Object.keys(fieldJson(field) as object)).toEqual(['aggregation_bits', 'data', 'custody_bits', 'signature']);
    expect(encodeValue(gossip, fieldJson(field))).toEqual(attestation);
  });

  it('reads a minimal-preset BEACON_STATES body with an info note', () => {
    const body = declaration.message('BEACON_STATES')!.body;
    const state = minimalTypes.BeaconState.defaultValue();
    const { field, complete } = decodeAll(
      body,
      encodeValue(body, { states: [minimalTypes.BeaconState.toJson(state) as never] }),
      'body',
    );
    expect(complete).toBe(true);
    expect(collectNotes(field).map((n) => n.kind)).toEqual(['hobbits.preset.minimal']);
  });
});

/**
 * Fixed sizes computed by hand from eth2.0-specs v0.8.1 0_beacon-chain.md (uint64 = 8, Hash = 32, BLSPubkey = 48,
 * BLSSignature = 96, Version = 4, boolean = 1, an offset = 4): a wrong field type or a missing field changes them.
 */
describe('the v0.8 beacon-chain containers', () => {
  const fixedSizes: [string, number | null, number][] = [
    ['Fork', mainnetTypes.Fork.fixedSize, 4 + 4 + 8],
    ['Checkpoint', mainnetTypes.Checkpoint.fixedSize, 8 + 32],
    ['Validator', mainnetTypes.Validator.fixedSize, 48 + 32 + 8 + 1 + 4 * 8],
    ['Crosslink', mainnetTypes.Crosslink.fixedSize, 8 + 32 + 8 + 8 + 32],
    ['AttestationData', mainnetTypes.AttestationData.fixedSize, 32 + 40 + 40 + 88],
    ['Eth1Data', mainnetTypes.Eth1Data.fixedSize, 32 + 8 + 32],
    ['DepositData', mainnetTypes.DepositData.fixedSize, 48 + 32 + 8 + 96],
    ['BeaconBlockHeader', mainnetTypes.BeaconBlockHeader.fixedSize, 8 + 32 + 32 + 32 + 96],
    ['ProposerSlashing', mainnetTypes.ProposerSlashing.fixedSize, 8 + 200 + 200],
    ['Deposit', mainnetTypes.Deposit.fixedSize, 33 * 32 + 184],
    ['VoluntaryExit', mainnetTypes.VoluntaryExit.fixedSize, 8 + 8 + 96],
    ['Transfer', mainnetTypes.Transfer.fixedSize, 5 * 8 + 48 + 96],
    ['HistoricalBatch', mainnetTypes.HistoricalBatch.fixedSize, 2 * 8192 * 32],
  ];
  it.each(fixedSizes)('%s has the spec`s fixed size', (_, actual, expected) => expect(actual).toBe(expected));

  const fixedParts: [string, number, number][] = [
    ['Attestation', mainnetTypes.Attestation.fixedEnd, 4 + 200 + 4 + 96],
    ['IndexedAttestation', mainnetTypes.IndexedAttestation.fixedEnd, 4 + 4 + 200 + 96],
    ['PendingAttestation', mainnetTypes.PendingAttestation.fixedEnd, 4 + 200 + 8 + 8],
    ['BeaconBlockBody', mainnetTypes.BeaconBlockBody.fixedEnd, 96 + 72 + 32 + 6 * 4],
    ['BeaconBlock', mainnetTypes.BeaconBlock.fixedEnd, 8 + 32 + 32 + 4 + 96],
    [
      'BeaconState (mainnet)',
      mainnetTypes.BeaconState.fixedEnd,
      8 +
        8 +
        16 +
        200 +
        2 * 8192 * 32 +
        4 +
        72 +
        4 +
        8 +
        4 +
        4 +
        8 +
        3 * 65536 * 32 +
        8192 * 8 +
        4 +
        4 +
        2 * 1024 * 88 +
        1 +
        3 * 40,
    ],
    [
      'BeaconState (minimal)',
      minimalTypes.BeaconState.fixedEnd,
      8 +
        8 +
        16 +
        200 +
        2 * 64 * 32 +
        4 +
        72 +
        4 +
        8 +
        4 +
        4 +
        8 +
        3 * 64 * 32 +
        64 * 8 +
        4 +
        4 +
        2 * 8 * 88 +
        1 +
        3 * 40,
    ],
  ];
  it.each(fixedParts)('%s has the spec`s fixed part', (_, actual, expected) => expect(actual).toBe(expected));

  it('bounds the block operations and the state lists with the v0.8 mainnet limits', () => {
    const body = mainnetTypes.BeaconBlockBody.fields;
    expect([
      body.proposer_slashings.limit,
      body.attester_slashings.limit,
      body.attestations.limit,
      body.deposits.limit,
      body.voluntary_exits.limit,
      body.transfers.limit,
    ]).toEqual([16, 1, 128, 16, 16, 0]);
    const state = mainnetTypes.BeaconState.fields;
    expect([
      state.historical_roots.limit,
      state.validators.limit,
      state.eth1_data_votes.limit,
      state.current_epoch_attestations.limit,
    ]).toEqual([2 ** 24, 2 ** 40, 1024, 128 * 64]);
    expect(mainnetTypes.Attestation.fields.aggregation_bits.limitBits).toBe(MAINNET.MAX_VALIDATORS_PER_COMMITTEE);
    expect(MINIMAL.SLOTS_PER_HISTORICAL_ROOT).toBe(64);
  });

  it('refuses a block with a transfer (MAX_TRANSFERS = 0) but hashes the empty list as the spec does', () => {
    const block = mainnetTypes.BeaconBlock.defaultValue();
    const withTransfer = { ...block, body: { ...block.body, transfers: [mainnetTypes.Transfer.defaultValue()] } };
    expect(() => mainnetTypes.BeaconBlock.deserialize(mainnetTypes.BeaconBlock.serialize(withTransfer))).toThrow(
      /over limit 0/,
    );
    // merkleize([], limit=0) pads to one zero chunk, like limit 1; mix_in_length(zero, 0) is sha256(zero64).
    const zeroPairHash = createHash('sha256').update(new Uint8Array(64)).digest('hex');
    expect(Buffer.from(mainnetTypes.BeaconBlockBody.fields.transfers.hashTreeRoot([])).toString('hex')).toBe(
      zeroPairHash,
    );
  });

  it('bounds the RPC response lists with the 32000 Lodestar used', () => {
    expect(RPC_BODY_TYPES.BLOCK_BODIES.fields.bodies.limit).toBe(HOBBITS_LIST_LIMIT);
    expect(HOBBITS_LIST_LIMIT).toBe(32000);
  });
});
