import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { formatNodeKey, parseNodeKey } from '../../decoders/devp2p/node-key';
import { systemRandomness } from '../../decoders/devp2p/randomness';

/** Reads a geth-format node-key file (64 hex characters). Throws NodeKeyError with the reason. */
export function readNodeKeyFile(path: string): Uint8Array {
  return parseNodeKey(readFileSync(path, 'utf8'));
}

/** Writes a node key as geth does: 64 hex characters, no newline, readable by the owner only. */
export function writeNodeKeyFile(path: string, privateKey: Uint8Array): void {
  writeFileSync(path, formatNodeKey(privateKey), { mode: 0o600, flag: 'wx' });
}

/** The key in `path`, or a new one written there when the file does not exist (geth's `--nodekey` behaviour). */
export function loadOrCreateNodeKey(path: string): Uint8Array {
  if (existsSync(path)) return readNodeKeyFile(path);
  const key = systemRandomness.privateKey();
  writeNodeKeyFile(path, key);
  return key;
}
