/** The filter as parsed, before field names are resolved: spans are kept for error positions. */

export interface Span {
  start: number;
  end: number;
}

export interface FieldRefNode extends Span {
  /** As written, e.g. `Hobbits.Header.id`. */
  name: string;
}

export interface ValueNode extends Span {
  /** As written, quotes and escapes included. */
  source: string;
  /** Unescaped text of a quoted string; the word itself otherwise. */
  text: string;
  quoted: boolean;
}

/** `==` `!=` and Wireshark's `===` (every occurrence equals) and `!==` (some occurrence differs). */
export type CompareOp = '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=';

export type SetMemberNode = { value: ValueNode } | { low: ValueNode; high: ValueNode };

export type FilterNode =
  /** The empty filter: every record passes. */
  | { type: 'all' }
  | { type: 'and' | 'or'; operands: FilterNode[] }
  | ({ type: 'not'; operand: FilterNode } & Span)
  | { type: 'exists'; field: FieldRefNode }
  | { type: 'compare'; field: FieldRefNode; op: CompareOp; opSpan: Span; value: ValueNode }
  | { type: 'contains' | 'matches'; field: FieldRefNode; opSpan: Span; value: ValueNode }
  | { type: 'in'; field: FieldRefNode; negated: boolean; opSpan: Span; members: SetMemberNode[] };
