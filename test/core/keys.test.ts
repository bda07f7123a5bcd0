import { describe, expect, it } from 'vitest';
import { keyLogRefusal, KeyStore } from '../../decoders/core/keys';

describe('KeyStore', () => {
  it('reads key-log lines by label and session key, ignoring comments and blank lines', () => {
    const keys = new KeyStore();
    const problems = keys.addKeyLog(
      '# a comment\n\nRLPX 04AB cafe BEEF  # trailing comment\r\nDISCV5 01 02\n',
      'k.log',
    );
    expect(problems).toEqual([]);
    expect(keys.lookup('RLPX', '04ab')).toEqual({
      label: 'RLPX',
      key: '04ab',
      values: ['cafe', 'beef'],
      source: 'k.log:3',
    });
    expect(keys.entriesOf('DISCV5')).toHaveLength(1);
    expect(keys.version).toBe(1);
  });

  it('reports the lines it cannot use with their line numbers, never throwing', () => {
    const problems = new KeyStore().addKeyLog('RLPX\nRLPX zz 00\nCLIENT_RANDOM 0x12 34\n', 'bad.log');
    expect(problems.map((p) => p.source)).toEqual(['bad.log:1', 'bad.log:2', 'bad.log:3']);
  });

  it('lists the first ten unusable lines, quoted so control characters stay escapes, and counts the rest', () => {
    const text = ['RLPX 01 02', ...Array.from({ length: 14 }, (_, i) => `RLPX z${i}\t\u000bx`)].join('\n');
    const keys = new KeyStore();
    const problems = keys.addKeyLog(text, 'mixed.log');
    expect(problems.map((p) => p.source)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `mixed.log:${i + 2}`),
      'mixed.log',
    ]);
    expect(problems[0]!.text).toBe('not a key-log line (LABEL HEX HEX...): "RLPX z0\\t\\u000bx"');
    expect(problems[10]!.text).toBe('4 more lines that are not key-log lines');
    expect(keys.lookup('RLPX', '01')?.values).toEqual(['02']);
  });

  it.each([
    ['a NUL byte', 'RLPX 01 02\n\u0000\u0000'],
    ['an escape sequence', 'RLPX 01 02\n\u001b[2J'],
    ['bytes that were not UTF-8', new TextDecoder().decode(new Uint8Array([0x52, 0x4c, 0xd4, 0xc3, 0xb2, 0xa1]))],
  ])('refuses text holding %s whole, in one problem, taking none of its lines', (_, text) => {
    const keys = new KeyStore();
    expect(keys.addKeyLog(text, 'capture.pcap')).toEqual([
      {
        source: 'capture.pcap',
        text: 'not a key log: it holds binary bytes (a capture given as the key log?); nothing read from it',
      },
    ]);
    expect(keys.entriesOf('RLPX')).toEqual([]);
    expect(keyLogRefusal(text)).not.toBeNull();
    expect(keyLogRefusal('RLPX 01 02\r\n\tDISCV5 03 04\n# é\n')).toBeNull();
  });

  it('keeps 32-byte node keys and refuses other sizes', () => {
    const keys = new KeyStore();
    keys.addPrivateKey(new Uint8Array(32).fill(1));
    expect(keys.nodeKeys).toHaveLength(1);
    expect(() => keys.addPrivateKey(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
