import type { MessageRecord } from '../../../decoders/core/message';

/**
 * How a field's values compare with a literal:
 * - `number`: message-level numbers (frame, ports); the literal must be a number.
 * - `name`: message-level names (protocol, message, pair status, note severity): text, ignoring ASCII case.
 * - `text`: message-level free text (endpoints, note texts): case-sensitive text.
 * - `address`: the IP address inside an endpoint; the literal must be an address or CIDR block.
 * - `json`: protocol fields, typed only at run time (numbers, decimal strings, 0x-hex bytes, EJSON wrappers, lists).
 */
export type ValueKind = 'number' | 'name' | 'text' | 'address' | 'json';

/** Called with each value of a field; returning true stops the walk. */
export type ValueVisitor = (value: unknown) => boolean;

/** How `explain()` speaks of a field. */
export interface FieldDescription {
  /** The subject of an "is" sentence: "the frame number", "a note severity", "hobbits.header.id". */
  subject: string;
  /** The field without article, for "no ... is" and "every ...": "note severity". */
  noun: string;
  /** Whether a record can hold several values (notes, both endpoints, list elements). */
  repeated: boolean;
  /** What the field alone tests: "the message has a note". */
  presence: string;
}

/** A resolved field reference: reads the values of one field from a record. */
export interface FieldAccessor {
  /** Canonical filter name. */
  readonly name: string;
  readonly kind: ValueKind;
  readonly description: FieldDescription;
  /** True as soon as `visit` returns true for one of the field's values (Wireshark's "any occurrence"). */
  some(record: MessageRecord, visit: ValueVisitor): boolean;
  /** Fields with at most one value also offer a direct read (undefined when absent) for tighter closures. */
  readonly get?: (record: MessageRecord) => unknown;
  /** A bare protocol name (`hobbits`) tests the protocol and has no value to compare. */
  readonly valueless?: boolean;
}

export const PRESENT: ValueVisitor = () => true;
