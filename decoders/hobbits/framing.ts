import type { Detection } from '../core/dissector';

/**
 * EWP framing: where a message's header and body are, read from its prefix. Two families share the `EWP` preamble and
 * are told apart by byte 3 (implementer notes §4):
 * - binary, version 3 (Hobbits spec "Messages", July 2019): `EWP` ‖ version u32 BE ‖ protocol u8 ‖ header length u32 BE
 *   ‖ body length u32 BE, a fixed 16 bytes; byte 3 is the version's high byte, 0x00.
 * - text (EWP 0.1/0.2 of June 2019, and Lodestar's hobbits branch): `EWP <version> <protocol> <hlen> <blen>\n` with
 *   decimal lengths; byte 3 is the space.
 * Either way the lengths say where the message ends, so framing never needs to understand the header or body.
 */

export type Framing = 'binary-v3' | 'text';

export const PREAMBLE = 'EWP';
export const BINARY_PREFIX_LENGTH = 16;
/** The version the seed defines ("Current Version: 3"). */
export const EWP_VERSION = 3;
/** No real message comes near this; a prefix announcing more is garbage or an attack, never buffered. */
export const MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;
/** The longest text request line accepted before giving up on finding its newline. */
export const MAX_TEXT_LINE = 256;

const SPACE = 0x20;
const NEWLINE = 0x0a;

export interface BinaryPrefix {
  framing: 'binary-v3';
  /** Bytes the prefix takes: header starts here. */
  length: number;
  headerLength: number;
  bodyLength: number;
  version: number;
  protocol: number;
}

/** One space-separated word of a text request line, with its position. */
export interface LineToken {
  text: string;
  start: number;
  end: number;
}

export interface TextPrefix {
  framing: 'text';
  length: number;
  headerLength: number;
  bodyLength: number;
  /** The words after `EWP`; the last two are the lengths. */
  tokens: LineToken[];
}

export type FramePrefix = BinaryPrefix | TextPrefix;

export type PrefixScan =
  { kind: 'prefix'; prefix: FramePrefix } | { kind: 'need-more' } | { kind: 'invalid'; reason: string };

/** The heuristic verdict on a direction's first bytes: `EWP` then 0x00 (binary) or a space (text). */
export function detectEwp(first: Uint8Array): Detection {
  for (let i = 0; i < PREAMBLE.length && i < first.length; i++) {
    if (first[i] !== PREAMBLE.charCodeAt(i)) return 'no';
  }
  if (first.length <= PREAMBLE.length) return 'need-more';
  return first[3] === 0x00 || first[3] === SPACE ? 'yes' : 'no';
}

/** Reads the prefix at `bytes[start]`: where the message's parts are, or why there is no message here. */
export function scanPrefix(bytes: Uint8Array, start = 0): PrefixScan {
  const available = bytes.length - start;
  for (let i = 0; i < PREAMBLE.length && i < available; i++) {
    if (bytes[start + i] !== PREAMBLE.charCodeAt(i)) return { kind: 'invalid', reason: 'no EWP preamble' };
  }
  if (available <= PREAMBLE.length) return { kind: 'need-more' };
  const marker = bytes[start + 3];
  if (marker === 0x00) return scanBinaryPrefix(bytes, start);
  if (marker === SPACE) return scanTextPrefix(bytes, start);
  return {
    kind: 'invalid',
    reason: `byte 3 is 0x${marker!.toString(16).padStart(2, '0')}, neither 0x00 (binary) nor a space (text)`,
  };
}

function scanBinaryPrefix(bytes: Uint8Array, start: number): PrefixScan {
  if (bytes.length - start < BINARY_PREFIX_LENGTH) return { kind: 'need-more' };
  const prefix: BinaryPrefix = {
    framing: 'binary-v3',
    length: BINARY_PREFIX_LENGTH,
    version: uint32be(bytes, start + 3),
    protocol: bytes[start + 7]!,
    headerLength: uint32be(bytes, start + 8),
    bodyLength: uint32be(bytes, start + 12),
  };
  return { kind: 'prefix', prefix };
}

function uint32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function scanTextPrefix(bytes: Uint8Array, start: number): PrefixScan {
  const limit = Math.min(bytes.length, start + MAX_TEXT_LINE);
  let newline = bytes.indexOf(NEWLINE, start);
  if (newline >= limit) newline = -1;
  if (newline < 0) {
    return limit - start >= MAX_TEXT_LINE
      ? { kind: 'invalid', reason: `no newline within ${MAX_TEXT_LINE} bytes of a text request line` }
      : { kind: 'need-more' };
  }
  const tokens = lineTokens(bytes, start + PREAMBLE.length + 1, newline);
  const lengths = tokens.slice(-2).map((t) => decimalLength(t.text));
  if (tokens.length < 2 || lengths.some((n) => n === null)) {
    return { kind: 'invalid', reason: 'the request line does not end with a header length and a body length' };
  }
  const prefix: TextPrefix = {
    framing: 'text',
    length: newline + 1 - start,
    headerLength: lengths[0]!,
    bodyLength: lengths[1]!,
    tokens,
  };
  return { kind: 'prefix', prefix };
}

/** Words separated by single spaces; two spaces in a row make an empty word (which the decoder flags). */
function lineTokens(bytes: Uint8Array, from: number, to: number): LineToken[] {
  const tokens: LineToken[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || bytes[i] === SPACE) {
      tokens.push({ text: latin1(bytes, start, i), start, end: i });
      start = i + 1;
    }
  }
  return tokens;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** A decimal length as the text framing writes it (at most 10 digits, so the value is a safe number). */
export function decimalLength(text: string): number | null {
  return /^\d{1,10}$/.test(text) ? Number(text) : null;
}

/** Total bytes of the message this prefix announces. */
export function frameLength(prefix: FramePrefix): number {
  return prefix.length + prefix.headerLength + prefix.bodyLength;
}
