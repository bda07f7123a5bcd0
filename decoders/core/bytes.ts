const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Two bytes at a time: hex conversion of hashes and bodies is a large part of decoding time. */
let hexWord: string[] | null = null;

function wordTable(): string[] {
  hexWord = new Array<string>(65536);
  for (let i = 0; i < 65536; i++) hexWord[i] = HEX_BYTE[i >> 8]! + HEX_BYTE[i & 0xff]!;
  return hexWord;
}

/** Bytes (or `bytes[start, end)`) as 0x-prefixed lowercase hex: the JSON form of every byte string in Peerscope. */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const words = hexWord ?? wordTable();
  let out = '0x';
  let i = start;
  for (; i + 1 < end; i += 2) out += words[(bytes[i]! << 8) | bytes[i + 1]!];
  if (i < end) out += HEX_BYTE[bytes[i]!];
  return out;
}

/** Hex without the 0x prefix (hex dumps, key logs). */
export function toBareHex(bytes: Uint8Array): string {
  return toHex(bytes).slice(2);
}

export class HexError extends Error {
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`${reason} at character ${position}`);
    this.name = 'HexError';
  }
}

/** Parses hex with or without 0x; whitespace and ':' separators are allowed (pasted dumps). */
export function fromHex(text: string): Uint8Array {
  const start = /^\s*0[xX]/.test(text) ? text.indexOf('0') + 2 : 0;
  const out = new Uint8Array(text.length >> 1);
  let count = 0;
  let high = -1;
  let highPosition = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const nibble = hexNibble(c);
    if (nibble < 0) {
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a) {
        if (high >= 0) throw new HexError(i, 'separator inside a byte');
        continue;
      }
      throw new HexError(i, `invalid hex character ${JSON.stringify(text[i])}`);
    }
    if (high < 0) {
      high = nibble;
      highPosition = i;
    } else {
      out[count++] = (high << 4) | nibble;
      high = -1;
    }
  }
  if (high >= 0) throw new HexError(highPosition, 'odd number of hex digits');
  return out.subarray(0, count);
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const textDecoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
export const textEncoder = new TextEncoder();

export function decodeUtf8(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

/** UTF-8 text, or null when the bytes are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/** True when every byte is printable ASCII (or tab/CR/LF). */
export function isPrintableAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 || b > 0x7e) && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/** Matches an ASCII literal at `offset` without allocating a string. */
export function startsWithAscii(bytes: Uint8Array, literal: string, offset = 0): boolean {
  if (bytes.length - offset < literal.length) return false;
  for (let i = 0; i < literal.length; i++) if (bytes[offset + i] !== literal.charCodeAt(i)) return false;
  return true;
}

/**
 * A copy of `bytes[start, end)` that owns its memory. `slice` is not one when the bytes are a Node Buffer (there it
 * returns a view), and a view would both pin a reader's whole chunk and change when the reader reuses it.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}
