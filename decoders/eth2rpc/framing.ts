import type { Detection } from '../core/dissector';
import { methodById, RESPONSE_CODES } from './methods';

/**
 * Raw-TCP framing of the 2019 beacon RPC. §Alternative for non-libp2p clients: every message starts with `ETH`
 * (0x455448) and nothing says how long it is. Three layouts were in circulation (implementer notes §4, §5):
 *
 *  - `ssz`:      ETH ‖ SSZ(Request|Response): id(8) ‖ method_id|response_code(2) ‖ offset(4) = 14 ‖ payload
 *                (merged spec e0b4dd1a; the payload runs to the end of the message: no length anywhere).
 *  - `fixed`:    ETH ‖ id(8) ‖ method_id|response_code(2) ‖ body_len|result_len(4) ‖ payload
 *                (April-2019 text f7ef9a1b; little-endian like everything else in eth2).
 *  - `envelope`: ETH ‖ compression/encoding nibbles(1) ‖ body length uint64 ‖ SSZ(Request|Response)
 *                (messaging.md; nibble order and length byte order unstated, so both are accepted).
 */

export type Framing = 'ssz' | 'fixed' | 'envelope';

export const PREFIX = 'ETH';
export const PREFIX_LENGTH = 3;
/** The wrapper's fixed part: id(8) ‖ uint16(2) ‖ offset or length(4). */
const WRAPPER_FIXED_PART = 14;
/** A wrapper's `body`/`result` offset: right after its fixed part. */
export const WRAPPER_OFFSET = WRAPPER_FIXED_PART;
/** ETH ‖ wrapper fixed part: where the payload starts in the `ssz` and `fixed` layouts. */
export const HEADER_LENGTH = PREFIX_LENGTH + WRAPPER_FIXED_PART;
/** messaging.md envelope: nibbles(1) ‖ body length(8). */
const ENVELOPE_LENGTH = 9;
/** Bytes needed to judge any header: an envelope plus the wrapper's fixed part. */
export const LONGEST_HEADER = PREFIX_LENGTH + ENVELOPE_LENGTH + WRAPPER_FIXED_PART;
/** Compression nibble 0x0 (none) and encoding nibble 0x1 (SSZ), in either order. */
export const ENVELOPE_NIBBLES = [0x01, 0x10] as const;

/** Open messages are cut here, and declared lengths beyond it are implausible. */
export const DEFAULT_MAX_MESSAGE = 32 * 1024 * 1024;

export type LengthOrder = 'le' | 'be';

/** One way to read the start of a message. */
export interface WrapperHeader {
  framing: Framing;
  /** Where the wrapper's `id` starts. */
  wrapperStart: number;
  id: bigint;
  /** method_id or response_code. */
  code: number;
  /** The 4 bytes after the code: the payload offset (ssz, envelope) or the payload length (fixed). */
  lengthField: number;
  payloadStart: number;
  /** The whole message's length when the layout states it; null for `ssz`. */
  length: number | null;
  envelope?: { nibbles: number; bodyLength: number; order: LengthOrder };
}

export function startsWithPrefix(bytes: Uint8Array, at = 0): boolean {
  return bytes[at] === 0x45 && bytes[at + 1] === 0x54 && bytes[at + 2] === 0x48;
}

/** Whether `bytes[at..]` could still become `ETH` (it is a prefix of it, or longer and starts with it). */
function couldStartWithPrefix(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < PREFIX_LENGTH && at + i < bytes.length; i++)
    if (bytes[at + i] !== PREFIX.charCodeAt(i)) return false;
  return true;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function readU16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function readU32BE(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function readU64(bytes: Uint8Array, at: number, order: LengthOrder): bigint {
  const [high, low] =
    order === 'le' ? [readU32(bytes, at + 4), readU32(bytes, at)] : [readU32BE(bytes, at), readU32BE(bytes, at + 4)];
  return high === 0 ? BigInt(low) : (BigInt(high) << 32n) | BigInt(low);
}

function wrapperAt(bytes: Uint8Array, start: number): { id: bigint; code: number; lengthField: number } {
  return { id: readU64(bytes, start, 'le'), code: readU16(bytes, start + 8), lengthField: readU32(bytes, start + 10) };
}

/**
 * Every layout the first bytes of a message fit, most likely first. `bytes` must start with `ETH`; an envelope
 * needs LONGEST_HEADER bytes to be judged, the others HEADER_LENGTH.
 */
export function wrapperHeaders(bytes: Uint8Array, maxMessage = DEFAULT_MAX_MESSAGE): WrapperHeader[] {
  const out: WrapperHeader[] = envelopeHeaders(bytes, maxMessage);
  if (bytes.length < HEADER_LENGTH) return out;
  const { id, code, lengthField } = wrapperAt(bytes, PREFIX_LENGTH);
  const header = (framing: Framing, length: number | null): WrapperHeader => ({
    framing,
    wrapperStart: PREFIX_LENGTH,
    id,
    code,
    lengthField,
    payloadStart: HEADER_LENGTH,
    length,
  });
  if (lengthField === WRAPPER_OFFSET) out.push(header('ssz', null));
  if (HEADER_LENGTH + lengthField <= maxMessage) out.push(header('fixed', HEADER_LENGTH + lengthField));
  return out;
}

/** The messaging.md readings: nibbles 0x01/0x10, a plausible length (either byte order), an SSZ wrapper inside. */
function envelopeHeaders(bytes: Uint8Array, maxMessage: number): WrapperHeader[] {
  if (bytes.length < LONGEST_HEADER) return [];
  const nibbles = bytes[PREFIX_LENGTH]!;
  if (nibbles !== ENVELOPE_NIBBLES[0] && nibbles !== ENVELOPE_NIBBLES[1]) return [];
  const wrapperStart = PREFIX_LENGTH + ENVELOPE_LENGTH;
  const w = wrapperAt(bytes, wrapperStart);
  if (w.lengthField !== WRAPPER_OFFSET) return [];
  const out: WrapperHeader[] = [];
  for (const order of ['le', 'be'] as const) {
    const bodyLength = readU64(bytes, PREFIX_LENGTH + 1, order);
    if (bodyLength < WRAPPER_FIXED_PART || bodyLength > BigInt(maxMessage - wrapperStart)) continue;
    out.push({
      framing: 'envelope',
      wrapperStart,
      ...w,
      payloadStart: wrapperStart + WRAPPER_FIXED_PART,
      length: wrapperStart + Number(bodyLength),
      envelope: { nibbles, bodyLength: Number(bodyLength), order },
    });
  }
  return out;
}

/** A code that names something: a method id or a predefined response code. */
function isKnownCode(code: number): boolean {
  return methodById(code) !== undefined || RESPONSE_CODES[code] !== undefined;
}

export type HeaderVerdict = 'yes' | 'no' | 'need-more';

export interface HeaderRules {
  maxMessage: number;
  /**
   * When the length-prefixed April layout counts as a header. Its 4-byte length is a weaker mark than the SSZ offset
   * 14 or the envelope: at a message boundary it needs a known code (`known-code`) unless the direction already used
   * that layout (`any`); scanning inside a message accepts it only once the direction used it.
   */
  fixed: 'never' | 'known-code' | 'any';
}

/** Whether a message header starts at `at`: `ETH` and then one of the three layouts. */
export function headerAt(bytes: Uint8Array, at: number, rules: HeaderRules): HeaderVerdict {
  if (!couldStartWithPrefix(bytes, at)) return 'no';
  const available = bytes.length - at;
  if (available < HEADER_LENGTH) return 'need-more';
  if (readU32(bytes, at + PREFIX_LENGTH + 10) === WRAPPER_OFFSET) return 'yes';
  if (rules.fixed !== 'never') {
    const w = wrapperAt(bytes, at + PREFIX_LENGTH);
    const codeOk = rules.fixed === 'any' || isKnownCode(w.code);
    if (codeOk && HEADER_LENGTH + w.lengthField <= rules.maxMessage) return 'yes';
  }
  const nibbles = bytes[at + PREFIX_LENGTH];
  if (nibbles !== ENVELOPE_NIBBLES[0] && nibbles !== ENVELOPE_NIBBLES[1]) return 'no';
  if (available < LONGEST_HEADER) return 'need-more';
  return envelopeHeaders(bytes.subarray(at, at + LONGEST_HEADER), rules.maxMessage).length > 0 ? 'yes' : 'no';
}

/**
 * The first header at or after `from`: `yes` where one is certain, `need-more` where one may start but the bytes
 * end too soon to tell, null when there is none. Scans with the native indexOf, so a long body costs little.
 */
export function findHeader(
  bytes: Uint8Array,
  from: number,
  rules: HeaderRules,
): { at: number; verdict: 'yes' | 'need-more' } | null {
  let at = bytes.indexOf(0x45, from);
  while (at >= 0) {
    const verdict = headerAt(bytes, at, rules);
    if (verdict !== 'no') return { at, verdict };
    at = bytes.indexOf(0x45, at + 1);
  }
  return null;
}

/** Heuristic for the first bytes one side sent (TcpProtocol.detect). */
export function detectFraming(first: Uint8Array, maxMessage = DEFAULT_MAX_MESSAGE): Detection {
  const verdict = headerAt(first, 0, { maxMessage, fixed: 'known-code' });
  return verdict === 'yes' ? 'yes' : verdict === 'need-more' ? 'need-more' : 'no';
}
