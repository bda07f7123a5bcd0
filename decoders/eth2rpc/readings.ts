import { sszFits } from '../codecs/ssz';
import {
  DEFAULT_MAX_MESSAGE,
  readU32,
  startsWithPrefix,
  wrapperHeaders,
  type Framing,
  type WrapperHeader,
} from './framing';
import {
  METHODS,
  methodById,
  RESERVED_RESPONSE_CODES,
  RESPONSE_CODES,
  responseName,
  UNKNOWN_METHOD,
  UNTYPED_RESPONSE,
  type RpcMethod,
  type SszType,
} from './methods';

/**
 * The readings of one framed message. Requests and responses share a layout (id, uint16, offset, payload) and a
 * response does not name its method, so a message is read every way the spec's history allows and the most
 * consistent reading wins (implementer notes §5):
 *
 *  - role: a response when a request with its id is pending from the other side, else a request;
 *  - request body: `union index(4) ‖ container` with the index read as the position in the union (the natural
 *    reading) or as the method id, or the container alone (the `body: bytes` proposal, 706f56f2);
 *  - response result: the response body of the request's method, error details when response_code ≠ 0.
 */

export type BodyUnion = 'position' | 'method_id' | 'none';

/** What the stream knows about a message's id when the message is read. */
export type PairingContext =
  /** No stream around the message (`peerscope decode`): both roles are possible, the response type is guessed. */
  | { kind: 'unknown' }
  /** No request with this id is pending from the other side. */
  | { kind: 'not-pending' }
  /** It would answer a pending request of this method (null: a request whose method id the spec lacks). */
  | { kind: 'pending'; method: RpcMethod | null };

export interface RequestReading {
  role: 'request';
  header: WrapperHeader;
  /** null: the method id is not in the spec; the body stays bytes. */
  method: RpcMethod | null;
  union: BodyUnion;
  fits: boolean;
  grade: number;
}

export interface ResponseReading {
  role: 'response';
  header: WrapperHeader;
  /** The answered method; null when unknown (the untyped `response`). */
  method: RpcMethod | null;
  /** typed: the method's response body; error: details of a non-zero code; raw: bytes of no known type. */
  result: 'typed' | 'error' | 'raw';
  fits: boolean;
  /** The type was chosen without the request; these are every response type the result fits. */
  inferredFrom?: readonly RpcMethod[];
  grade: number;
}

export type Reading = RequestReading | ResponseReading;

/** How strongly a reading is supported; ties go to the merged spec's framing. */
const GRADE = {
  pendingResponse: 90,
  requestWithUnion: 80,
  inferredResponse: 75,
  requestWithoutUnion: 70,
  orphanResponse: 60,
  namedError: 50,
  /** Codes from 1000 up are the application's own. */
  applicationError: 45,
  unknownMethod: 40,
  brokenPendingResponse: 20,
  brokenRequest: 10,
  /** Below a broken request: a reserved code that names no error is more likely a method id gone bad. */
  reservedError: 8,
  /** Likewise for a code-0 payload that fits no response type. */
  untypedResult: 5,
  wrongLength: 1,
} as const;

/** Readings graded at least this are consistent; below it the message is broken in every reading. */
export const CONSISTENT = GRADE.unknownMethod;
/** An alternative this close to the chosen reading (and itself strong) is named in an ambiguity note. */
const AMBIGUITY_MARGIN = 10;
const STRONG = GRADE.requestWithoutUnion;

const FRAMING_PREFERENCE: Record<Framing, number> = { ssz: 2, envelope: 1, fixed: 0 };

export function messageName(reading: Reading): string {
  if (reading.role === 'request') return reading.method?.name ?? UNKNOWN_METHOD;
  return reading.method ? responseName(reading.method) : UNTYPED_RESPONSE;
}

/** Every reading of a whole message, best first. Empty when the bytes are not a framed message at all. */
export function readingsOf(
  bytes: Uint8Array,
  context: PairingContext | ((id: bigint) => PairingContext),
  maxMessage = DEFAULT_MAX_MESSAGE,
): Reading[] {
  const out: Reading[] = [];
  if (!startsWithPrefix(bytes)) return out;
  for (const header of wrapperHeaders(bytes, maxMessage)) {
    const known = typeof context === 'function' ? context(header.id) : context;
    if (header.length !== null && header.length !== bytes.length) {
      out.push(...wrongLength(header, known));
      continue;
    }
    out.push(...requestReadings(bytes, header));
    out.push(...responseReadings(bytes, header, known));
  }
  return out.sort((a, b) => score(b) - score(a));
}

function score(r: Reading): number {
  return r.grade + FRAMING_PREFERENCE[r.header.framing] / 10;
}

/** The other readings that fit as well as `best`: an equal grade, or a strong one close to it. */
export function ambiguousAlternatives(readings: readonly Reading[]): Reading[] {
  const best = readings[0];
  if (!best) return [];
  let seen: Set<string> | null = null;
  const out: Reading[] = [];
  for (const r of readings.slice(1)) {
    // An equal grade is a real tie whatever the grade (the same error in two layouts); else only strong readings.
    if (r.grade < CONSISTENT) continue;
    if (r.grade !== best.grade && (r.grade < STRONG || r.grade < best.grade - AMBIGUITY_MARGIN)) continue;
    seen ??= new Set([describeReading(best)]);
    const key = describeReading(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

export function describeReading(r: Reading): string {
  const framing = { ssz: 'ETH ‖ SSZ', fixed: 'April-2019 fixed layout', envelope: 'messaging.md envelope' }[
    r.header.framing
  ];
  if (r.role === 'request') {
    const union = { position: 'union index = position', method_id: 'union index = method_id', none: 'no union index' }[
      r.union
    ];
    return `${messageName(r)} request (${framing}, ${union})`;
  }
  return `${messageName(r)} (${framing})`;
}

/** A layout whose stated length is not the message's: broken either way, a response if a request awaits it. */
function wrongLength(header: WrapperHeader, context: PairingContext): Reading[] {
  const pending = context.kind === 'pending';
  const request: RequestReading = {
    role: 'request',
    header,
    method: methodById(header.code) ?? null,
    union: 'none',
    fits: false,
    grade: GRADE.wrongLength,
  };
  const response: ResponseReading = {
    role: 'response',
    header,
    method: pending ? context.method : null,
    result: 'raw',
    fits: false,
    grade: pending ? GRADE.wrongLength + 1 : GRADE.wrongLength,
  };
  return [request, response];
}

function requestReadings(bytes: Uint8Array, header: WrapperHeader): RequestReading[] {
  const method = methodById(header.code);
  const start = header.payloadStart;
  const end = bytes.length;
  if (!method)
    return [{ role: 'request', header, method: null, union: 'none', fits: true, grade: GRADE.unknownMethod }];
  const out: RequestReading[] = [];
  const union = unionIndexReading(bytes, start, end, method);
  if (union) {
    const fits = sszFits(method.request, bytes, start + 4, end);
    out.push({
      role: 'request',
      header,
      method,
      union,
      fits,
      grade: fits ? GRADE.requestWithUnion : GRADE.brokenRequest,
    });
  }
  const fits = sszFits(method.request, bytes, start, end);
  out.push({
    role: 'request',
    header,
    method,
    union: 'none',
    fits,
    grade: fits ? GRADE.requestWithoutUnion : GRADE.brokenRequest,
  });
  return out;
}

/** Which meaning the 4-byte union index at `start` has for `method`, if any. */
export function unionIndexReading(bytes: Uint8Array, start: number, end: number, method: RpcMethod): BodyUnion | null {
  if (end - start < 4) return null;
  const index = readU32(bytes, start);
  return index === method.position ? 'position' : index === method.id ? 'method_id' : null;
}

function responseReadings(bytes: Uint8Array, header: WrapperHeader, context: PairingContext): ResponseReading[] {
  const error = header.code !== 0;
  if (context.kind === 'pending') {
    const method = context.method;
    if (error || !method) {
      return [
        { role: 'response', header, method, result: error ? 'error' : 'raw', fits: true, grade: GRADE.pendingResponse },
      ];
    }
    const type = method.response;
    if (type === 'unspecified' || type === null) {
      return [{ role: 'response', header, method, result: 'raw', fits: true, grade: GRADE.pendingResponse }];
    }
    const fits = sszFits(type, bytes, header.payloadStart, bytes.length);
    return [
      {
        role: 'response',
        header,
        method,
        result: 'typed',
        fits,
        grade: fits ? GRADE.pendingResponse : GRADE.brokenPendingResponse,
      },
    ];
  }
  if (error) {
    const grade =
      RESPONSE_CODES[header.code] !== undefined
        ? GRADE.namedError
        : header.code >= RESERVED_RESPONSE_CODES
          ? GRADE.applicationError
          : GRADE.reservedError;
    return [{ role: 'response', header, method: null, result: 'error', fits: true, grade }];
  }
  const fitting = METHODS.filter(
    (m) => isContainer(m.response) && sszFits(m.response, bytes, header.payloadStart, bytes.length),
  );
  const grade = context.kind === 'unknown' ? GRADE.inferredResponse : GRADE.orphanResponse;
  if (fitting.length === 0)
    return [{ role: 'response', header, method: null, result: 'raw', fits: false, grade: GRADE.untypedResult }];
  return [{ role: 'response', header, method: fitting[0]!, result: 'typed', fits: true, inferredFrom: fitting, grade }];
}

export function isContainer(type: SszType | null | 'unspecified'): type is SszType {
  return type !== null && type !== 'unspecified';
}
