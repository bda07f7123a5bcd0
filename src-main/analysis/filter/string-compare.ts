/**
 * String and hex comparisons that run once per record: they fold ASCII case and read hex digits in place, so
 * filtering never allocates lowered copies or decoded byte arrays.
 */

/** ASCII-only lowering, so that compile-time and per-record folding agree exactly. */
export function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text;
}

function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders `text` against `lower` (already ASCII-lowered) ignoring ASCII case. */
export function compareTextIgnoreCase(text: string, lower: string): number {
  const n = Math.min(text.length, lower.length);
  for (let i = 0; i < n; i++) {
    const d = fold(text.charCodeAt(i)) - lower.charCodeAt(i);
    if (d !== 0) return d;
  }
  return text.length - lower.length;
}

export function equalsIgnoreCase(text: string, lower: string): boolean {
  return text === lower || (text.length === lower.length && compareTextIgnoreCase(text, lower) === 0);
}

export function includesIgnoreCase(text: string, lower: string): boolean {
  const last = text.length - lower.length;
  outer: for (let at = 0; at <= last; at++) {
    for (let i = 0; i < lower.length; i++) {
      if (fold(text.charCodeAt(at + i)) !== lower.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** A JSON value is a byte string when it is `0x` followed by an even number of hex digits. */
export function isHexBytes(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 0x30 || (text.charCodeAt(1) | 0x20) !== 0x78) return false;
  if ((text.length & 1) !== 0) return false;
  for (let i = 2; i < text.length; i++) if (!isHexDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Orders the bytes of `hexBytes` (a `0x...` string) against `lowerHex` (lowercase digits without 0x).
 * Comparing digit by digit is comparing byte by byte: every byte is two digits and `0-9` sort before `a-f`.
 */
export function compareHexBytes(hexBytes: string, lowerHex: string): number {
  const length = hexBytes.length - 2;
  const n = Math.min(length, lowerHex.length);
  for (let i = 0; i < n; i++) {
    // `| 0x20` lowers A-F and leaves the digits 0-9 as they are.
    const d = (hexBytes.charCodeAt(i + 2) | 0x20) - lowerHex.charCodeAt(i);
    if (d !== 0) return d;
  }
  return length - lowerHex.length;
}

/** Whether the bytes of `hexBytes` contain the byte sequence `lowerHex`: matches start on byte boundaries only. */
export function hexBytesInclude(hexBytes: string, lowerHex: string): boolean {
  const last = hexBytes.length - lowerHex.length;
  outer: for (let at = 2; at <= last; at += 2) {
    for (let i = 0; i < lowerHex.length; i++) {
      if ((hexBytes.charCodeAt(at + i) | 0x20) !== lowerHex.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}

/** An optionally signed run of decimal digits: how big integers appear in record JSON. */
export function isDecimalInteger(text: string): boolean {
  const start = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (text.length <= start) return false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
