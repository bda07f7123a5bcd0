import { describe, expect, it } from 'vitest';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { eth2rpc } from '../../decoders/eth2rpc';
import { helloBody, request, response } from './support/conversation';

const declaration = eth2rpc.declaration;

describe('eth2rpc declaration', () => {
  it('declares each method as a request coded by its method id, answered by its response', () => {
    const requests = declaration.messages.filter((m) => m.space === undefined && m.code !== null);
    expect(requests.map((m) => [m.name, m.code, m.answeredBy ?? []])).toEqual([
      ['hello', 0, ['hello_response']],
      ['goodbye', 1, []],
      ['get_status', 2, ['get_status_response']],
      ['beacon_block_roots', 10, ['beacon_block_roots_response']],
      ['beacon_block_headers', 11, ['beacon_block_headers_response']],
      ['beacon_block_bodies', 12, ['beacon_block_bodies_response']],
      ['beacon_chain_state', 13, ['beacon_chain_state_response']],
    ]);
  });

  it('codes each response by the method id of the request it answers, in a space of its own', () => {
    expect(declaration.byCode(10)?.name).toBe('beacon_block_roots');
    expect(declaration.byCode(10, 'response')?.name).toBe('beacon_block_roots_response');
    expect(declaration.roleOf('hello_response')).toBe('response');
    expect(declaration.roleOf('goodbye')).toBe('none');
    expect(declaration.requestsAnsweredBy('response')).toEqual(['unknown_method']);
  });

  it('gives every message a summary and a reference to its section of rpc-interface.md', () => {
    for (const m of declaration.messages) {
      expect(m.summary.length, m.name).toBeGreaterThan(10);
      expect(m.spec, m.name).toMatch(/^rpc-interface\.md §/);
    }
  });

  it('describes the fields a composer fills in, with the body container and its spec names', () => {
    const schema = declaration.schema() as { oneOf: { title: string; properties: { fields: JsonObject } }[] };
    const roots = schema.oneOf.find((s) => s.title === 'beacon_block_roots')!.properties.fields as {
      properties: { body: { anyOf: { properties?: Record<string, unknown> }[] } };
      required: string[];
    };
    expect(Object.keys(roots.properties.body.anyOf[0]!.properties!)).toEqual(['start_slot', 'count']);
    expect(roots.required).toEqual(['id', 'body']);
  });

  it('lets each message codec decode its own message and encode it back', () => {
    const codec = declaration.message('hello_response')!.body;
    const bytes = response('hello', 3, helloBody());
    const { field, complete } = decodeAll(codec, bytes, 'hello_response');
    expect(complete).toBe(true);
    expect(collectNotes(field)).toEqual([]);
    expect(encodeValue(codec, fieldJson(field))).toEqual(bytes);
  });

  it('makes a message codec refuse a different message with an error', () => {
    const codec = declaration.message('goodbye')!.body;
    const { complete, field } = decodeAll(codec, request('hello', 1, helloBody()), 'goodbye');
    expect(complete).toBe(false);
    expect(collectNotes(field).map((n) => n.kind)).toContain('eth2rpc.message.unexpected');
  });
});
