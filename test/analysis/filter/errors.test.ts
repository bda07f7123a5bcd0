import { describe, expect, it } from 'vitest';
import { compileFilter, FilterSyntaxError } from '../../../src-main/analysis/filter';
import { KNOWN_FIELDS } from './records';

/** The error a filter raises, as position, length and message. */
function errorOf(source: string, knownFields?: ReadonlySet<string>): FilterSyntaxError {
  try {
    compileFilter(source, knownFields ? { knownFields } : {});
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

/** Marks the error span under the filter, as the filter bar does. */
function underline(source: string, knownFields?: ReadonlySet<string>): string {
  const e = errorOf(source, knownFields);
  return `${source}\n${' '.repeat(e.position)}${'^'.repeat(Math.max(1, e.length))}`;
}

describe('syntax errors', () => {
  it('points at an unclosed parenthesis and says a ) was expected', () => {
    const e = errorOf('(frame == 1 && hobbits');
    expect([e.position, e.length]).toEqual([0, 1]);
    expect(e.message).toBe("expected ')' to close this '('");
  });

  it('points at a ) that closes nothing', () => {
    expect(underline('frame == 1)')).toBe('frame == 1)\n          ^');
    expect(errorOf('frame == 1)').message).toMatch(/no '\(' to close/);
  });

  it('points at a single = and suggests ==', () => {
    const e = errorOf('frame = 1');
    expect([e.position, e.length]).toEqual([6, 1]);
    expect(e.message).toMatch(/expected '=='/);
  });

  it('points at single & and |', () => {
    expect(errorOf('a & b').position).toBe(2);
    expect(errorOf('a & b').message).toMatch(/expected '&&'/);
    expect(errorOf('a | b').message).toMatch(/expected '\|\|'/);
  });

  it('points at an unterminated string from its opening quote to the end', () => {
    const e = errorOf('message == "HELLO && frame > 2');
    expect([e.position, e.length]).toEqual([11, 19]);
    expect(errorOf('message == "x\\').position).toBe(11);
    expect(e.message).toMatch(/unterminated string/);
  });

  it('points at a bad escape inside a string', () => {
    const e = errorOf(String.raw`note.text matches "\d+"`);
    expect([e.position, e.length]).toEqual([19, 2]);
    expect(e.message).toMatch(/invalid escape '\\d'.*r"\.\.\."/);
  });

  it('points at a missing value after an operator', () => {
    const e = errorOf('frame >= ');
    expect([e.position, e.length]).toEqual([9, 0]);
    expect(e.message).toBe("expected a value after '>=', got the end of the filter");
    expect(errorOf('frame == && x').message).toBe("expected a value after '==', got '&&'");
  });

  it('points at a word where an operator should be', () => {
    const e = errorOf('frame 5');
    expect([e.position, e.length]).toEqual([6, 1]);
    expect(e.message).toMatch(/expected an operator \(==, !=, <, <=, >, >=, contains, matches, in\)/);
  });

  it('points at an operator with no field before it', () => {
    expect(underline('== 5')).toBe('== 5\n^^');
    expect(errorOf('frame == 1 && || b').message).toMatch(/expected a field name.*got '\|\|'/);
    expect(errorOf('frame == 1 &&').message).toMatch(/got the end of the filter/);
  });

  it('points at the { of a set that never closes', () => {
    const e = errorOf('code in {1 2');
    expect([e.position, e.length]).toEqual([8, 1]);
    expect(e.message).toBe("expected '}' to close this '{'");
  });

  it('rejects an empty set, a set without braces and an open range', () => {
    expect(underline('code in {}')).toBe('code in {}\n         ^');
    expect(errorOf('code in 1').message).toBe("expected '{' to start the set after 'in', got '1'");
    expect(errorOf('code in {1..}').message).toMatch(/upper bound of the range/);
  });

  it('rejects something after a complete comparison', () => {
    expect(underline('frame == 1 2')).toBe('frame == 1 2\n           ^');
    expect(errorOf('(a) b').message).toBe("expected '&&' or '||' after ')', got 'b'");
  });

  it('rejects characters that are no token', () => {
    expect(underline('frame == 1 # note')).toBe('frame == 1 # note\n           ^');
    expect(errorOf("message == 'HELLO'").message).toMatch(/strings take double quotes/);
  });

  it('does not mistake names on Object.prototype for operators', () => {
    expect(errorOf('frame constructor 5').message).toMatch(/expected an operator/);
    expect(errorOf('frame toString 5').position).toBe(6);
  });

  it('rejects a value where a field name must be', () => {
    expect(errorOf('"HELLO" == message').message).toMatch(/expected a field name/);
    expect(underline('1.2.3.4 == ip.src')).toBe('1.2.3.4 == ip.src\n^^^^^^^');
    expect(errorOf('hobbits..id').message).toMatch(/expected a field name|expected an operator/);
  });

  it('rejects nesting deeper than 256 levels instead of overflowing the stack', () => {
    expect(errorOf('('.repeat(10_000) + 'a' + ')'.repeat(10_000)).message).toMatch(/nested too deeply/);
    expect(errorOf('!'.repeat(10_000) + 'a').message).toMatch(/nested too deeply/);
  });
});

describe('type errors found at compile time', () => {
  it('wants a number for number fields', () => {
    const e = errorOf('frame > abc');
    expect([e.position, e.length]).toEqual([8, 3]);
    expect(e.message).toBe('expected a number to compare with frame, got abc');
  });

  it('wants an address for ip fields', () => {
    const e = errorOf('ip.src == 10.0.0.256');
    expect([e.position, e.length]).toEqual([10, 10]);
    expect(e.message).toMatch(/expected an IPv4 or IPv6 address or a CIDR block/);
    expect(errorOf('ip.addr == 10.0.0.0/33').message).toMatch(/CIDR/);
  });

  it('rejects contains and matches on numbers and addresses', () => {
    expect(underline('frame contains 1')).toBe('frame contains 1\n      ^^^^^^^^');
    expect(errorOf('ip.addr matches "^10"').message).toMatch(/CIDR block/);
  });

  it('rejects an invalid regular expression at its position', () => {
    const e = errorOf('message matches "(unclosed"');
    expect([e.position, e.length]).toEqual([16, 11]);
    expect(e.message).toMatch(/invalid regular expression/);
  });

  it('rejects comparing a bare protocol, which has no value', () => {
    expect(errorOf('hobbits == 5').message).toMatch(/'hobbits' is a protocol/);
  });
});

describe('unknown fields', () => {
  it('rejects a field no declaration knows when the known fields are given, with a suggestion', () => {
    const e = errorOf('frame > 2 && hobbits.heder.id == 5', KNOWN_FIELDS);
    expect([e.position, e.length]).toEqual([13, 16]);
    expect(e.message).toBe("unknown field 'hobbits.heder.id'; did you mean 'hobbits.header.id'?");
    expect(e.suggestion).toBe('hobbits.header.id');
  });

  it('suggests the declared path when the user left out the structure around a field', () => {
    expect(errorOf('hobbits.best_slot > 1', KNOWN_FIELDS).suggestion).toBe('hobbits.body.best_slot');
  });

  it('rejects a misspelt built-in name even without known fields', () => {
    const e = errorOf('pair.statsu == matched');
    expect(e.message).toBe("unknown field 'pair.statsu'; did you mean 'pair.status'?");
    expect(errorOf('note.colour == red').position).toBe(0);
  });

  it('says nothing is close when nothing is', () => {
    expect(errorOf('les.zzz', KNOWN_FIELDS).message).toBe("unknown field 'les.zzz'");
  });

  it('accepts known names in any case, their prefixes and list indexes', () => {
    const ok = (source: string) => compileFilter(source, { knownFields: KNOWN_FIELDS });
    expect(() => ok('Hobbits.Header.ID == 1')).not.toThrow();
    expect(() => ok('hobbits.hello.body')).not.toThrow();
    expect(() => ok('hobbits.body.headers.0.slot == 5')).not.toThrow();
    expect(() => ok('frame == 1 && tcp.port == 30303 && pair.latencyMs > 2')).not.toThrow();
  });
});
