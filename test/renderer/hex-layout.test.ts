import { describe, expect, it } from 'vitest';
import {
  asciiOf,
  hexDumpLines,
  hexLine,
  inRange,
  lineCount,
  lineOf,
  offsetDigits,
} from '../../src-renderer/model/hex-layout';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('hex pane layout', () => {
  it('numbers offsets with at least four hex digits, more once a source passes 64 KiB', () => {
    expect(offsetDigits(0)).toBe(4);
    expect(offsetDigits(0x10000)).toBe(4);
    expect(offsetDigits(0x10001)).toBe(5);
    expect(hexLine(0x1000, 0x20000).offsetText).toBe('10000');
  });

  it('puts 16 bytes on a line, the last line holding what is left', () => {
    expect(lineCount(0)).toBe(0);
    expect(lineCount(16)).toBe(1);
    expect(lineCount(17)).toBe(2);
    expect(hexLine(1, 20)).toEqual({ offsetText: '0010', first: 16, end: 20 });
    expect(lineOf(15)).toBe(0);
    expect(lineOf(16)).toBe(1);
  });

  it('shows printable ASCII as itself and anything else as a dot', () => {
    expect(asciiOf(0x41)).toBe('A');
    expect(asciiOf(0x20)).toBe(' ');
    expect(asciiOf(0x7e)).toBe('~');
    expect(asciiOf(0x7f)).toBe('.');
    expect(asciiOf(0x00)).toBe('.');
    expect(asciiOf(0xe9)).toBe('.');
  });

  it('lights the bytes of a half-open range only', () => {
    const range = { start: 3, end: 5 };
    expect([2, 3, 4, 5].map((o) => inRange(o, range))).toEqual([false, true, true, false]);
    expect(inRange(3, null)).toBe(false);
  });

  it('dumps bytes as offset, hex in two groups of eight, and ASCII', () => {
    const lines = hexDumpLines(ascii('EWP\u0000\u0000\u0000\u0003\u0000Hello, world!!!!!'));
    expect(lines).toEqual([
      '0000  45 57 50 00 00 00 03 00  48 65 6c 6c 6f 2c 20 77  EWP.....Hello, w',
      '0010  6f 72 6c 64 21 21 21 21  21                       orld!!!!!',
    ]);
  });
});
