import { describe, expect, it } from 'vitest';
import { fixedBytes, structOf, uint, type Codec, type JsonSchema } from '../../../decoders/core/codec';
import { declareProtocol, type DeclaredProtocol } from '../../../decoders/core/declaration';
import { compileFilter, filterFieldNames } from '../../../src-main/analysis/filter';

/** A list codec is all the filter needs here: only its schema is read. */
function listOf(item: Codec): Codec {
  return {
    typeName: `List[${item.typeName}]`,
    decode: () => {
      throw new Error('not needed by these tests');
    },
    encode: () => {
      throw new Error('not needed by these tests');
    },
    schema: () => ({ type: 'array', items: item.schema() }),
  };
}

const header = structOf('Header', [
  { name: 'method_id', codec: uint(2, 'be') },
  { name: 'id', codec: uint(8, 'be') },
]);

function rpc(body: Codec): Codec {
  return structOf('Rpc', [
    { name: 'header', codec: header },
    { name: 'body', codec: body },
  ]);
}

const HOBBITS_LIKE = declareProtocol({
  name: 'hobbits',
  title: 'Hobbits',
  spec: 'test',
  messages: [
    {
      name: 'HELLO',
      code: 0,
      summary: 'handshake',
      body: rpc(
        structOf('Hello', [
          { name: 'network_id', codec: uint(1, 'be') },
          { name: 'best_root', codec: fixedBytes(32) },
          { name: 'best_slot', codec: uint(8, 'be') },
        ]),
      ),
      answeredBy: ['HELLO'],
    },
    {
      name: 'BLOCK_HEADERS',
      code: 11,
      summary: 'headers',
      body: rpc(
        structOf('Headers', [
          { name: 'headers', codec: listOf(structOf('BeaconBlockHeader', [{ name: 'slot', codec: uint(8, 'le') }])) },
        ]),
      ),
    },
  ],
});

/** A hand-written schema using $defs/$ref, anyOf alternatives and prefixItems, as a plugin's codec might. */
const REF_SCHEMA: JsonSchema = {
  $defs: {
    Root: { type: 'object', properties: { block_root: { type: 'string' }, slot: { type: 'integer' } } },
    Node: { type: 'object', properties: { value: { type: 'integer' }, next: { $ref: '#/$defs/Node' } } },
  },
  oneOf: [
    {
      properties: {
        message: { const: 'beacon_block_roots' },
        fields: {
          type: 'object',
          properties: {
            'Request ID': { type: 'integer' },
            body: {
              anyOf: [
                { type: 'object', properties: { roots: { type: 'array', items: { $ref: '#/$defs/Root' } } } },
                { type: 'object', properties: { error: { type: 'string' } } },
              ],
            },
            pair: { type: 'array', prefixItems: [{ properties: { first: {} } }, { properties: { second: {} } }] },
            chain: { $ref: '#/$defs/Node' },
          },
        },
      },
    },
  ],
};

const WITH_REFS: DeclaredProtocol = {
  ...declareProtocol({ name: 'eth2rpc', title: 'eth2', spec: '', messages: [] }),
  schema: () => REF_SCHEMA,
};

describe('filterFieldNames', () => {
  const names = filterFieldNames([HOBBITS_LIKE, WITH_REFS]);

  it('names the protocol, its messages and every field path, with and without the message', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'hobbits',
        'hobbits.hello',
        'hobbits.block_headers',
        'hobbits.header',
        'hobbits.header.method_id',
        'hobbits.header.id',
        'hobbits.body.best_slot',
        'hobbits.hello.body.best_slot',
        'hobbits.hello.header.id',
      ]),
    );
  });

  it('reaches through lists without an index segment', () => {
    expect(names).toContain('hobbits.body.headers');
    expect(names).toContain('hobbits.block_headers.body.headers.slot');
  });

  it('follows $ref, anyOf and prefixItems and stops at recursive references', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'eth2rpc.beacon_block_roots',
        'eth2rpc.body.roots.block_root',
        'eth2rpc.beacon_block_roots.body.roots.slot',
        'eth2rpc.body.error',
        'eth2rpc.pair.first',
        'eth2rpc.pair.second',
        'eth2rpc.chain.value',
        'eth2rpc.chain.next',
      ]),
    );
    expect(names).not.toContain('eth2rpc.chain.next.value');
  });

  it('spells spec names as lowercase filter segments', () => {
    expect(names).toContain('eth2rpc.request_id');
  });

  it('includes the message-level and transport-level names, sorted and without duplicates', () => {
    expect(names).toEqual(expect.arrayContaining(['frame', 'requestId', 'pair.latencyMs', 'ip.addr', 'udp.srcport']));
    expect(names).toEqual([...new Set(names)].sort());
  });

  it('gives compileFilter a field list that accepts every name it lists', () => {
    const knownFields = new Set(names);
    for (const name of names) expect(() => compileFilter(name, { knownFields }), name).not.toThrow();
    expect(() => compileFilter('hobbits.hello.body.bestslot', { knownFields })).toThrow(
      /did you mean 'hobbits.hello.body.best_slot'/,
    );
  });
});
