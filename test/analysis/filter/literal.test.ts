import { describe, expect, it } from 'vitest';
import { literalFromNode } from '../../../src-main/analysis/filter/literal';

function literal(source: string) {
  const quoted = source.startsWith('"');
  const text = quoted ? source.slice(1, -1) : source;
  return literalFromNode({ source, text, quoted, start: 0, end: source.length });
}

describe('literal readings', () => {
  it('reads 0x values as both a number and bytes', () => {
    expect(literal('0x0A')).toMatchObject({ number: 10, bytesHex: '0a' });
    expect(literal('0xabc')).toMatchObject({ number: 0xabc, bytesHex: null });
  });

  it('keeps integers beyond 2^53-1 exact as bigint', () => {
    expect(literal('9007199254740991').number).toBe(9007199254740991);
    expect(literal('9007199254740993').number).toBe(9007199254740993n);
    expect(literal('-0xffffffffffffffffff').number).toBe(-0xffffffffffffffffffn);
  });

  it('reads floats and signed numbers', () => {
    expect(literal('1.5').number).toBe(1.5);
    expect(literal('-2e-3').number).toBe(-0.002);
    expect(literal('+7').number).toBe(7);
    expect(literal('.5').number).toBe(0.5);
  });

  it('reads separated hex pairs as bytes', () => {
    expect(literal('aa:BB:cc').bytesHex).toBe('aabbcc');
    expect(literal('aa-bb').bytesHex).toBe('aabb');
    expect(literal('aa:bb-cc').bytesHex).toBe(utf8('aa:bb-cc'));
  });

  it('gives text its UTF-8 bytes, but not unquoted numbers', () => {
    expect(literal('"ping"').bytesHex).toBe('70696e67');
    expect(literal('ping').bytesHex).toBe('70696e67');
    expect(literal('"é"').bytesHex).toBe('c3a9');
    expect(literal('12').bytesHex).toBeNull();
    expect(literal('"12"')).toMatchObject({ number: 12, bytesHex: '3132' });
  });

  it('reads true and false in any case as booleans', () => {
    expect(literal('TRUE').boolean).toBe(true);
    expect(literal('false').boolean).toBe(false);
    expect(literal('yes').boolean).toBeNull();
  });
});

function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}
