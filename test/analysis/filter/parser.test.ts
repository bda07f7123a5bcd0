import { describe, expect, it } from 'vitest';
import type { FilterNode } from '../../../src-main/analysis/filter/ast';
import { tokenize } from '../../../src-main/analysis/filter/lexer';
import { parseFilter } from '../../../src-main/analysis/filter/parser';

/** The parse tree as a compact S-expression, so precedence reads at a glance. */
function shape(node: FilterNode): string {
  switch (node.type) {
    case 'all':
      return '*';
    case 'and':
    case 'or':
      return `(${node.type} ${node.operands.map(shape).join(' ')})`;
    case 'not':
      return `(not ${shape(node.operand)})`;
    case 'exists':
      return node.field.name;
    case 'compare':
      return `(${node.op} ${node.field.name} ${node.value.text})`;
    case 'contains':
    case 'matches':
      return `(${node.type} ${node.field.name} ${node.value.text})`;
    case 'in': {
      const members = node.members.map((m) => ('value' in m ? m.value.text : `${m.low.text}..${m.high.text}`));
      return `(${node.negated ? 'not-in' : 'in'} ${node.field.name} ${members.join(' ')})`;
    }
  }
}

const parsed = (source: string) => shape(parseFilter(source));

describe('lexer', () => {
  it('reads words, punctuation and strings with their positions', () => {
    const tokens = tokenize('frame>=5&&"a b"');
    expect(tokens.map((t) => [t.type, t.text, t.start, t.end])).toEqual([
      ['word', 'frame', 0, 5],
      ['>=', '>=', 5, 7],
      ['word', '5', 7, 8],
      ['&&', '&&', 8, 10],
      ['string', '"a b"', 10, 15],
      ['end', '', 15, 15],
    ]);
  });

  it('keeps addresses, byte strings and CIDR blocks in one word', () => {
    const words = tokenize('[fe80::1]:30303 aa:bb:cc 10.0.0.0/8 ::1 tcp:3').map((t) => t.text);
    expect(words).toEqual(['[fe80::1]:30303', 'aa:bb:cc', '10.0.0.0/8', '::1', 'tcp:3', '']);
  });

  it('separates tokens by any space, a pasted no-break space included', () => {
    expect(tokenize('frame\u00a0==\u20035').map((t) => t.text)).toEqual(['frame', '==', '5', '']);
  });

  it('splits a range at ..', () => {
    expect(tokenize('{1..5}').map((t) => t.text)).toEqual(['{', '1', '..', '5', '}', '']);
    expect(tokenize('{1.5..2.5}').map((t) => t.text)).toEqual(['{', '1.5', '..', '2.5', '}', '']);
  });

  it('unescapes strings and keeps raw strings as written', () => {
    const [plain] = tokenize(String.raw`"a\"b\\c\n\x41\u00e9\u{1F600}"`);
    expect(plain!.value).toBe('a"b\\c\nAé😀');
    const [raw] = tokenize(String.raw`r"^\d+\.\w"`);
    expect(raw!.value).toBe(String.raw`^\d+\.\w`);
  });

  it('prefers the longest operator', () => {
    expect(tokenize('a !== b != c ! d === e == f').map((t) => t.type)).toEqual([
      'word',
      '!==',
      'word',
      '!=',
      'word',
      '!',
      'word',
      '===',
      'word',
      '==',
      'word',
      'end',
    ]);
  });
});

describe('parser', () => {
  it('parses the empty filter as "everything"', () => {
    expect(parsed('')).toBe('*');
    expect(parsed(' \t\n')).toBe('*');
  });

  it('parses a field alone as an existence test', () => {
    expect(parsed('hobbits.header.id')).toBe('hobbits.header.id');
  });

  it('parses every comparison operator in symbol and word form', () => {
    const pairs = [
      ['==', 'eq'],
      ['!=', 'ne'],
      ['<', 'lt'],
      ['<=', 'le'],
      ['>', 'gt'],
      ['>=', 'ge'],
      ['===', 'all_eq'],
      ['!==', 'any_ne'],
    ];
    for (const [symbol, word] of pairs) {
      expect(parsed(`frame ${symbol} 5`)).toBe(`(${symbol} frame 5)`);
      expect(parsed(`frame ${word!.toUpperCase()} 5`)).toBe(`(${symbol} frame 5)`);
    }
    expect(parsed('frame any_eq 5')).toBe('(== frame 5)');
    expect(parsed('frame all_ne 5')).toBe('(!= frame 5)');
  });

  it('parses contains, matches and its ~ shorthand', () => {
    expect(parsed('note.text contains "x y"')).toBe('(contains note.text x y)');
    expect(parsed('message matches "^get"')).toBe('(matches message ^get)');
    expect(parsed('message ~ "^get"')).toBe('(matches message ^get)');
  });

  it('parses sets with values, ranges, optional commas and not in', () => {
    expect(parsed('code in {1 2..5 "x"}')).toBe('(in code 1 2..5 x)');
    expect(parsed('code in {1, 2..5, 7}')).toBe('(in code 1 2..5 7)');
    expect(parsed('code not in {1}')).toBe('(not-in code 1)');
  });

  it('binds ! tighter than && and && tighter than ||', () => {
    expect(parsed('!a && b || c')).toBe('(or (and (not a) b) c)');
    expect(parsed('a || b && c')).toBe('(or a (and b c))');
    expect(parsed('a || !b && !c || d')).toBe('(or a (and (not b) (not c)) d)');
    expect(parsed('not a and b or c')).toBe('(or (and (not a) b) c)');
  });

  it('lets parentheses override precedence', () => {
    expect(parsed('!(a && b) || c')).toBe('(or (not (and a b)) c)');
    expect(parsed('a && (b || c)')).toBe('(and a (or b c))');
    expect(parsed('((a))')).toBe('a');
    expect(parsed('!!a')).toBe('(not (not a))');
  });

  it('keeps long chains flat instead of nesting them', () => {
    const source = Array.from({ length: 5000 }, (_, i) => `frame == ${i}`).join(' || ');
    const node = parseFilter(source);
    expect(node.type).toBe('or');
    expect(node.type === 'or' && node.operands.length).toBe(5000);
  });

  it('reads operators and logic words case-insensitively', () => {
    expect(parsed('a AND b Or NOT c')).toBe('(or (and a b) (not c))');
    expect(parsed('x CONTAINS 1 && y Matches 2 && z IN {3}')).toBe('(and (contains x 1) (matches y 2) (in z 3))');
  });
});
