import type { CompareOp, FieldRefNode, FilterNode, SetMemberNode } from './ast';
import type { FieldAccessor, ValueVisitor } from './field-accessor';
import { literalFromNode, type Literal } from './literal';
import { resolveField, type KnownFields } from './resolve-field';
import { FilterSyntaxError } from './syntax-error';
import { comparatorFor, containsTestFor, matchesTestFor, regexFor, type Comparator } from './value-tests';

/** A set member with its comparators: one value, or an inclusive range. */
export type BoundSetMember =
  | { literal: Literal; compare: Comparator }
  | { low: Literal; high: Literal; compareLow: Comparator; compareHigh: Comparator };

/** The filter with every field resolved and every literal read: what both `test` and `explain` work from. */
export type BoundFilter =
  | { type: 'all' }
  | { type: 'and' | 'or'; operands: BoundFilter[] }
  | { type: 'not'; operand: BoundFilter }
  | { type: 'exists'; field: FieldAccessor }
  | { type: 'compare'; field: FieldAccessor; op: CompareOp; literal: Literal; compare: Comparator }
  | { type: 'contains'; field: FieldAccessor; literal: Literal; test: ValueVisitor }
  | { type: 'matches'; field: FieldAccessor; literal: Literal; caseSensitive: boolean; test: ValueVisitor }
  | { type: 'in'; field: FieldAccessor; negated: boolean; members: BoundSetMember[] };

export function bindFilter(node: FilterNode, known: KnownFields | null): BoundFilter {
  switch (node.type) {
    case 'all':
      return node;
    case 'and':
    case 'or':
      return { type: node.type, operands: node.operands.map((operand) => bindFilter(operand, known)) };
    case 'not':
      return { type: 'not', operand: bindFilter(node.operand, known) };
    case 'exists':
      return { type: 'exists', field: resolveField(node.field, known) };
    case 'compare': {
      const field = valuedField(node.field, known);
      const literal = literalFromNode(node.value);
      return { type: 'compare', field, op: node.op, literal, compare: comparatorFor(field, literal) };
    }
    case 'contains': {
      const field = valuedField(node.field, known);
      const literal = literalFromNode(node.value);
      return { type: 'contains', field, literal, test: containsTestFor(field, literal, node.opSpan) };
    }
    case 'matches': {
      const field = valuedField(node.field, known);
      const literal = literalFromNode(node.value);
      const { regex, caseSensitive } = regexFor(literal);
      return { type: 'matches', field, literal, caseSensitive, test: matchesTestFor(field, regex, node.opSpan) };
    }
    case 'in': {
      const field = valuedField(node.field, known);
      return { type: 'in', field, negated: node.negated, members: node.members.map((m) => bindMember(field, m)) };
    }
  }
}

function bindMember(field: FieldAccessor, member: SetMemberNode): BoundSetMember {
  if ('value' in member) {
    const literal = literalFromNode(member.value);
    return { literal, compare: comparatorFor(field, literal) };
  }
  const low = literalFromNode(member.low);
  const high = literalFromNode(member.high);
  return { low, high, compareLow: comparatorFor(field, low), compareHigh: comparatorFor(field, high) };
}

/** A field that is compared with a value: a bare protocol name has none. */
function valuedField(ref: FieldRefNode, known: KnownFields | null): FieldAccessor {
  const field = resolveField(ref, known);
  if (field.valueless) {
    throw new FilterSyntaxError(
      `'${ref.name}' is a protocol, which has no value: test it alone (${field.name}) or compare one of its fields (${field.name}.<field>)`,
      ref.start,
      ref.end - ref.start,
    );
  }
  return field;
}
