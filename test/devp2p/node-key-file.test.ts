import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { NodeKeyError, parseNodeKey } from '../../decoders/devp2p/node-key';
import { loadOrCreateNodeKey, readNodeKeyFile, writeNodeKeyFile } from '../../src-main/rlpx/node-key-file';
import { rlpxVectors } from './support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-nodekey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('node-key files (geth format)', () => {
  it('are written as 64 lowercase hex characters without newline, readable by the owner only', () => {
    const path = join(dir, 'written');
    const key = parseNodeKey(rlpxVectors.keys.static_key_a);
    writeNodeKeyFile(path, key);
    expect(readFileSync(path, 'utf8')).toBe(rlpxVectors.keys.static_key_a);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(toHex(readNodeKeyFile(path))).toBe(toHex(key));
    expect(() => writeNodeKeyFile(path, key)).toThrow(/EEXIST/);
  });

  it('are read with a trailing newline (as editors leave it) but not with 0x or other text', () => {
    const path = join(dir, 'newline');
    writeFileSync(path, `${rlpxVectors.keys.static_key_b.toUpperCase()}\n`);
    expect(readNodeKeyFile(path).length).toBe(32);
    expect(() => parseNodeKey(`0x${rlpxVectors.keys.static_key_b}`)).toThrow(NodeKeyError);
    expect(() => parseNodeKey(rlpxVectors.keys.static_key_b.slice(2))).toThrow(/64 hex/);
    expect(() => parseNodeKey('0'.repeat(64))).toThrow(/group order/);
    expect(() => parseNodeKey('f'.repeat(64))).toThrow(/group order/);
  });

  it('are created on first use and reused afterwards', () => {
    const path = join(dir, 'created');
    const first = loadOrCreateNodeKey(path);
    expect(toHex(loadOrCreateNodeKey(path))).toBe(toHex(first));
  });
});
