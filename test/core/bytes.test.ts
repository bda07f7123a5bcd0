import { describe, expect, it } from 'vitest';
import { fromHex, HexError, toHex } from '../../decoders/core/bytes';

describe('hex', () => {
  it('round-trips bytes through 0x-hex', () => {
    const bytes = new Uint8Array([0, 1, 0xab, 0xff]);
    expect(toHex(bytes)).toBe('0x0001abff');
    expect(fromHex('0x0001abff')).toEqual(bytes);
  });

  it('accepts pasted dumps with separators and no prefix', () => {
    expect(fromHex('00 01:ab\nFF')).toEqual(new Uint8Array([0, 1, 0xab, 0xff]));
  });

  it('points at the bad character', () => {
    expect(() => fromHex('0x00zz')).toThrow(HexError);
    try {
      fromHex('0x00zz');
    } catch (e) {
      expect((e as HexError).position).toBe(4);
    }
    expect(() => fromHex('abc')).toThrow(/odd number of hex digits at character 2/);
  });
});

describe('hex schema', () => {
  it('accepts exactly the declared number of bytes', async () => {
    const { hexSchema } = await import('../../decoders/core/codec');
    const pattern = new RegExp(hexSchema('bytes32', 32).pattern as string);
    expect(pattern.test(`0x${'ab'.repeat(32)}`)).toBe(true);
    expect(pattern.test(`0x${'ab'.repeat(31)}`)).toBe(false);
    expect(pattern.test(`0x${'ab'.repeat(64)}`)).toBe(false);
  });
});
