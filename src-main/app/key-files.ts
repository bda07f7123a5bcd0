import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { KeyMaterial } from '../api/peerscope-api';

const NODE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/** Key files chosen in the Load Keys dialog: node key files (64 hex digits) and key logs. */
export function keyMaterialOfFiles(paths: readonly string[]): KeyMaterial {
  const nodeKeys: string[] = [];
  const logs: { name: string; text: string }[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    if (NODE_KEY.test(text.trim())) nodeKeys.push(text.trim());
    else logs.push({ name: basename(path), text: text.endsWith('\n') ? text : `${text}\n` });
  }
  const material: KeyMaterial = {};
  if (logs.length > 0) {
    material.keylogText = logs.map((l) => l.text).join('');
    material.keylogName = logs.map((l) => l.name).join(', ');
  }
  if (nodeKeys.length > 0) material.nodeKeys = nodeKeys;
  return material;
}
