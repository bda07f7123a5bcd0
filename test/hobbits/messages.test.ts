import { BitArray, type ContainerType, type Type } from '@chainsafe/ssz';
import { Binary, BSON } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { hobbits } from '../../decoders/hobbits';
import { mainnetTypes, minimalTypes } from '../../decoders/hobbits/beacon-types';
import { MinimalBeaconStates, RPC_BODY_TYPES, type RpcMethodName } from '../../decoders/hobbits/rpc-bodies';
import { coverageProblems } from '../support/field-coverage';
import { attestation, block, bytes, root } from './fixtures/beacon-values';
import {
  ascii,
  binaryFrame,
  FRAMINGS,
  GOSSIP,
  gossipHeader,
  PING,
  RPC,
  rpcHeader,
  sszRpcBody,
  type FramingName,
  type NumberForm,
} from './fixtures/hand-framing';
import { plainJson } from './fixtures/json-forms';
import { documentRpcBody, RPC_VALUE_ARBITRARIES, withInt64Numbers } from './fixtures/rpc-cases';

const FRAMING_NAMES = Object.keys(FRAMINGS) as FramingName[];
const NUMBER_FORMS: NumberForm[] = ['int32', 'int64', 'double'];
const requestId = fc.bigInt({ min: 0n, max: 2n ** 53n - 1n });

/** What the prefix fields read for each framing. */
function prefixJson(framing: FramingName, protocol: number): JsonObject {
  if (framing === 'binary-v3') return { framing, version: 3, protocol };
  if (framing === 'text-lodestar') return { framing: 'text', version: '3', protocol };
  return { framing: 'text', version: '0.2', protocol: ['RPC', 'GOSSIP', 'PING'][protocol]! };
}

/** A valid message decodes without a note, explains every byte and encodes back to the same bytes. */
function decodeValid(bytes: Uint8Array) {
  const decoded = hobbits.decodeMessage(bytes);
  expect(collectNotes(decoded.tree)).toEqual([]);
  expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
  const fields = fieldsJson(decoded.tree);
  expect(toHex(hobbits.encodeMessage({ message: decoded.message, fields }))).toBe(toHex(bytes));
  return { decoded, fields };
}

describe('RPC messages framed by hand decode to their values and encode back to their bytes', () => {
  for (const [name, arbitrary] of Object.entries(RPC_VALUE_ARBITRARIES) as [
    RpcMethodName,
    fc.Arbitrary<Record<string, unknown>>,
  ][]) {
    const type = RPC_BODY_TYPES[name] as unknown as Type<unknown>;
    const code = hobbits.declaration.message(name)!.code!;
    it(`${name} in every framing, both body forms and every number form`, () => {
      fc.assert(
        fc.property(arbitrary, requestId, (value, id) => {
          for (const framing of FRAMING_NAMES) {
            for (const numbers of NUMBER_FORMS) {
              for (const form of ['ssz', 'document'] as const) {
                const v = form === 'document' ? withInt64Numbers(value) : value;
                const body = form === 'ssz' ? sszRpcBody(type.serialize(v)) : documentRpcBody(name, v, numbers);
                const wire = FRAMINGS[framing](RPC, rpcHeader(code, id, numbers), body);
                const { decoded, fields } = decodeValid(wire);
                expect(decoded).toMatchObject({ protocol: 'hobbits', message: name, code, requestId: String(id) });
                expect(fields).toMatchObject({ ...prefixJson(framing, RPC), body_form: form });
                expect(plainJson(fields.header)).toEqual({ method_id: String(code), id: String(id) });
                expect(plainJson(fields.body)).toEqual({ body: plainJson(type.toJson(v)) });
              }
            }
          }
        }),
        { numRuns: name === 'BLOCK_BODIES' ? 4 : 10 },
      );
    });
  }

  it('keeps each header number in the form it arrived in: int32, int64 or double', () => {
    const body = sszRpcBody(RPC_BODY_TYPES.GOODBYE.serialize({ reason: 1n }));
    const header = (form: NumberForm) =>
      fieldsJson(hobbits.decodeMessage(binaryFrame(RPC, rpcHeader(1, 7, form), body)).tree).header;
    expect(header('int32')).toEqual({ method_id: 1, id: 7 });
    expect(header('int64')).toEqual({ method_id: { $numberLong: '1' }, id: { $numberLong: '7' } });
    expect(header('double')).toEqual({ method_id: { $numberDouble: '1' }, id: { $numberDouble: '7' } });
  });

  it('reads a list-only body sent as the bare array (Artemis @JsonValue) as the document form', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 2 }), (blocks) => {
        const BlockBodies = RPC_BODY_TYPES.BLOCK_BODIES;
        const body = BSON.serialize({ body: blocks.map((b) => new Binary(mainnetTypes.BeaconBlock.serialize(b))) });
        const { fields } = decodeValid(binaryFrame(RPC, rpcHeader(13, 1), body));
        expect(fields.body_form).toBe('document');
        expect(plainJson(fields.body)).toEqual({ body: plainJson(BlockBodies.toJson({ bodies: blocks }).bodies) });
      }),
      { numRuns: 5 },
    );
  });
});

describe('BEACON_STATES carries whole beacon states, in either preset', () => {
  function sampleState(types: typeof mainnetTypes, validators: number) {
    const state = types.BeaconState.defaultValue();
    state.slot = 12345n;
    state.genesis_time = 1_567_000_000n;
    state.validators = Array.from({ length: validators }, (_, i) => ({
      ...types.Validator.defaultValue(),
      pubkey: new Uint8Array(48).fill(i + 1),
      effective_balance: 32_000_000_000n,
      exit_epoch: 2n ** 64n - 1n,
    }));
    state.balances = state.validators.map(() => 32_000_000_000n);
    state.justification_bits = BitArray.fromBoolArray([true, false, true, true]);
    return state;
  }

  it('decodes a mainnet state (7 MB) as SSZ in a binary', () => {
    const state = sampleState(mainnetTypes, 3);
    const container = RPC_BODY_TYPES.BEACON_STATES;
    const wire = binaryFrame(RPC, rpcHeader(17, 9), sszRpcBody(container.serialize({ states: [state] })));
    const { decoded, fields } = decodeValid(wire);
    expect(decoded.message).toBe('BEACON_STATES');
    const states = (fields.body as JsonObject).body as JsonObject;
    expect(plainJson(states)).toEqual(plainJson(container.toJson({ states: [state] })));
  });

  it('decodes minimal-preset states in every framing, both body forms and number forms, with an info note naming the preset', () => {
    const states = [sampleState(minimalTypes, 2), sampleState(minimalTypes, 0)];
    const container = MinimalBeaconStates;
    const bodies = {
      ssz: sszRpcBody(container.serialize({ states })),
      document: BSON.serialize({
        body: { states: states.map((s) => new Binary(minimalTypes.BeaconState.serialize(s))) },
      }),
    };
    for (const framing of FRAMING_NAMES) {
      for (const numbers of NUMBER_FORMS) {
        for (const [form, body] of Object.entries(bodies)) {
          const wire = FRAMINGS[framing](RPC, rpcHeader(17, 4, numbers), body);
          const decoded = hobbits.decodeMessage(wire);
          // One note per state read with the minimal layout: the whole list in the SSZ form, each binary in the other.
          const expectedNotes = form === 'ssz' ? 1 : states.length;
          expect(collectNotes(decoded.tree).map((n) => [n.severity, n.kind])).toEqual(
            Array(expectedNotes).fill(['info', 'hobbits.preset.minimal']),
          );
          expect(coverageProblems(decoded.tree, wire.length)).toEqual([]);
          const fields = fieldsJson(decoded.tree);
          expect(fields).toMatchObject({ ...prefixJson(framing, RPC), body_form: form });
          expect(plainJson(fields.body)).toEqual({ body: plainJson(container.toJson({ states })) });
          expect(toHex(hobbits.encodeMessage({ message: decoded.message, fields }))).toBe(toHex(wire));
        }
      }
    }
  });
});

describe('GOSSIP carries the raw SSZ of the object its topic names', () => {
  const topics = [
    {
      topic: 'BLOCK',
      arbitrary: block,
      type: mainnetTypes.BeaconBlock as unknown as ContainerType<Record<string, Type<unknown>>>,
    },
    {
      topic: 'ATTESTATION',
      arbitrary: attestation,
      type: mainnetTypes.Attestation as unknown as ContainerType<Record<string, Type<unknown>>>,
    },
  ];
  for (const { topic, arbitrary, type } of topics) {
    it(`${topic} in every framing and number form, with the hash as a binary or a hex string`, () => {
      fc.assert(
        fc.property(arbitrary, root, fc.bigInt({ min: 0n, max: 2n ** 40n }), (value, messageHash, timestamp) => {
          const ssz = type.serialize(value);
          const hash = type.hashTreeRoot(value);
          for (const framing of FRAMING_NAMES) {
            for (const numbers of NUMBER_FORMS) {
              for (const hashForm of [hash, toHex(hash)]) {
                const header = gossipHeader({ topic, timestamp, messageHash, hash: hashForm }, numbers);
                const wire = FRAMINGS[framing](GOSSIP, header, ssz);
                const { decoded, fields } = decodeValid(wire);
                expect(decoded).toMatchObject({ message: 'GOSSIP', code: 0, requestId: null });
                expect(fields).toMatchObject(prefixJson(framing, GOSSIP));
                expect(plainJson(fields.header)).toEqual({
                  method_id: '0',
                  topic,
                  timestamp: String(timestamp),
                  message_hash: toHex(messageHash),
                  hash: typeof hashForm === 'string' ? { $string: hashForm } : toHex(hash),
                });
                expect(plainJson(fields.body)).toEqual(plainJson(type.toJson(value)));
              }
            }
          }
        }),
        { numRuns: 8 },
      );
    });
  }
});

describe('PING and PONG carry 32 bytes behind an ASCII header', () => {
  it('decodes ping and pong in every framing', () => {
    fc.assert(
      fc.property(bytes(32), (body) => {
        for (const framing of FRAMING_NAMES) {
          for (const word of ['ping', 'pong']) {
            const { decoded, fields } = decodeValid(FRAMINGS[framing](PING, ascii(word), body));
            expect(decoded).toMatchObject({ message: word.toUpperCase(), code: null, requestId: null });
            expect(fields).toEqual({ ...prefixJson(framing, PING), header: word, body: toHex(body) });
          }
        }
      }),
      { numRuns: 20 },
    );
  });
});
