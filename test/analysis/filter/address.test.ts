import { describe, expect, it } from 'vitest';
import { endpointHostInto, endpointPort, parseAddressPattern } from '../../../src-main/analysis/filter/address';

function groups(text: string): number[] | null {
  const pattern = parseAddressPattern(text);
  return pattern ? [...pattern.groups] : null;
}

describe('addresses', () => {
  it('reads IPv4 as an IPv4-mapped IPv6 address', () => {
    expect(groups('10.1.2.3')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203]);
    expect(groups('::ffff:10.1.2.3')).toEqual(groups('10.1.2.3'));
  });

  it('expands :: anywhere in an IPv6 address', () => {
    expect(groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(groups('fe80::')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
    expect(groups('2001:DB8::8:800:200C:417A')).toEqual([0x2001, 0xdb8, 0, 0, 0x8, 0x800, 0x200c, 0x417a]);
    expect(groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(groups('[fe80::1]')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('rejects malformed addresses', () => {
    for (const bad of [
      '1.2.3',
      '1.2.3.4.5',
      '256.0.0.1',
      '1..2.3',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':1:2',
      '1:2:',
      '12345::',
      '1:2:3:4:5:6:7::8',
      'x',
      '',
      '::1.2.3',
      '1:2:3:4:5:6:7:1.2.3.4',
    ]) {
      expect(parseAddressPattern(bad), bad).toBeNull();
    }
  });

  it('reads CIDR prefixes, counting IPv4 bits after the mapped prefix', () => {
    expect(parseAddressPattern('10.0.0.0/8')?.prefixBits).toBe(104);
    expect(parseAddressPattern('2001:db8::/32')?.prefixBits).toBe(32);
    expect(parseAddressPattern('10.0.0.0/33')).toBeNull();
    expect(parseAddressPattern('::/129')).toBeNull();
  });

  it('finds the host and port of record endpoints', () => {
    const out = new Uint16Array(8);
    expect(endpointHostInto('10.0.0.1:30303', out)).toBe(4);
    expect([...out]).toEqual(groups('10.0.0.1'));
    expect(endpointHostInto('[fe80::1]:30303', out)).toBe(6);
    expect(endpointHostInto('fe80::1', out)).toBe(6);
    expect(endpointHostInto('10.0.0.1', out)).toBe(4);
    expect(endpointHostInto('host.example:1', out)).toBe(0);
    expect(endpointPort('10.0.0.1:30303')).toBe(30303);
    expect(endpointPort('[fe80::1]:9000')).toBe(9000);
    expect(endpointPort('fe80::1')).toBeUndefined();
    expect(endpointPort('10.0.0.1:')).toBeUndefined();
    expect(endpointPort('[::1]')).toBeUndefined();
  });
});
