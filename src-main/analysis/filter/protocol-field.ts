import type { MessageRecord } from '../../../decoders/core/message';
import type { FieldAccessor, ValueVisitor } from './field-accessor';

/** The value of `hobbits.hello` on a HELLO message: the message itself is there, but equals no literal. */
export const MESSAGE_ITSELF: object = Object.freeze({});

/**
 * Whether `text` (a record key or message name) spells the filter segment `lower`: ASCII case is ignored and
 * characters a filter name cannot hold stand for `_`, as `filterSegment` writes them.
 */
export function spellsSegment(text: string, lower: string): boolean {
  if (text === lower) return true;
  if (text.length !== lower.length) return false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    else if (!isSegmentChar(c)) c = 0x5f;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function isSegmentChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/** A spec name as one segment of a filter name: lowercase, other characters as `_` (`Request ID` → `request_id`). */
export function filterSegment(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    out += isSegmentChar(c) ? String.fromCharCode(c) : '_';
  }
  return out;
}

/** One segment of a field path. A numeric segment also indexes a list (`headers.0`). */
class PathSegment {
  readonly index: number;
  /** The key spelling that matched last: records of one message type spell their keys alike. */
  private key: string;

  constructor(readonly lower: string) {
    this.key = lower;
    this.index = /^\d{1,9}$/.test(lower) ? Number(lower) : -1;
  }

  /** The member of `object` this segment names; keys are scanned only when the remembered spelling misses. */
  lookup(object: Record<string, unknown>): unknown {
    const remembered = object[this.key];
    if (remembered !== undefined && Object.hasOwn(object, this.key)) return remembered;
    for (const key in object) {
      if (spellsSegment(key, this.lower)) {
        this.key = key;
        return object[key];
      }
    }
    return undefined;
  }
}

/** Visits the values at `path[at..]` below `value`; a list met before the path ends stands for each element. */
function walk(value: unknown, path: readonly PathSegment[], at: number, visit: ValueVisitor): boolean {
  if (value === null || value === undefined) return false;
  if (at === path.length) return visit(value);
  if (typeof value !== 'object') return false;
  const segment = path[at]!;
  if (!Array.isArray(value)) return walk(segment.lookup(value as Record<string, unknown>), path, at + 1, visit);
  if (segment.index >= 0) return walk(value[segment.index], path, at + 1, visit);
  for (let i = 0; i < value.length; i++) if (walk(value[i], path, at, visit)) return true;
  return false;
}

/**
 * `hobbits` (the protocol), `hobbits.header.id` (a field of any hobbits message) or `hobbits.hello.body.best_slot`
 * (a field of HELLO messages only). Whether the segment after the protocol is a message name is decided per record,
 * so a filter needs no declaration to run: both readings are tried and either may match.
 */
export function protocolFieldAccessor(lowerName: string): FieldAccessor {
  const [protocol, ...rest] = lowerName.split('.') as [string, ...string[]];
  if (rest.length === 0) return protocolAccessor(protocol);
  const path = rest.map((segment) => new PathSegment(segment));
  const first = rest[0]!;
  const some = (record: MessageRecord, visit: ValueVisitor): boolean => {
    if (!spellsSegment(record.protocol, protocol)) return false;
    if (spellsSegment(record.message, first)) {
      if (path.length === 1 ? visit(MESSAGE_ITSELF) : walk(record.fields, path, 1, visit)) return true;
    }
    return walk(record.fields, path, 0, visit);
  };
  const presence =
    rest.length === 1 ? `the message is a ${protocol} ${first} or has a ${lowerName} field` : `${lowerName} is present`;
  return {
    name: lowerName,
    kind: 'json',
    description: { subject: lowerName, noun: lowerName, repeated: true, presence },
    some,
  };
}

function protocolAccessor(protocol: string): FieldAccessor {
  return {
    name: protocol,
    kind: 'json',
    valueless: true,
    description: { subject: protocol, noun: protocol, repeated: false, presence: `the protocol is ${protocol}` },
    some: (record, visit) => spellsSegment(record.protocol, protocol) && visit(MESSAGE_ITSELF),
  };
}
