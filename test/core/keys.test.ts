import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../decoders/core/keys';

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

  it('keeps 32-byte node keys and refuses other sizes', () => {
    const keys = new KeyStore();
    keys.addPrivateKey(new Uint8Array(32).fill(1));
    expect(keys.nodeKeys).toHaveLength(1);
    expect(() => keys.addPrivateKey(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
