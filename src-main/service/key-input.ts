import { existsSync, readFileSync } from 'node:fs';
import { fromHex, toBareHex } from '../../decoders/core/bytes';
import { DISCV5_NODEKEY_LABEL } from '../../decoders/discv5/keylog';
import { nodeIdOfPrivateKey } from '../../decoders/enr';
import type { KeyMaterial } from '../api/peerscope-api';
import type { KeyInput } from './load-protocol';

const NODE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

export const NO_KEYS: KeyInput = { keylogs: [], nodeKeys: [] };

/** Key files as shipped with the samples: a file holding 64 hex digits is a node key, anything else a key log. */
export function keyInputFromFiles(paths: readonly string[]): KeyInput {
  const input: KeyInput = { keylogs: [], nodeKeys: [] };
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    if (NODE_KEY.test(text.trim())) input.nodeKeys.push(text.trim().replace(/^0x/, '').toLowerCase());
    else input.keylogs.push({ text, source: path });
  }
  return input;
}

/** A `--node-key` argument: 64 hex digits (0x optional), or a file holding them (as geth's `nodekey`). */
export function nodeKeyArgument(arg: string): string {
  const direct = arg.trim();
  const text = NODE_KEY.test(direct) ? direct : existsSync(arg) ? readFileSync(arg, 'utf8').trim() : null;
  if (text === null) throw new Error(`--node-key ${arg}: neither 64 hex digits nor a readable file`);
  if (!NODE_KEY.test(text)) throw new Error(`--node-key ${arg}: a node key is 32 bytes as 64 hex digits`);
  return text.replace(/^0x/, '').toLowerCase();
}

/** What the UI sends (`loadKeys`); node keys are checked here, so a bad one fails the call, not the pass. */
export function keyInputFromMaterial(material: KeyMaterial): KeyInput {
  const input: KeyInput = { keylogs: [], nodeKeys: [] };
  if (material.keylogText !== undefined && material.keylogText.trim() !== '') {
    input.keylogs.push({ text: material.keylogText, source: material.keylogName ?? 'key log' });
  }
  for (const key of material.nodeKeys ?? []) {
    if (!NODE_KEY.test(key.trim()))
      throw new Error(`a node key is 32 bytes as 64 hex digits, got ${JSON.stringify(key.slice(0, 80))}`);
    input.nodeKeys.push(key.trim().replace(/^0x/, '').toLowerCase());
  }
  return input;
}

export function mergeKeys(a: KeyInput, b: KeyInput): KeyInput {
  return {
    keylogs: [...a.keylogs, ...b.keylogs],
    nodeKeys: [...new Set([...a.nodeKeys, ...b.nodeKeys])],
  };
}

/** The key material as key-log text, for a pcapng secrets block: the key logs, then node keys as DISCV5_NODEKEY lines. */
export function keyLogText(input: KeyInput): string {
  const lines: string[] = [];
  for (const k of input.keylogs) lines.push(`# from ${k.source}`, k.text.trimEnd());
  for (const hex of input.nodeKeys) {
    const id = nodeIdOfPrivateKey(fromHex(hex));
    if (id) lines.push(`${DISCV5_NODEKEY_LABEL} ${toBareHex(id)} ${hex}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
