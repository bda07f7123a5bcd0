import { describe, expect, it } from 'vitest';
import { hobbits } from '../../decoders/hobbits';
import { MAX_TEXT_LINE, scanPrefix } from '../../decoders/hobbits/framing';
import { ascii } from './fixtures/hand-framing';
import { pingMessage } from './fixtures/wire-messages';

describe('detect', () => {
  it('says yes to EWP followed by 0x00 (binary) or a space (text line)', () => {
    expect(hobbits.detect(pingMessage('ping', 1))).toBe('yes');
    expect(hobbits.detect(ascii('EWP 0.2 PING 0 0\n'))).toBe('yes');
  });

  it('asks for more while fewer than 4 bytes match EWP so far', () => {
    for (const first of ['', 'E', 'EW', 'EWP']) expect(hobbits.detect(ascii(first))).toBe('need-more');
  });

  it('says no as soon as a byte differs', () => {
    for (const first of ['X', 'EX', 'GET / HTTP/1.1', 'EWPX', 'EWP\u0001'])
      expect(hobbits.detect(ascii(first))).toBe('no');
  });
});

describe('scanPrefix', () => {
  it('reads the binary prefix: version, protocol and both lengths, big-endian', () => {
    const bytes = Uint8Array.of(0x45, 0x57, 0x50, 0, 0, 0, 3, 1, 0, 0, 1, 2, 0, 1, 0, 0);
    expect(scanPrefix(bytes)).toEqual({
      kind: 'prefix',
      prefix: { framing: 'binary-v3', length: 16, version: 3, protocol: 1, headerLength: 258, bodyLength: 65536 },
    });
  });

  it('reads a text line up to its newline, the last two words being the lengths', () => {
    const scan = scanPrefix(ascii('EWP 0.2 GOSSIP 12 345\nrest'));
    expect(scan).toMatchObject({
      kind: 'prefix',
      prefix: { framing: 'text', length: 22, headerLength: 12, bodyLength: 345 },
    });
  });

  it('waits for the rest of a prefix, and gives up on a line without newline after 256 bytes', () => {
    expect(scanPrefix(ascii('EWP 0.2 PING 0'))).toEqual({ kind: 'need-more' });
    expect(scanPrefix(Uint8Array.of(0x45, 0x57, 0x50, 0, 0, 0, 3))).toEqual({ kind: 'need-more' });
    expect(scanPrefix(ascii(`EWP ${'9'.repeat(MAX_TEXT_LINE)}`))).toMatchObject({ kind: 'invalid' });
  });

  it('refuses a line that does not end with two lengths, and bytes that are no preamble', () => {
    expect(scanPrefix(ascii('EWP 0.2 PING zero 0\n'))).toMatchObject({ kind: 'invalid' });
    expect(scanPrefix(ascii('EWX'))).toMatchObject({ kind: 'invalid' });
  });
});
