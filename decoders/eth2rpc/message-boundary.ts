import {
  ENVELOPE_NIBBLES,
  findHeader,
  HEADER_LENGTH,
  headerAt,
  LONGEST_HEADER,
  PREFIX_LENGTH,
  startsWithPrefix,
  wrapperHeaders,
  type HeaderRules,
  type WrapperHeader,
} from './framing';
import { isContainer, unionIndexReading, type PairingContext } from './readings';
import { methodById } from './methods';

/**
 * Where a message ends in a stream. The envelope and the April layout state their length; the merged `ssz` layout
 * does not, so its end follows from the body type when that is fixed-size (hello, goodbye, block roots and headers
 * requests, a hello reply), and otherwise from the next message header, the end of the direction, or a boundary
 * hint (the sender paused, or the peer answered this very request).
 */

export interface FramePlan {
  /** Possible exact lengths, each with a preference used only when none is confirmed by what follows. */
  ends: { end: number; preference: number }[];
  /** The message may also run up to the next header (a variable-size body). */
  open: boolean;
}

/** `stream`: more bytes may follow. `boundary`: the sender is known to have stopped here. `end`: nothing follows. */
export type BoundaryMode = 'stream' | 'boundary' | 'end';

export type PlanResult = FramePlan | 'need-more' | 'invalid';

/** The possible ends of the message at the front of `bytes` (which starts with `ETH`). */
export function framePlan(
  bytes: Uint8Array,
  contextFor: (id: bigint) => PairingContext,
  rules: HeaderRules,
  final: boolean,
): PlanResult {
  // `rules` here are a boundary's: the April layout needs a known code unless the direction uses it.
  if (bytes.length < HEADER_LENGTH) return final ? 'invalid' : 'need-more';
  const mayBeEnvelope = bytes[PREFIX_LENGTH] === ENVELOPE_NIBBLES[0] || bytes[PREFIX_LENGTH] === ENVELOPE_NIBBLES[1];
  if (mayBeEnvelope && bytes.length < LONGEST_HEADER && !final) return 'need-more';
  const verdict = headerAt(bytes, 0, rules);
  if (verdict === 'no' || (verdict === 'need-more' && final)) return 'invalid';
  if (verdict === 'need-more') return 'need-more';
  const headers = wrapperHeaders(bytes, rules.maxMessage);
  const primary =
    headers.find((h) => h.framing === 'envelope') ?? headers.find((h) => h.framing === 'ssz') ?? headers[0];
  if (!primary) return 'invalid';
  if (primary.length !== null) return { ends: [{ end: primary.length, preference: 1 }], open: false };
  return sszPlan(bytes, primary, contextFor(primary.id), final);
}

/** Ends of an `ssz`-framed message: from the fixed size of the response or request body it may carry. */
function sszPlan(bytes: Uint8Array, header: WrapperHeader, context: PairingContext, final: boolean): PlanResult {
  const ends: FramePlan['ends'] = [];
  let open = false;
  const start = header.payloadStart;
  if (context.kind === 'pending') {
    const type = context.method?.response ?? null;
    if (header.code === 0 && isContainer(type) && type.fixedSize !== null)
      ends.push({ end: start + type.fixedSize, preference: 3 });
    else open = true;
  }
  const method = methodById(header.code);
  const size = method?.request.fixedSize ?? null;
  if (method && size !== null) {
    if (bytes.length < start + 4 && !final) return 'need-more';
    const union = unionIndexReading(bytes, start, bytes.length, method) !== null;
    if (union) ends.push({ end: start + 4 + size, preference: 2 });
    ends.push({ end: start + size, preference: 1 });
    // Without union evidence and without a pending request, it may as well be an orphan response: wait for proof.
    if (!union && context.kind !== 'pending') open = true;
  } else open = true;
  return { ends: dedupe(ends), open };
}

/** One entry per end (keeping its best preference), shortest first. */
function dedupe(ends: FramePlan['ends']): FramePlan['ends'] {
  const out: FramePlan['ends'] = [];
  for (const candidate of ends) {
    const same = out.find((c) => c.end === candidate.end);
    if (same) same.preference = Math.max(same.preference, candidate.preference);
    else out.push({ ...candidate });
  }
  return out.sort((a, b) => a.end - b.end);
}

export interface ScanState {
  /** Positions before this were already scanned for a header without success. */
  scanFrom: number;
}

/**
 * Picks the message's end, or 'wait'. An exact end is confirmed by a header right after it (or by a boundary exactly
 * there) and refuted by anything else; a lone surviving exact end is taken as soon as its bytes are in. An open
 * message ends at the next header, or at a boundary.
 */
export function chooseEnd(
  bytes: Uint8Array,
  plan: FramePlan,
  mode: BoundaryMode,
  scan: ScanState,
  rules: HeaderRules,
): number | 'wait' {
  const length = bytes.length;
  const alive: FramePlan['ends'] = [];
  for (const candidate of plan.ends) {
    if (candidate.end > length) {
      alive.push(candidate);
      continue;
    }
    if (candidate.end === length && mode !== 'stream') return candidate.end;
    const verdict = candidate.end === length ? 'need-more' : headerAt(bytes, candidate.end, rules);
    // With nothing more to come, a header cut short after the end still marks it.
    if (verdict === 'yes' || (verdict === 'need-more' && mode === 'end' && candidate.end < length))
      return candidate.end;
    if (verdict === 'need-more') alive.push(candidate);
  }
  if (plan.open) {
    const openEnd = openBoundary(bytes, mode, scan, rules);
    if (openEnd === 'wait') return 'wait';
    // Exact ends still undecided before the next header must be settled first.
    if (alive.some((c) => c.end <= openEnd)) return 'wait';
    return openEnd;
  }
  const complete = alive.filter((c) => c.end <= length);
  // The only reading left, with all its bytes in: what follows need not be seen.
  if (alive.length === 1 && complete.length === 1) return complete[0]!.end;
  // Every end refuted by what follows (junk after the message): keep the preferred one, the junk gets skipped.
  if (alive.length === 0) return mostPreferred(plan.ends, length, mode);
  if (mode !== 'end') return 'wait';
  // Nothing follows: the preferred complete reading, else the cut-short message as it stands.
  return complete.length > 0 ? mostPreferred(complete, length, mode) : length;
}

/** The end of the most preferred reading among those whose bytes are all in. */
function mostPreferred(ends: FramePlan['ends'], length: number, mode: BoundaryMode): number | 'wait' {
  const inside = ends.filter((c) => c.end <= length);
  if (inside.length === 0) return mode === 'end' ? length : 'wait';
  return inside.reduce((a, b) => (b.preference > a.preference ? b : a)).end;
}

/** The next header after the current one, or the boundary the caller knows of. */
function openBoundary(bytes: Uint8Array, mode: BoundaryMode, scan: ScanState, rules: HeaderRules): number | 'wait' {
  const found = findHeader(bytes, Math.max(scan.scanFrom, HEADER_LENGTH), rules);
  if (found?.verdict === 'yes') return found.at;
  // A header cut short by the end of what arrived still starts the next message once its whole `ETH` prefix is
  // in; fewer bytes (a trailing 0x45) are more likely the body's own.
  if (mode !== 'stream') return found && found.at + PREFIX_LENGTH <= bytes.length ? found.at : bytes.length;
  scan.scanFrom = found ? found.at : bytes.length;
  return 'wait';
}

/** The id of the message at the front, once its header is in (for the answered-request hint). */
export function frontMessageId(bytes: Uint8Array): bigint | null {
  if (!startsWithPrefix(bytes)) return null;
  const header = wrapperHeaders(bytes)[0];
  return header ? header.id : null;
}
