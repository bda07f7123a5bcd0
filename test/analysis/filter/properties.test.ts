import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../decoders/core/message';
import type { PairStatus } from '../../../decoders/core/pairing';
import type { Severity } from '../../../decoders/core/notes';
import { compileFilter, completeFilter, FilterSyntaxError } from '../../../src-main/analysis/filter';
import { KNOWN_FIELDS, RECORDS } from './records';

/** Pieces of the filter language, so random text often gets deep into the parser rather than failing at once. */
const FRAGMENTS = [
  'frame',
  'hobbits.header.id',
  'pair',
  'note.severity',
  'ip.addr',
  'tcp.port',
  'message',
  'eth2rpc.body.roots.0.slot',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '>=',
  '~',
  'contains',
  'matches',
  'in',
  'not',
  'and',
  'or',
  '&&',
  '||',
  '!',
  '(',
  ')',
  '{',
  '}',
  '..',
  ',',
  '"',
  '"x"',
  'r"\\d"',
  '\\',
  '\\x4',
  '\\u{',
  '0x',
  '0xff',
  '1',
  '-2.5e3',
  'aa:bb',
  '::1',
  '10.0.0.0/8',
  '[fe80::1]:1',
  'HELLO',
  'unanswered',
  '"(("',
  '"[z-a]"',
  '=',
  '&',
  '|',
  '#',
  ' ',
  '\t',
  'é',
  '\u0000',
  '.',
  ':',
];

const filterText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join(' ')),
);

describe('robustness', () => {
  it('throws nothing but FilterSyntaxError on any text, and answers quickly', () => {
    fc.assert(
      fc.property(filterText, fc.boolean(), (source, withKnownFields) => {
        const started = performance.now();
        try {
          const filter = compileFilter(source, withKnownFields ? { knownFields: KNOWN_FIELDS } : {});
          for (const record of RECORDS) filter.test(record);
          filter.explain();
        } catch (e) {
          if (!(e instanceof FilterSyntaxError)) throw e;
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position + e.length).toBeLessThanOrEqual(source.length);
        }
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: 3000 },
    );
  });

  it('completes any text at any cursor without throwing', () => {
    fc.assert(
      fc.property(filterText, fc.nat(60), (source, cursor) => {
        const { from, to, options } = completeFilter(source, cursor, [...KNOWN_FIELDS]);
        expect(0 <= from && from <= to && to <= source.length).toBe(true);
        expect(Array.isArray(options)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Reference evaluation: a subset of the language evaluated the obvious way, against the compiled closures.

type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';
type NumberField = 'frame' | 'code' | 'hobbits.header.id' | 'hobbits.body.slots';
type NameField = 'message' | 'pair.status' | 'note.severity';

type Expr =
  | { kind: 'number'; field: NumberField; op: Op; value: bigint; hex: boolean }
  | { kind: 'name'; field: NameField; op: '==' | '!='; value: string }
  | { kind: 'exists'; field: NumberField | NameField | 'hobbits' }
  | { kind: 'not'; operand: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr; words: boolean };

const MESSAGES = ['HELLO', 'PING', 'GET_BLOCK_HEADERS'];
const STATUSES: PairStatus[] = ['matched', 'unanswered', 'orphan'];
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const BIG = 2n ** 64n;

const smallOrBig = fc.oneof(fc.bigInt({ min: 0n, max: 12n }), fc.bigInt({ min: BIG - 3n, max: BIG + 3n }));

/** A field value in one of the forms records use: number, decimal string above 2^53, EJSON wrapper. */
const jsonInteger = smallOrBig.chain((n) =>
  n <= 12n
    ? fc.constantFrom<unknown>(Number(n), { $numberInt: String(n) }, { $numberLong: String(n) })
    : fc.constantFrom<unknown>(String(n), { $numberLong: String(n) }),
);

const randomRecord: fc.Arbitrary<MessageRecord> = fc
  .record({
    frame: fc.nat(12),
    code: fc.option(fc.nat(12), { nil: null }),
    protocol: fc.constantFrom('hobbits', 'eth2rpc'),
    message: fc.constantFrom(...MESSAGES, 'hello'),
    status: fc.option(fc.constantFrom(...STATUSES), { nil: null }),
    severities: fc.array(fc.constantFrom(...SEVERITIES), { maxLength: 3 }),
    id: fc.option(jsonInteger, { nil: undefined }),
    slots: fc.option(fc.array(jsonInteger, { maxLength: 3 }), { nil: undefined }),
  })
  .map((r) => ({
    index: 0,
    frame: r.frame,
    time: 0,
    stream: 'tcp:0',
    src: '10.0.0.1:1',
    dst: '10.0.0.2:2',
    protocol: r.protocol,
    message: r.message,
    code: r.code,
    requestId: null,
    pair: r.status === null ? null : { status: r.status, index: null, latencyMs: null },
    fields: {
      ...(r.id === undefined ? {} : { header: { id: r.id } }),
      ...(r.slots === undefined ? {} : { body: { slots: r.slots } }),
    } as MessageRecord['fields'],
    notes: r.severities.map((severity) => ({ severity, kind: 'k', text: 't', field: null })),
  }));

const expr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('number' as const),
      field: fc.constantFrom<NumberField>('frame', 'code', 'hobbits.header.id', 'hobbits.body.slots'),
      op: fc.constantFrom<Op>('==', '!=', '<', '<=', '>', '>='),
      value: smallOrBig,
      hex: fc.boolean(),
    }),
    fc.oneof(
      fc.record({
        kind: fc.constant('name' as const),
        field: fc.constant<NameField>('message'),
        op: fc.constantFrom<'==' | '!='>('==', '!='),
        value: fc.constantFrom(...MESSAGES, 'Hello', 'ping'),
      }),
      fc.record({
        kind: fc.constant('name' as const),
        field: fc.constant<NameField>('pair.status'),
        op: fc.constantFrom<'==' | '!='>('==', '!='),
        value: fc.constantFrom(...STATUSES, 'MATCHED'),
      }),
      fc.record({
        kind: fc.constant('name' as const),
        field: fc.constant<NameField>('note.severity'),
        op: fc.constantFrom<'==' | '!='>('==', '!='),
        value: fc.constantFrom(...SEVERITIES),
      }),
    ),
    fc.record({
      kind: fc.constant('exists' as const),
      field: fc.constantFrom(
        'frame',
        'code',
        'hobbits.header.id',
        'hobbits.body.slots',
        'pair.status',
        'note.severity',
        'hobbits',
      ),
    }) as fc.Arbitrary<Expr>,
    fc.record({ kind: fc.constant('not' as const), operand: tie('expr') }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      left: tie('expr'),
      right: tie('expr'),
      words: fc.boolean(),
    }),
  ),
})).expr;

const PRECEDENCE = { or: 1, and: 2, not: 3, number: 4, name: 4, exists: 4 } as const;

/** Prints with as few parentheses as precedence allows, so the parser's precedence is exercised too. */
function render(e: Expr, parent = 0): string {
  const text = renderBare(e);
  return PRECEDENCE[e.kind] < parent ? `(${text})` : text;
}

function renderBare(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return `${e.field} ${e.op} ${e.hex ? `0x${e.value.toString(16)}` : e.value}`;
    case 'name':
      return `${e.field} ${e.op} ${e.value}`;
    case 'exists':
      return e.field;
    case 'not':
      return `!${render(e.operand, PRECEDENCE.not)}`;
    case 'and':
    case 'or': {
      const op = e.words ? ` ${e.kind} ` : e.kind === 'and' ? ' && ' : ' || ';
      return `${render(e.left, PRECEDENCE[e.kind])}${op}${render(e.right, PRECEDENCE[e.kind])}`;
    }
  }
}

/** The field's values as bigints (integers) or lowercase strings (names): an empty list when absent. */
function valuesOf(field: string, r: MessageRecord): (bigint | string)[] {
  const fields = r.fields as { header?: { id?: unknown }; body?: { slots?: unknown[] } };
  switch (field) {
    case 'frame':
      return [BigInt(r.frame)];
    case 'code':
      return r.code === null ? [] : [BigInt(r.code)];
    case 'hobbits.header.id':
      return r.protocol === 'hobbits' && fields.header?.id !== undefined ? [toBigInt(fields.header.id)] : [];
    case 'hobbits.body.slots':
      return r.protocol === 'hobbits' && fields.body?.slots ? fields.body.slots.map(toBigInt) : [];
    case 'message':
      return [r.message.toLowerCase()];
    case 'pair.status':
      return r.pair ? [r.pair.status] : [];
    case 'note.severity':
      return r.notes.map((n) => n.severity);
    default:
      return [];
  }
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'number' || typeof value === 'string') return BigInt(value);
  const wrapped = value as { $numberInt?: string; $numberLong?: string };
  return BigInt(wrapped.$numberInt ?? wrapped.$numberLong!);
}

function holds(op: Op, a: bigint | string, b: bigint | string): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function reference(e: Expr, r: MessageRecord): boolean {
  switch (e.kind) {
    case 'number':
    case 'name': {
      const values = valuesOf(e.field, r);
      const value = e.kind === 'name' ? e.value.toLowerCase() : e.value;
      // != is "no value equals"; every other operator is "some value satisfies".
      if (e.op === '!=') return !values.some((v) => v === value);
      return values.some((v) => holds(e.op, v, value));
    }
    case 'exists':
      if (e.field === 'hobbits') return r.protocol === 'hobbits';
      // A list is present even when empty.
      if (e.field === 'hobbits.body.slots') return r.protocol === 'hobbits' && 'body' in r.fields;
      return valuesOf(e.field, r).length > 0;
    case 'not':
      return !reference(e.operand, r);
    case 'and':
      return reference(e.left, r) && reference(e.right, r);
    case 'or':
      return reference(e.left, r) || reference(e.right, r);
  }
}

describe('compiled filters agree with a reference evaluation', () => {
  it('on random filters over random records', () => {
    fc.assert(
      fc.property(expr, fc.array(randomRecord, { minLength: 1, maxLength: 8 }), (e, records) => {
        const filter = compileFilter(render(e));
        for (const record of records) expect(filter.test(record), render(e)).toBe(reference(e, record));
      }),
      { numRuns: 1500 },
    );
  });
});
