import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { integerToJson, type JsonObject } from '../../decoders/core/json';
import { eth2rpc } from '../../decoders/eth2rpc';
import { decodeEth2RpcMessage } from '../../decoders/eth2rpc/message-decoder';
import { METHODS, type RpcMethod } from '../../decoders/eth2rpc/methods';
import type { PairingContext } from '../../decoders/eth2rpc/readings';
import { coverageProblems } from '../support/field-coverage';
import { BODY_VALUES, expectedJson, requestType, responseType } from './support/beacon-values';
import { describeFraming, FRAMING_CASES, frameAs, withUnionIndex, type FramingCase } from './support/wire-layouts';

/**
 * Every method's request and response, built from random values with @chainsafe/ssz and framed by hand in each
 * raw-TCP layout and each union-index reading, must decode to those values, explain every byte and encode back.
 */

const ids = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const RUNS = { numRuns: 25 };

/** Rule warnings random values may legitimately raise. */
const RULE_WARNINGS = new Set([
  'eth2rpc.goodbye.reason',
  'eth2rpc.block_body.transfers',
  'eth2rpc.response_code.reserved',
]);

function unionReadings(method: RpcMethod): ('position' | 'method_id' | 'none')[] {
  return method.position === method.id ? ['position', 'none'] : ['position', 'method_id', 'none'];
}

function readingFields(c: FramingCase): JsonObject {
  return c.framing === 'envelope'
    ? { framing: c.framing, envelope: { nibbles: c.nibbles, length_order: c.order } }
    : { framing: c.framing };
}

function decodeChecked(bytes: Uint8Array, context: PairingContext) {
  const { message } = decodeEth2RpcMessage(bytes, { context });
  expect(coverageProblems(message.tree, bytes.length)).toEqual([]);
  const notes = collectNotes(message.tree);
  expect(notes.filter((n) => n.severity === 'error')).toEqual([]);
  expect(notes.filter((n) => n.severity === 'warning' && !RULE_WARNINGS.has(n.kind))).toEqual([]);
  const fields = fieldsJson(message.tree);
  expect(eth2rpc.encodeMessage({ message: message.message, fields })).toEqual(bytes);
  return { message, fields };
}

describe.each(METHODS.map((m) => [m.name, m] as const))('%s request', (name, method) => {
  const cases = FRAMING_CASES.flatMap((c) =>
    unionReadings(method).map((union) => [describeFraming(c), union, c] as const),
  );

  it.each(cases)(
    'in the %s layout with union reading %s decodes to its values and re-encodes byte for byte',
    (_, union, c) => {
      fc.assert(
        fc.property(BODY_VALUES[name]!.request, ids, (value, id) => {
          const body = requestType(name).serialize(value);
          const payload =
            union === 'none' ? body : withUnionIndex(union === 'position' ? method.position : method.id, body);
          const bytes = frameAs(c, id, method.id, payload);
          const { message, fields } = decodeChecked(bytes, { kind: 'not-pending' });
          expect([message.message, message.code, message.requestId]).toEqual([name, method.id, String(id)]);
          expect(fields).toEqual({
            ...readingFields(c),
            body_union: union,
            id: integerToJson(id),
            method_id: method.id,
            body: expectedJson(requestType(name), value),
          });
        }),
        RUNS,
      );
    },
  );
});

const answered = METHODS.filter((m) => BODY_VALUES[m.name]!.response);

describe.each(answered.map((m) => [m.name, m] as const))('%s response', (name, method) => {
  it.each(FRAMING_CASES.map((c) => [describeFraming(c), c] as const))(
    'in the %s layout decodes with the type of its pending request and re-encodes byte for byte',
    (_, c) => {
      fc.assert(
        fc.property(BODY_VALUES[name]!.response!, ids, (value, id) => {
          const bytes = frameAs(c, id, 0, responseType(name).serialize(value));
          const { message, fields } = decodeChecked(bytes, { kind: 'pending', method });
          expect([message.message, message.code, message.requestId]).toEqual([
            `${name}_response`,
            method.id,
            String(id),
          ]);
          expect(fields).toEqual({
            ...readingFields(c),
            id: integerToJson(id),
            response_code: 0,
            result: expectedJson(responseType(name), value),
          });
        }),
        RUNS,
      );
    },
  );

  it('without its request is typed by consistency, naming every response type the result fits', () => {
    fc.assert(
      fc.property(BODY_VALUES[name]!.response!, ids, (value, id) => {
        const bytes = frameAs({ framing: 'ssz' }, id, 0, responseType(name).serialize(value));
        const message = eth2rpc.decodeMessage(bytes);
        const inferred = collectNotes(message.tree).find((n) => n.kind === 'eth2rpc.response.inferred');
        expect(inferred?.text).toContain(`${name}_response`);
        expect(eth2rpc.encodeMessage({ message: message.message, fields: fieldsJson(message.tree) })).toEqual(bytes);
      }),
      RUNS,
    );
  });
});

describe('error responses', () => {
  const codes = fc.constantFrom(10, 20, 30, 40, 7, 1234);
  const details = fc.oneof(
    fc.string({ maxLength: 30 }).map((s) => new TextEncoder().encode(s)),
    fc.uint8Array({ maxLength: 30 }),
  );

  it.each(FRAMING_CASES.map((c) => [describeFraming(c), c] as const))(
    'in the %s layout keep any details and re-encode byte for byte',
    (_, c) => {
      fc.assert(
        fc.property(fc.constantFrom(...answered), codes, details, ids, (method, code, detail, id) => {
          const bytes = frameAs(c, id, code, detail);
          const { message, fields } = decodeChecked(bytes, { kind: 'pending', method });
          expect(message.message).toBe(`${method.name}_response`);
          expect(fields.response_code).toBe(code);
        }),
        RUNS,
      );
    },
  );

  it('show UTF-8 details as text and other details as bytes', () => {
    const pending: PairingContext = { kind: 'pending', method: METHODS[3]! };
    const text = decodeEth2RpcMessage(
      frameAs({ framing: 'ssz' }, 3n, 20, new TextEncoder().encode('count too large')),
      { context: pending },
    );
    expect(fieldsJson(text.message.tree).result).toBe('count too large');
    const binary = decodeEth2RpcMessage(frameAs({ framing: 'ssz' }, 3n, 40, new Uint8Array([0, 159, 1])), {
      context: pending,
    });
    expect(fieldsJson(binary.message.tree).result).toBe('0x009f01');
    const hexLooking = decodeEth2RpcMessage(frameAs({ framing: 'ssz' }, 3n, 40, new TextEncoder().encode('0x12')), {
      context: pending,
    });
    expect(fieldsJson(hexLooking.message.tree).result).toBe('0x30783132');
  });

  it('name the predefined response codes and warn about reserved ones', () => {
    const pending: PairingContext = { kind: 'pending', method: METHODS[0]! };
    const named = decodeEth2RpcMessage(frameAs({ framing: 'ssz' }, 1n, 30, new Uint8Array()), {
      context: pending,
    }).message;
    expect(named.tree.children!.find((f) => f.name === 'response_code')!.display).toBe('method not found (30)');
    const reserved = decodeEth2RpcMessage(frameAs({ framing: 'ssz' }, 1n, 7, new Uint8Array()), {
      context: pending,
    }).message;
    expect(collectNotes(reserved.tree).map((n) => n.kind)).toEqual(['eth2rpc.response_code.reserved']);
    const custom = decodeEth2RpcMessage(frameAs({ framing: 'ssz' }, 1n, 1234, new Uint8Array()), {
      context: pending,
    }).message;
    expect(collectNotes(custom.tree)).toEqual([]);
  });
});
