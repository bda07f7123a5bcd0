import type { CompareOp } from './ast';
import type { BoundFilter, BoundSetMember } from './bind';
import type { FieldDescription } from './field-accessor';

/** The filter in plain words, e.g. "messages where the protocol is hobbits and no note severity is error". */
export function explainFilter(node: BoundFilter): string {
  return node.type === 'all' ? 'all messages' : `messages where ${describe(node, null)}`;
}

function describe(node: BoundFilter, parent: BoundFilter['type'] | null): string {
  switch (node.type) {
    case 'all':
      return 'anything';
    case 'and':
    case 'or': {
      const text = joinWords(
        node.operands.map((operand) => describe(operand, node.type)),
        node.type,
      );
      return parent === null || parent === node.type ? text : `(${text})`;
    }
    case 'not':
      return `not (${describe(node.operand, null)})`;
    case 'exists':
      return node.field.description.presence;
    case 'compare': {
      // `ip.addr == 10.0.0.0/8` tests membership of a block.
      const block = node.field.kind === 'address' && node.literal.text.includes('/') && !node.op.startsWith('<');
      const value = block && !node.op.startsWith('>') ? `in ${node.literal.source}` : node.literal.source;
      return comparison(node.field.description, node.op, value);
    }
    case 'contains':
      return `${node.field.description.subject} contains ${node.literal.source}`;
    case 'matches': {
      const casing = node.caseSensitive ? '' : ' (ignoring case)';
      return `${node.field.description.subject} matches the regular expression ${node.literal.source}${casing}`;
    }
    case 'in':
      return membership(node.field.description, node.negated, node.members);
  }
}

function joinWords(parts: string[], word: 'and' | 'or' | 'nor'): string {
  return parts.length <= 2 ? parts.join(` ${word} `) : `${parts.slice(0, -1).join(', ')} ${word} ${parts.at(-1)}`;
}

const ORDERING_WORDS: Readonly<Record<'<' | '<=' | '>' | '>=', string>> = {
  '<': 'less than',
  '<=': 'at most',
  '>': 'greater than',
  '>=': 'at least',
};

function comparison(field: FieldDescription, op: CompareOp, value: string): string {
  switch (op) {
    case '==':
      return `${field.subject} is ${value}`;
    case '!=':
      return field.repeated ? `no ${field.noun} is ${value}` : `${field.subject} is not ${value}`;
    case '===':
      return field.repeated ? `every ${field.noun} is ${value}` : `${field.subject} is ${value}`;
    case '!==':
      return field.repeated ? `some ${field.noun} is not ${value}` : `${field.subject} is present and not ${value}`;
    default:
      return `${field.subject} is ${ORDERING_WORDS[op]} ${value}`;
  }
}

function membership(field: FieldDescription, negated: boolean, members: readonly BoundSetMember[]): string {
  const choices = members.map((m) =>
    'literal' in m ? m.literal.source : `between ${m.low.source} and ${m.high.source}`,
  );
  if (!negated) return `${field.subject} is ${joinWords(choices, 'or')}`;
  if (field.repeated) return `no ${field.noun} is ${joinWords(choices, 'or')}`;
  return choices.length === 1
    ? `${field.subject} is not ${choices[0]}`
    : `${field.subject} is neither ${joinWords(choices, 'nor')}`;
}
