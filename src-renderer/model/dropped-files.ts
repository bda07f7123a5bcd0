import type { KeyMaterial } from '../../src-main/api/peerscope-api';

const CAPTURE_NAME = /\.(pcap|pcapng|cap|dmp)(\.gz)?$/i;
const NODE_KEY_LINE = /^(0x)?[0-9a-fA-F]{64}$/;

/** pcap (µs and ns, either byte order) and pcapng's Section Header Block type. */
const CAPTURE_MAGICS = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a];

/**
 * Whether a dropped or chosen file is a capture: by its first four bytes when they are known, else by its name.
 * Anything else is taken for key material.
 */
export function isCaptureFile(name: string, head?: Uint8Array): boolean {
  if (head && head.length >= 4) {
    const magic = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
    if (CAPTURE_MAGICS.includes(magic)) return true;
  }
  return CAPTURE_NAME.test(name);
}

/** The non-empty, non-comment lines of a text. */
function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * Key material from a key file's text: a file of nothing but 32-byte hex keys (geth's `nodekey`, one per line)
 * holds node private keys; anything else is read as a key log.
 */
export function keyMaterialFromText(name: string, text: string): KeyMaterial {
  const lines = contentLines(text);
  if (lines.length > 0 && lines.every((l) => NODE_KEY_LINE.test(l))) return { nodeKeys: lines };
  return { keylogText: text, keylogName: name };
}

/** Node keys typed or pasted one per line (0x optional); lines that are no key are reported by line number. */
export function parseNodeKeys(text: string): { keys: string[]; badLines: number[] } {
  const keys: string[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (NODE_KEY_LINE.test(line)) keys.push(line);
    else badLines.push(i + 1);
  });
  return { keys, badLines };
}

/** Several key files together: key logs joined (one text), node keys collected. */
export function mergeKeyMaterial(parts: readonly KeyMaterial[]): KeyMaterial {
  const logs = parts.filter((p) => p.keylogText !== undefined);
  const nodeKeys = parts.flatMap((p) => p.nodeKeys ?? []);
  const merged: KeyMaterial = {};
  if (logs.length > 0) {
    merged.keylogText = logs.map((p) => p.keylogText!.replace(/\n?$/, '\n')).join('');
    merged.keylogName = logs.map((p) => p.keylogName ?? 'pasted').join(', ');
  }
  if (nodeKeys.length > 0) merged.nodeKeys = nodeKeys;
  return merged;
}
