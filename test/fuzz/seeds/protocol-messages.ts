import type { Type } from '@chainsafe/ssz';
import { sszCodec } from '../../../decoders/codecs/ssz';
import { decodeAll } from '../../../decoders/core/codec';
import { fieldJson, fieldsJson } from '../../../decoders/core/field';
import { EncodeError, type JsonObject, type JsonValue } from '../../../decoders/core/json';
import { eth2rpc } from '../../../decoders/eth2rpc';
import { METHODS, responseName } from '../../../decoders/eth2rpc/methods';
import { hobbits } from '../../../decoders/hobbits';
import { mainnetTypes } from '../../../decoders/hobbits/beacon-types';
import { MinimalBeaconStates, RPC_BODY_TYPES, type RpcMethodName } from '../../../decoders/hobbits/rpc-bodies';
import { binaryFrame, PING, RPC, rpcHeader, sszRpcBody, textFrame } from '../../hobbits/fixtures/hand-framing';
import { documentRpcBody, withInt64Numbers } from '../../hobbits/fixtures/rpc-cases';
import { gossipBlock, pingMessage, rpcMessage } from '../../hobbits/fixtures/wire-messages';
import { errorResponse, fixedRequest, helloBody, request, response } from '../../eth2rpc/support/conversation';
import { frameEnvelope } from '../../eth2rpc/support/wire-layouts';
import type { Random } from '../random';
import { hobbitsVectorMessages } from './public-vectors';
import { randomSszValue } from './ssz-values';

type AnyType = Type<unknown>;

/** A value of `type` in Peerscope's JSON form (what the decoder yields and the composer takes). */
export function sszJson(type: AnyType, value: unknown): JsonValue {
  return fieldJson(decodeAll(sszCodec(type), type.serialize(value), 'value').field);
}

/** Encodes a composer JSON; a JSON the encoder refuses is a mistake in the seed list, reported as such. */
function composed(encode: (json: JsonObject) => Uint8Array, json: JsonObject): Uint8Array {
  try {
    return encode(json);
  } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
    throw new Error(`seed ${JSON.stringify(json).slice(0, 120)} does not encode: ${e.message}`, { cause: e });
  }
}

/** Which RPC bodies are fuzzed from composer JSON: all but BEACON_STATES (a mainnet state is 7 MB). */
const HOBBITS_RPC_METHODS = (Object.keys(RPC_BODY_TYPES) as RpcMethodName[]).filter((m) => m !== 'BEACON_STATES');

/**
 * Hobbits wire messages: the public vectors, minimal composer JSON of every message through the encoder (binary,
 * Lodestar text and EWP 0.2 text framing, SSZ and document body forms), and hand-framed fixtures.
 */
export function hobbitsSeedMessages(rng: Random): Uint8Array[] {
  const encode = (json: JsonObject) => composed((j) => hobbits.encodeMessage(j), json);
  const seeds: Uint8Array[] = [...hobbitsVectorMessages()];
  let id = 1;
  for (const message of HOBBITS_RPC_METHODS) {
    const type = RPC_BODY_TYPES[message] as unknown as AnyType;
    const framings: JsonObject[] = [{}, { framing: 'text' }, { framing: 'text', version: '0.2' }];
    for (const framing of framings) {
      const body = sszJson(type, randomSszValue(type, rng, 2));
      seeds.push(encode({ message, fields: { ...framing, header: { id: id++ }, body: { body } } }));
    }
    const value = withInt64Numbers(randomSszValue(type, rng, 1) as Record<string, unknown>);
    seeds.push(rpcMessage(message, id++, value, rng.pick(['binary-v3', 'text-lodestar', 'text-0.2'] as const)));
    if (message !== 'GET_STATUS' && message !== 'GET_ATTESTATION') {
      seeds.push(
        binaryFrame(
          RPC,
          rpcHeader(hobbits.declaration.message(message)!.code!, id++, 'int64'),
          documentRpcBody(message, value, 'int64'),
        ),
      );
    }
  }
  const minimalState = MinimalBeaconStates.defaultValue();
  seeds.push(
    binaryFrame(
      RPC,
      rpcHeader(hobbits.declaration.message('BEACON_STATES')!.code!, id++),
      sszRpcBody(MinimalBeaconStates.serialize(minimalState)),
    ),
  );
  for (const word of ['PING', 'PONG']) {
    seeds.push(encode({ message: word, fields: { body: `0x${Buffer.from(rng.bytes(32)).toString('hex')}` } }));
  }
  seeds.push(pingMessage('ping', 7), pingMessage('pong', 7));
  seeds.push(textFrame('0.2', 'PING', new TextEncoder().encode('ping'), new Uint8Array(32)));
  seeds.push(binaryFrame(PING, new Uint8Array(0), new Uint8Array(0)));
  for (const topic of ['BLOCK', 'ATTESTATION'] as const) {
    const wire = topic === 'BLOCK' ? gossipBlock(BigInt(rng.u32())) : gossipAttestation(rng);
    seeds.push(wire);
    const decoded = fieldsJson(hobbits.decodeMessage(wire).tree);
    const header = decoded.header as JsonObject;
    seeds.push(
      encode({
        message: 'GOSSIP',
        fields: { header: { timestamp: header.timestamp!, message_hash: header.message_hash! }, body: decoded.body! },
      }),
    );
  }
  const blocks = { bodies: [sszJson(mainnetTypes.BeaconBlock, randomSszValue(mainnetTypes.BeaconBlock, rng, 1))] };
  seeds.push(
    encode({
      message: 'BLOCK_BODIES',
      fields: { header: { id }, body_form: 'document', body: { body: blocks } },
    }),
  );
  return seeds;
}

function gossipAttestation(rng: Random): Uint8Array {
  const attestation = randomSszValue(mainnetTypes.Attestation, rng, 2);
  const json = sszJson(mainnetTypes.Attestation, attestation);
  return hobbits.encodeMessage({
    message: 'GOSSIP',
    fields: {
      header: { timestamp: 1_560_471_980, message_hash: `0x${'09'.repeat(32)}` },
      body: json,
    },
  });
}

/**
 * eth2 RPC wire messages: minimal composer JSON of every request and response through the encoder, in the three
 * layouts (SSZ wrapper, April-2019 fixed, envelope) and the three union-index readings, error responses, unknown
 * methods, and hand-framed fixtures.
 */
export function eth2rpcSeedMessages(rng: Random): Uint8Array[] {
  const encode = (json: JsonObject) => composed((j) => eth2rpc.encodeMessage(j), json);
  const seeds: Uint8Array[] = [];
  const layouts: JsonObject[] = [
    {},
    { framing: 'fixed' },
    { framing: 'envelope' },
    { framing: 'envelope', envelope: { nibbles: 16, length_order: 'be' } },
  ];
  let id = 1;
  for (const method of METHODS) {
    for (const layout of layouts) {
      const body = sszJson(method.request, randomSszValue(method.request, rng, 2));
      seeds.push(encode({ message: method.name, fields: { ...layout, id: id++, body } }));
    }
    for (const union of ['method_id', 'none']) {
      const body = sszJson(method.request, randomSszValue(method.request, rng, 1));
      seeds.push(encode({ message: method.name, fields: { id: id++, body_union: union, body } }));
    }
    if (method.response === null) continue;
    const name = responseName(method);
    if (method.response !== 'unspecified') {
      const result = sszJson(method.response, randomSszValue(method.response, rng, 2));
      seeds.push(encode({ message: name, fields: { id: id++, result } }));
      seeds.push(encode({ message: name, fields: { framing: 'fixed', id: id++, result } }));
    } else {
      seeds.push(encode({ message: name, fields: { id: id++, result: '0x0102030405' } }));
    }
    seeds.push(
      encode({ message: name, fields: { id: id++, response_code: rng.pick([10, 20, 30, 40, 1001]), result: 'nope' } }),
    );
  }
  seeds.push(encode({ message: 'unknown_method', code: 7, requestId: '9', fields: { body: '0x0102' } }));
  seeds.push(encode({ message: 'malformed', fields: { bytes: '0x455448' } }));
  seeds.push(
    request('hello', 1, helloBody()),
    response('hello', 1, helloBody()),
    errorResponse(6, 20, 'bad'),
    fixedRequest('goodbye', 7, { reason: 1n }),
    frameEnvelope(8n, 0, new Uint8Array([4, 0, 0, 0])),
  );
  return seeds;
}
