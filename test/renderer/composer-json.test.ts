import { describe, expect, it } from 'vitest';
import { encodeProblem, jsonSyntaxOffset } from '../../src-renderer/composer/encode-problem';
import { locateJsonPath, splitErrorPath } from '../../src-renderer/composer/json-path-locator';
import { messageSchema, messageTemplate, templateValue } from '../../src-renderer/composer/message-schema';
import type { JsonObject } from '../../decoders/core/json';

const text = `{
  "message": "HELLO",
  "fields": {
    "header": { "id": 7, "tags": ["a", "b\\"c"] },
    "body": { "body": { "best_slot": "99" } }
  }
}`;

const slice = (range: { start: number; end: number } | null) => (range ? text.slice(range.start, range.end) : null);

describe('finding a JSON path in the composer`s text', () => {
  it('gives the text range of the value at a path of keys and indices', () => {
    expect(slice(locateJsonPath(text, ['fields', 'header', 'id']))).toBe('7');
    expect(slice(locateJsonPath(text, ['fields', 'header', 'tags', 1]))).toBe('"b\\"c"');
    expect(slice(locateJsonPath(text, ['fields', 'body', 'body']))).toBe('{ "best_slot": "99" }');
    expect(locateJsonPath(text, ['message'])).toMatchObject({ exact: true });
  });

  it('falls back to the deepest part of the path that exists', () => {
    const range = locateJsonPath(text, ['fields', 'header', 'method_id']);
    expect(range?.exact).toBe(false);
    expect(slice(range)).toBe('{ "id": 7, "tags": ["a", "b\\"c"] }');
  });

  it('gives null for text that is not JSON', () => {
    expect(locateJsonPath('{"a": }', ['a'])).toBeNull();
    expect(locateJsonPath('{"a": 1} x', ['a'])).toBeNull();
  });

  it('reads encoder paths with numeric segments as array indices', () => {
    expect(splitErrorPath('body.headers.0.slot')).toEqual(['body', 'headers', 0, 'slot']);
  });

  it('puts an encoder error at its path under fields, else at the root', () => {
    const inFields = encodeProblem(text, 'header.id', 'expected int32');
    expect(slice(inFields.range)).toBe('7');
    expect(inFields.message).toBe('header.id: expected int32');
    expect(slice(encodeProblem(text, 'message', 'unknown message').range)).toBe('"HELLO"');
  });

  it('finds where JSON.parse stopped, from either form of its message', () => {
    expect(jsonSyntaxOffset('{"a" 1}', "Expected ':' after property name in JSON at position 5")).toBe(5);
    expect(jsonSyntaxOffset('{\n  "a" 1}', "Expected ':' after property name in JSON at line 2 column 7")).toBe(8);
  });
});

const protocolSchema: JsonObject = {
  title: 'Example',
  $defs: { Root: { type: 'string', pattern: '^0x([0-9a-fA-F]{2}){4}$' } },
  oneOf: [
    {
      title: 'HELLO',
      type: 'object',
      properties: {
        message: { const: 'HELLO' },
        fields: {
          type: 'object',
          properties: {
            framing: { enum: ['binary-v3', 'text'], default: 'binary-v3' },
            header: {
              type: 'object',
              properties: { id: { anyOf: [{ type: 'number' }, { type: 'object' }] } },
              required: ['id'],
            },
            body: {
              type: 'object',
              properties: {
                root: { $ref: '#/$defs/Root' },
                slot: {
                  anyOf: [
                    { type: 'integer', minimum: 0 },
                    { type: 'string', pattern: '^\\d+$' },
                  ],
                },
                flags: { type: 'array', items: { type: 'boolean' }, minItems: 2 },
                name: { type: 'string' },
                any: { type: 'string', pattern: '^0x([0-9a-fA-F]{2})*$' },
              },
            },
          },
          required: ['header', 'body'],
        },
      },
    },
    { title: 'PING', type: 'object', properties: { message: { const: 'PING' }, fields: { type: 'object' } } },
  ],
};

describe('composer templates from a message schema', () => {
  it('fills the required fields with plain values of their types, references followed', () => {
    expect(messageTemplate(protocolSchema, 'HELLO')).toEqual({
      message: 'HELLO',
      fields: {
        header: { id: 0 },
        body: { root: '0x00000000', slot: 0, flags: [false, false], name: '', any: '0x' },
      },
    });
  });

  it('prefers a const, then a default, then the first of an enum', () => {
    expect(templateValue({ const: 3, default: 4 }, {}, 0)).toBe(3);
    expect(templateValue({ default: 4, enum: [5] }, {}, 0)).toBe(4);
    expect(templateValue({ enum: ['a', 'b'] }, {}, 0)).toBe('a');
  });

  it('narrows the protocol schema to one message, keeping the definitions its references need', () => {
    const schema = messageSchema(protocolSchema, 'PING');
    expect(schema.oneOf).toBeUndefined();
    expect(schema.title).toBe('PING');
    expect(schema.$defs).toEqual(protocolSchema.$defs);
    expect(messageSchema(protocolSchema, 'NOPE')).toBe(protocolSchema);
  });
});
