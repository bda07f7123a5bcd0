import { compareToPattern, endpointHostInto, parseAddressPattern } from './address';
import type { Span } from './ast';
import type { FieldAccessor, ValueVisitor } from './field-accessor';
import { compareJson, jsonContains, jsonText, orderNumbers } from './json-compare';
import type { Literal } from './literal';
import { compareText, compareTextIgnoreCase, includesIgnoreCase } from './string-compare';
import { FilterSyntaxError } from './syntax-error';

/**
 * How one value of a field meets a literal, chosen once per filter from the field's kind. Type errors that can
 * be seen before running (a word against a number field, `contains` on a port) are reported here, at compile time.
 */

/** Orders a field value against the literal: negative, 0, positive, or NaN when they cannot be compared. */
export type Comparator = (value: unknown) => number;

/** Reused for every endpoint parsed while filtering: filtering is single-threaded and parses one at a time. */
const scratchAddress = new Uint16Array(8);

export function comparatorFor(field: FieldAccessor, literal: Literal): Comparator {
  switch (field.kind) {
    case 'number':
      return numberComparator(field, literal);
    case 'name': {
      const lower = literal.lower;
      return (v) => compareTextIgnoreCase(v as string, lower);
    }
    case 'text': {
      const text = literal.text;
      return (v) => compareText(v as string, text);
    }
    case 'address':
      return addressComparator(field, literal);
    case 'json':
      return (v) => compareJson(v, literal);
  }
}

function numberComparator(field: FieldAccessor, literal: Literal): Comparator {
  const n = literal.number;
  if (n === null) throw literalError(`expected a number to compare with ${field.name}`, literal);
  return (v) => orderNumbers(v as number, n);
}

function addressComparator(field: FieldAccessor, literal: Literal): Comparator {
  const pattern = parseAddressPattern(literal.text);
  if (!pattern) {
    throw literalError(`expected an IPv4 or IPv6 address or a CIDR block (like 10.0.0.0/8) for ${field.name}`, literal);
  }
  return (v) => (endpointHostInto(v as string, scratchAddress) === 0 ? NaN : compareToPattern(scratchAddress, pattern));
}

export function containsTestFor(field: FieldAccessor, literal: Literal, opSpan: Span): ValueVisitor {
  switch (field.kind) {
    case 'json':
      return (v) => jsonContains(v, literal);
    case 'name': {
      const lower = literal.lower;
      return (v) => includesIgnoreCase(v as string, lower);
    }
    case 'text': {
      const text = literal.text;
      return (v) => (v as string).includes(text);
    }
    default:
      throw notTextual('contains', field, opSpan);
  }
}

export function matchesTestFor(field: FieldAccessor, regex: RegExp, opSpan: Span): ValueVisitor {
  switch (field.kind) {
    case 'json':
      return (v) => {
        const text = jsonText(v);
        return text !== undefined && regex.test(text);
      };
    case 'name':
    case 'text':
      return (v) => regex.test(v as string);
    default:
      throw notTextual('matches', field, opSpan);
  }
}

/**
 * Case-insensitive by default, as in Wireshark; a leading `(?-i)` asks for case-sensitive matching
 * (JavaScript has no inline flags, so the prefix is taken off here).
 */
export function regexFor(literal: Literal): { regex: RegExp; caseSensitive: boolean } {
  const caseSensitive = literal.text.startsWith('(?-i)');
  const pattern = caseSensitive ? literal.text.slice(5) : literal.text.replace(/^\(\?i\)/, '');
  try {
    return { regex: new RegExp(pattern, caseSensitive ? '' : 'i'), caseSensitive };
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    throw literalError(`invalid regular expression (${reason})`, literal);
  }
}

function notTextual(op: string, field: FieldAccessor, opSpan: Span): FilterSyntaxError {
  const what = field.kind === 'number' ? 'a number' : 'an address';
  const hint = field.kind === 'address' ? '; use == with a CIDR block such as 10.0.0.0/8' : '; use == or in {...}';
  return new FilterSyntaxError(
    `'${op}' applies to text, bytes and lists, and ${field.name} is ${what}${hint}`,
    opSpan.start,
    opSpan.end - opSpan.start,
  );
}

function literalError(message: string, literal: Literal): FilterSyntaxError {
  return new FilterSyntaxError(`${message}, got ${literal.source}`, literal.start, literal.end - literal.start);
}
