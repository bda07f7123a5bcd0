import type { CompareOp, FieldRefNode, FilterNode, SetMemberNode, Span, ValueNode } from './ast';
import { tokenize, type Token } from './lexer';
import { describeToken, FilterSyntaxError } from './syntax-error';

/** Deep enough for any hand-written filter, shallow enough that recursion never overflows the stack. */
const MAX_DEPTH = 256;

/** Word spellings of the comparison operators, Wireshark's included (`any_eq` is plain `==`, `all_ne` is `!=`). */
const COMPARE_WORDS: ReadonlyMap<string, CompareOp> = new Map([
  ['eq', '=='],
  ['ne', '!='],
  ['lt', '<'],
  ['le', '<='],
  ['gt', '>'],
  ['ge', '>='],
  ['any_eq', '=='],
  ['all_ne', '!='],
  ['all_eq', '==='],
  ['any_ne', '!=='],
]);

const COMPARE_SYMBOLS: ReadonlySet<string> = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=']);

/** Words that cannot be field names because they are operators. */
const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'contains',
  'matches',
  'in',
  ...COMPARE_WORDS.keys(),
]);

const FIELD_EXAMPLE = 'a field name (like frame, message or hobbits.header.id)';
const OPERATORS = '==, !=, <, <=, >, >=, contains, matches, in';

/**
 * Recursive descent over the grammar (lowest precedence first):
 *   filter  = [ or ] ;   or = and { ("||"|"or") and } ;   and = not { ("&&"|"and") not } ;
 *   not     = ("!"|"not") not | primary ;   primary = "(" or ")" | test ;   test = field [ comparison ]
 */
export function parseFilter(source: string): FilterNode {
  return new Parser(tokenize(source)).parseFilter();
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseFilter(): FilterNode {
    if (this.peek().type === 'end') return { type: 'all' };
    const node = this.parseOr();
    const next = this.peek();
    if (next.type === ')') throw fail("unexpected ')': there is no '(' to close", next);
    if (next.type !== 'end') throw expected("'&&' or '||'", next);
    return node;
  }

  private parseOr(): FilterNode {
    const operands = [this.parseAnd()];
    while (this.acceptLogical('||', 'or')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0]! : { type: 'or', operands };
  }

  private parseAnd(): FilterNode {
    const operands = [this.parseNot()];
    while (this.acceptLogical('&&', 'and')) operands.push(this.parseNot());
    return operands.length === 1 ? operands[0]! : { type: 'and', operands };
  }

  private parseNot(): FilterNode {
    const t = this.peek();
    if (t.type !== '!' && !isWord(t, 'not')) return this.parsePrimary();
    this.at++;
    this.enter(t);
    const operand = this.parseNot();
    this.depth--;
    return { type: 'not', operand, start: t.start, end: t.end };
  }

  private parsePrimary(): FilterNode {
    const open = this.peek();
    if (open.type !== '(') return this.parseTest();
    this.at++;
    this.enter(open);
    const inner = this.parseOr();
    const close = this.peek();
    if (close.type === 'end') throw fail("expected ')' to close this '('", open);
    if (close.type !== ')') throw expected("'&&', '||' or ')'", close);
    this.at++;
    this.depth--;
    this.expectFollow("'&&' or '||' after ')'");
    return inner;
  }

  private parseTest(): FilterNode {
    const t = this.peek();
    if (t.type !== 'word' || KEYWORDS.has(t.text.toLowerCase())) throw expected(FIELD_EXAMPLE, t);
    this.at++;
    const field: FieldRefNode = { name: t.text, start: t.start, end: t.end };
    const comparison = this.parseComparison(field);
    if (comparison) {
      this.expectFollow("'&&' or '||' after the comparison");
      return comparison;
    }
    this.expectFollow(`an operator (${OPERATORS}) or '&&', '||' after ${t.text}`);
    return { type: 'exists', field };
  }

  /** The operator and value(s) after a field, or null when the field stands alone (an existence test). */
  private parseComparison(field: FieldRefNode): FilterNode | null {
    const t = this.peek();
    const word = t.type === 'word' ? t.text.toLowerCase() : '';
    const op = compareOpOf(t);
    const opSpan: Span = { start: t.start, end: t.end };
    if (op) {
      this.at++;
      return { type: 'compare', field, op, opSpan, value: this.parseValue(t) };
    }
    if (word === 'contains' || word === 'matches' || t.type === '~') {
      this.at++;
      return { type: word === 'contains' ? 'contains' : 'matches', field, opSpan, value: this.parseValue(t) };
    }
    if (word === 'in') {
      this.at++;
      return { type: 'in', field, negated: false, opSpan, members: this.parseSet(t) };
    }
    const next = this.peek(1);
    if (word === 'not' && isWord(next, 'in')) {
      this.at += 2;
      return {
        type: 'in',
        field,
        negated: true,
        opSpan: { start: t.start, end: next.end },
        members: this.parseSet(next),
      };
    }
    return null;
  }

  private parseValue(after: Token): ValueNode {
    const t = this.peek();
    if (!isValue(t)) throw expected(`a value after '${after.text}'`, t);
    this.at++;
    return valueNode(t);
  }

  /** `{ v1 v2 lo..hi }`, commas between members optional. */
  private parseSet(inToken: Token): SetMemberNode[] {
    const open = this.peek();
    if (open.type !== '{') throw expected(`'{' to start the set after '${inToken.text}'`, open);
    this.at++;
    const members: SetMemberNode[] = [];
    let afterMember = false;
    for (;;) {
      const t = this.peek();
      if (t.type === 'end') throw fail("expected '}' to close this '{'", open);
      if (t.type === '}' && members.length > 0) break;
      if (t.type === ',' && afterMember) {
        this.at++;
        afterMember = false;
        continue;
      }
      if (!isValue(t)) throw expected(afterMember ? "a value, '..' or '}' in the set" : 'a value in the set', t);
      members.push(this.parseSetMember());
      afterMember = true;
    }
    this.at++;
    return members;
  }

  private parseSetMember(): SetMemberNode {
    const low = valueNode(this.tokens[this.at++]!);
    const dots = this.peek();
    if (dots.type !== '..') return { value: low };
    this.at++;
    const high = this.peek();
    if (!isValue(high)) throw expected("the upper bound of the range after '..'", high);
    this.at++;
    return { low, high: valueNode(high) };
  }

  private acceptLogical(symbol: '&&' | '||', word: string): boolean {
    const t = this.peek();
    if (t.type !== symbol && !isWord(t, word)) return false;
    this.at++;
    return true;
  }

  /** After a test or `)` only a logical operator, `)` or the end may follow. */
  private expectFollow(what: string): void {
    const t = this.peek();
    const fits =
      t.type === 'end' || t.type === ')' || t.type === '&&' || t.type === '||' || isWord(t, 'and') || isWord(t, 'or');
    if (!fits) throw expected(what, t);
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw fail(`filter nested too deeply (more than ${MAX_DEPTH} levels)`, t);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)]!;
  }
}

/** The comparison operator a token spells, in symbol or word form. */
export function compareOpOf(t: Token): CompareOp | undefined {
  if (COMPARE_SYMBOLS.has(t.type)) return t.type as CompareOp;
  return t.type === 'word' ? COMPARE_WORDS.get(t.text.toLowerCase()) : undefined;
}

function isWord(t: Token, word: string): boolean {
  return t.type === 'word' && t.text.toLowerCase() === word;
}

/** Logical keywords cannot be unquoted values: `frame == and` is far more likely a mistake than a value. */
function isValue(t: Token): boolean {
  if (t.type === 'string') return true;
  return t.type === 'word' && !isWord(t, 'and') && !isWord(t, 'or') && !isWord(t, 'not');
}

function valueNode(t: Token): ValueNode {
  return { source: t.text, text: t.value, quoted: t.type === 'string', start: t.start, end: t.end };
}

function fail(message: string, t: Token): FilterSyntaxError {
  return new FilterSyntaxError(message, t.start, t.end - t.start);
}

function expected(what: string, t: Token): FilterSyntaxError {
  return fail(`expected ${what}, got ${describeToken(t.text)}`, t);
}
