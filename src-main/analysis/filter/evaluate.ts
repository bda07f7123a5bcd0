import type { MessageRecord } from '../../../decoders/core/message';
import type { CompareOp } from './ast';
import type { BoundFilter, BoundSetMember } from './bind';
import { PRESENT, type FieldAccessor, type ValueVisitor } from './field-accessor';
import type { Literal } from './literal';
import type { Comparator } from './value-tests';

export type RecordTest = (record: MessageRecord) => boolean;

/**
 * Turns the bound filter into nested closures, once: testing a record is then plain calls with no parsing,
 * lookups by name or allocation.
 *
 * Repeated fields follow Wireshark: `f == v` holds when any occurrence equals v, and `f != v` when none does
 * (so also when f is absent). `f === v` wants every occurrence to equal v (and at least one), `f !== v` some
 * occurrence to differ. The ordering operators, `contains`, `matches` and `in` hold when any occurrence does.
 */
export function compileBound(node: BoundFilter): RecordTest {
  switch (node.type) {
    case 'all':
      return () => true;
    case 'and':
      return allOf(node.operands.map(compileBound));
    case 'or':
      return anyOf(node.operands.map(compileBound));
    case 'not': {
      const operand = compileBound(node.operand);
      return (r) => !operand(r);
    }
    case 'exists':
      return anyValue(node.field, PRESENT);
    case 'compare':
      return numberFastPath(node.field, node.op, node.literal) ?? compileCompare(node.field, node.op, node.compare);
    case 'contains':
    case 'matches':
      return anyValue(node.field, eachScalar(node.field, node.test, node.type === 'matches'));
    case 'in': {
      const test = anyValue(node.field, eachScalar(node.field, memberTest(node.members), true));
      return node.negated ? (r) => !test(r) : test;
    }
  }
}

function allOf(tests: RecordTest[]): RecordTest {
  if (tests.length === 2) {
    const [a, b] = tests as [RecordTest, RecordTest];
    return (r) => a(r) && b(r);
  }
  return (r) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(r)) return false;
    return true;
  };
}

function anyOf(tests: RecordTest[]): RecordTest {
  if (tests.length === 2) {
    const [a, b] = tests as [RecordTest, RecordTest];
    return (r) => a(r) || b(r);
  }
  return (r) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(r)) return true;
    return false;
  };
}

/** Whether any value of `field` passes `visit`; single-valued fields skip the visitor indirection. */
function anyValue(field: FieldAccessor, visit: ValueVisitor): RecordTest {
  const get = field.get;
  if (get) {
    return (r) => {
      const value = get(r);
      return value !== undefined && visit(value);
    };
  }
  return (r) => field.some(r, visit);
}

/**
 * A protocol field's value may be a list: each element is an occurrence (`contains` handles lists itself, so
 * it sees the list whole unless `flattenLists`).
 */
function eachScalar(field: FieldAccessor, visit: ValueVisitor, flattenLists = true): ValueVisitor {
  if (field.kind !== 'json' || !flattenLists) return visit;
  const walk = (value: unknown): boolean => {
    if (!Array.isArray(value)) return visit(value);
    for (let i = 0; i < value.length; i++) if (walk(value[i])) return true;
    return false;
  };
  return walk;
}

function compileCompare(field: FieldAccessor, op: CompareOp, compare: Comparator): RecordTest {
  const equal = eachScalar(field, (v) => compare(v) === 0);
  const differs = eachScalar(field, (v) => compare(v) !== 0);
  switch (op) {
    case '==':
      return anyValue(field, equal);
    case '!=': {
      const anyEqual = anyValue(field, equal);
      return (r) => !anyEqual(r);
    }
    case '===': {
      const exists = anyValue(field, eachScalar(field, PRESENT));
      const anyDiffers = anyValue(field, differs);
      return (r) => exists(r) && !anyDiffers(r);
    }
    case '!==':
      return anyValue(field, differs);
    default:
      return anyValue(field, eachScalar(field, orderingTest(op, compare)));
  }
}

function orderingTest(op: '<' | '<=' | '>' | '>=', compare: Comparator): ValueVisitor {
  switch (op) {
    case '<':
      return (v) => compare(v) < 0;
    case '<=':
      return (v) => compare(v) <= 0;
    case '>':
      return (v) => compare(v) > 0;
    case '>=':
      return (v) => compare(v) >= 0;
  }
}

/**
 * `frame > 100`, `pair.latency < 50`: single-valued numbers against a plain number compile to one comparison.
 * An absent value reads as undefined, which every relational operator rejects, as the general path does.
 */
function numberFastPath(field: FieldAccessor, op: CompareOp, literal: Literal): RecordTest | null {
  const get = field.get;
  const n = literal.number;
  if (field.kind !== 'number' || !get || typeof n !== 'number') return null;
  switch (op) {
    case '==':
    case '===':
      return (r) => get(r) === n;
    case '!=':
      return (r) => get(r) !== n;
    case '!==':
      return (r) => {
        const v = get(r);
        return v !== undefined && v !== n;
      };
    case '<':
      return (r) => (get(r) as number) < n;
    case '<=':
      return (r) => (get(r) as number) <= n;
    case '>':
      return (r) => (get(r) as number) > n;
    case '>=':
      return (r) => (get(r) as number) >= n;
  }
}

/** A value is in the set when it equals a member or lies within a range (bounds included). */
function memberTest(members: readonly BoundSetMember[]): ValueVisitor {
  const tests = members.map((m): ValueVisitor => {
    if ('literal' in m) {
      const compare = m.compare;
      return (v) => compare(v) === 0;
    }
    const { compareLow, compareHigh } = m;
    return (v) => compareLow(v) >= 0 && compareHigh(v) <= 0;
  });
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v)) return true;
    return false;
  };
}
