import type { ValueNode } from './ast';
import { asciiLower } from './string-compare';

/**
 * A value written in a filter, read every way it could be meant. Which reading applies is decided by the field
 * value it meets: `0x10` is the number 16 against an integer field and the byte 0x10 against a bytes field.
 */
export interface Literal {
  /** As written, quotes included: for explanations and errors. */
  readonly source: string;
  /** The text (unescaped when quoted). */
  readonly text: string;
  /** The text lowercased (ASCII), for case-insensitive comparisons. */
  readonly lower: string;
  /** Number when exact as a double, bigint for integers beyond 2^53-1, null when not a number. */
  readonly number: number | bigint | null;
  /** Lowercase hex digits without `0x`, or null when the literal has no byte reading. */
  readonly bytesHex: string | null;
  readonly boolean: boolean | null;
  readonly start: number;
  readonly end: number;
}

const DECIMAL_INTEGER = /^[+-]?\d+$/;
const HEX_INTEGER = /^([+-]?)0[xX]([0-9a-fA-F]+)$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PREFIXED_BYTES = /^0[xX]((?:[0-9a-fA-F]{2})*)$/;
/** Wireshark's byte string forms: `aa:bb:cc`, `aa-bb-cc`, `aa.bb.cc`. */
const SEPARATED_BYTES = /^[0-9a-fA-F]{2}(?:([:.-])[0-9a-fA-F]{2})(?:\1[0-9a-fA-F]{2})*$/;

export function literalFromNode(node: ValueNode): Literal {
  const text = node.text;
  const number = numberFromText(text);
  return {
    source: node.source,
    text,
    lower: asciiLower(text),
    number,
    bytesHex: bytesFromText(text, node.quoted || number === null),
    boolean: /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : null,
    start: node.start,
    end: node.end,
  };
}

export function numberFromText(text: string): number | bigint | null {
  if (DECIMAL_INTEGER.test(text)) return exactInteger(BigInt(text));
  const hex = HEX_INTEGER.exec(text);
  if (hex) {
    const magnitude = BigInt(`0x${hex[2]}`);
    return exactInteger(hex[1] === '-' ? -magnitude : magnitude);
  }
  return FLOAT.test(text) ? Number(text) : null;
}

/** Integers stay plain numbers while doubles hold them exactly: that keeps the common comparisons fast. */
function exactInteger(value: bigint): number | bigint {
  const safe = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER);
  return safe ? Number(value) : value;
}

/**
 * `0x...` and `aa:bb:cc` are hex bytes. Other text (quoted, or an unquoted word that is no number) stands for its
 * UTF-8 bytes, so `hobbits.body contains "ping"` finds the ASCII text inside a byte field, as in Wireshark.
 */
function bytesFromText(text: string, textStandsForBytes: boolean): string | null {
  const prefixed = PREFIXED_BYTES.exec(text);
  if (prefixed) return prefixed[1]!.toLowerCase();
  if (SEPARATED_BYTES.test(text)) return text.replace(/[:.-]/g, '').toLowerCase();
  return textStandsForBytes ? utf8Hex(text) : null;
}

const encoder = new TextEncoder();

function utf8Hex(text: string): string {
  let hex = '';
  for (const b of encoder.encode(text)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
