import type { MessageRecord } from '../../../decoders/core/message';
import { compileFilter, completeFilter, filterFieldNames, FilterSyntaxError } from '../../../src-main/analysis/filter';
import { tokenize } from '../../../src-main/analysis/filter/lexer';
import { eth2rpc } from '../../../decoders/eth2rpc';
import { hobbits } from '../../../decoders/hobbits';
import { RECORDS } from '../../analysis/filter/records';
import { Random } from '../random';
import { eth2rpcSeedMessages, hobbitsSeedMessages } from '../seeds/protocol-messages';
import { check, type FuzzTarget } from '../target';
import { fuzzedRegistry } from './fuzzed-registry';
import { playStream } from './stream-dissector';

export interface FilterInput {
  source: string;
  cursor: number;
  withKnownFields: boolean;
}

const OPERATORS = [
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'any_eq',
  'all_ne',
  'all_eq',
  'any_ne',
  'contains',
  'matches',
  '~',
];
const WORD_VALUES = [
  '0',
  '1',
  '-1',
  '5',
  '0x10',
  '0xff',
  '1e3',
  '-2.5e3',
  '18446744073709551615',
  '18446744073709551616',
  '9007199254740993',
  'true',
  'false',
  'HELLO',
  'hello',
  'unanswered',
  'matched',
  'error',
  'warning',
  'tcp:0',
  'udp:1',
  '10.0.0.1',
  '10.0.0.0/8',
  '::1',
  'fe80::1',
  '[fe80::1]:9000',
  '::ffff:10.0.0.1',
  '10.0.0.1:9000',
  'aa:bb:cc',
  '0x',
  'nan',
  'Infinity',
  '1..2',
  '.',
  '-',
  ':',
  '/',
  '[',
  ']',
  'é',
  '0x455448',
];
const STRING_VALUES = [
  '"x"',
  '""',
  '"HELLO"',
  '"\\x45\\u0054\\u{48}"',
  '"\\"',
  '"\\q"',
  'r"\\d+"',
  '"(("',
  '"[z-a]"',
  '"(?-i)Hello"',
  '"a\\nb"',
  '"\u0000"',
  '"(a+)+$"',
];
/** Text that is close to the language: half-tokens, stray characters. */
const FRAGMENTS = [
  '(',
  ')',
  '{',
  '}',
  '..',
  ',',
  '"',
  '=',
  '&',
  '|',
  '!',
  '#',
  "'",
  '\\',
  ' ',
  '\t',
  '\u00a0',
  'and',
  'or',
  'not',
  'in',
  '&&',
  '||',
];

/**
 * Filters from the grammar (README's EBNF) over real field names, with values of every literal kind; then, often,
 * a few characters changed so the parser meets near-misses.
 */
function grammarFilter(rng: Random, fields: readonly string[], depth = 0): string {
  const roll = rng.below(depth > 4 ? 4 : 10);
  if (roll < 4) return comparison(rng, fields);
  if (roll < 6) return `${rng.pick(['!', 'not ', '! '])}${grammarFilter(rng, fields, depth + 1)}`;
  if (roll < 7) return `(${grammarFilter(rng, fields, depth + 1)})`;
  const joiner = rng.pick([' && ', ' || ', ' and ', ' or ', '&&', ' AND ']);
  return `${grammarFilter(rng, fields, depth + 1)}${joiner}${grammarFilter(rng, fields, depth + 1)}`;
}

function comparison(rng: Random, fields: readonly string[]): string {
  const field = rng.chance(0.9) ? rng.pick(fields) : `${rng.pick(fields)}.${rng.pick(['0', 'x', 'slot', ''])}`;
  const roll = rng.below(10);
  if (roll < 2) return field;
  if (roll < 4) {
    const members = Array.from({ length: 1 + rng.smallish(4) }, () =>
      rng.chance(0.3) ? `${value(rng)}..${value(rng)}` : value(rng),
    );
    return `${field} ${rng.chance(0.2) ? 'not in' : 'in'} {${members.join(rng.pick([' ', ', ', ',']))}}`;
  }
  return `${field} ${rng.pick(OPERATORS)} ${value(rng)}`;
}

function value(rng: Random): string {
  return rng.chance(0.75) ? rng.pick(WORD_VALUES) : rng.pick(STRING_VALUES);
}

function randomText(rng: Random): string {
  const length = rng.smallish(40);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += rng.chance(0.8) ? String.fromCharCode(0x20 + rng.below(95)) : String.fromCodePoint(rng.below(0x2100));
  }
  return out;
}

/** A few characters inserted, deleted or swapped. */
function nearMiss(rng: Random, text: string): string {
  let out = text;
  for (let n = 1 + rng.smallish(3); n > 0; n--) {
    const at = rng.below(out.length + 1);
    const roll = rng.below(3);
    if (roll === 0) out = out.slice(0, at) + rng.pick(FRAGMENTS) + out.slice(at);
    else if (roll === 1) out = out.slice(0, at) + out.slice(at + 1 + rng.smallish(4));
    else out = out.slice(0, at) + randomText(rng).slice(0, 3) + out.slice(at);
  }
  return out;
}

/**
 * compileFilter on random, grammar-built and near-miss text, with and without the known field names: only
 * FilterSyntaxError escapes, with a span inside the text; a compiled filter tests every record (the hand-written
 * ones of test/analysis/filter and real decoded ones) without throwing, `!(F)` answers the opposite of F, and
 * explain and completion never throw.
 */
export function displayFilterTarget(): FuzzTarget<FilterInput> {
  let fields: string[] = [];
  let known: ReadonlySet<string> = new Set();
  let records: MessageRecord[] = [];
  return {
    name: 'display-filter',
    weight: 8,
    batchSize: 200,
    prepare(seed) {
      fields = filterFieldNames(fuzzedRegistry().declarations());
      known = new Set(fields);
      const rng = new Random(seed, 0xf17);
      const decoded = [hobbits, eth2rpc].flatMap((protocol) => {
        const messages = (protocol === hobbits ? hobbitsSeedMessages : eth2rpcSeedMessages)(rng).slice(0, 30);
        const events = messages.map((data, i) => ({ dir: (i % 2) as 0 | 1, data }));
        return playStream(protocol, { events: [...events, { dir: 0, end: true }, { dir: 1, end: true }] }, () => {});
      });
      records = [...RECORDS, ...decoded];
    },
    generate(rng) {
      const roll = rng.below(10);
      let source =
        roll < 2
          ? randomText(rng)
          : roll < 3
            ? Array.from({ length: rng.smallish(12) }, () =>
                rng.pick([...FRAGMENTS, ...fields.slice(0, 40), ...WORD_VALUES]),
              ).join(rng.pick(['', ' ']))
            : grammarFilter(rng, fields);
      if (roll >= 3 && rng.chance(0.3)) source = nearMiss(rng, source);
      return { source, cursor: rng.below(source.length + 2), withKnownFields: rng.chance(0.5) };
    },
    execute(input) {
      const { source } = input;
      const options = input.withKnownFields ? { knownFields: known } : {};
      const completion = completeFilter(source, input.cursor, fields);
      check(
        0 <= completion.from && completion.from <= completion.to && completion.to <= source.length,
        'completion range outside the text',
      );
      let compiled;
      try {
        compiled = compileFilter(source, options);
      } catch (e) {
        if (!(e instanceof FilterSyntaxError)) throw e;
        check(
          e.position >= 0 && e.length >= 0 && e.position + e.length <= source.length,
          () => `error span ${e.position}+${e.length} outside a ${source.length}-character filter`,
        );
        return;
      }
      check(typeof compiled.explain() === 'string', 'explain() is not text');
      const results = records.map((r) => compiled.test(r));
      check(
        results.every((r) => typeof r === 'boolean'),
        'test() answers something other than a boolean',
      );
      if (tokenize(source).length === 1) return; // only spaces: the empty filter, and `!()` is no filter
      let negated;
      try {
        negated = compileFilter(`!(${source})`, options);
      } catch (e) {
        if (!(e instanceof FilterSyntaxError)) throw e;
        check(/nest/i.test(e.message), () => `F compiles but !(F) does not: ${e.message}`);
        return;
      }
      records.forEach((r, i) => check(negated.test(r) === !results[i], () => `!(F) does not negate F on record ${i}`));
    },
  };
}
