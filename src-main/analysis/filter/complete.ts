import type { PairStatus } from '../../../decoders/core/pairing';
import { SEVERITIES } from '../../../decoders/core/notes';
import { BUILTIN_FIELD_NAMES, BUILTIN_FIELDS, BUILTIN_NAMESPACES } from './builtin-fields';
import { isWordChar, tokenize, type Token } from './lexer';
import { compareOpOf } from './parser';
import { asciiLower } from './string-compare';

/** What to offer at the cursor: replace `source.slice(from, to)` with one of `options`. */
export interface FilterCompletion {
  from: number;
  to: number;
  options: string[];
}

/** Where the cursor stands in the grammar, judged from the tokens before the word being typed. */
type Place =
  | { expect: 'field' }
  | { expect: 'operator'; field: string }
  | { expect: 'value'; field: string }
  | { expect: 'set-open'; field: string }
  | { expect: 'set-member'; field: string }
  | { expect: 'logic' }
  | { expect: 'nothing' };

const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'matches', 'in', '&&', '||'];
const OPERATOR_WORDS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'not in', '===', '!=='];
const LOGIC = ['&&', '||'];
const LOGIC_WORDS = ['and', 'or'];
const PAIR_STATUSES = ['matched', 'unanswered', 'orphan', 'duplicate', 'mismatch'] satisfies PairStatus[];
const OPERATOR_CHARS = '=!<>~&|';

/**
 * Completion for the filter bar: field names where a field may start (one dotted segment at a time, so
 * `hobbits.` offers `hobbits.header`, `hobbits.hello`, ...), operators after a field, known values after an
 * operator (pair statuses, severities, protocols) and logical operators after a test.
 */
export function completeFilter(source: string, cursor: number, knownFields: readonly string[]): FilterCompletion {
  const at = Math.max(0, Math.min(Math.trunc(cursor) || 0, source.length));
  const { from, to } = partialAround(source, at);
  const typed = source.slice(from, at);
  let tokens: Token[];
  try {
    tokens = tokenize(source.slice(0, from));
  } catch {
    return { from, to, options: [] }; // inside an unterminated string, or after a character that is no token
  }
  const options = optionsFor(placeAfter(tokens), typed, knownFields);
  if (options.length > 0 || typed === '' || !isOperatorRun(typed)) return { from, to, options };
  // A finished operator such as `!` or `==` just before the cursor: offer what may follow it.
  return completeAfterOperator(source, at, knownFields);
}

function isOperatorRun(text: string): boolean {
  return [...text].every((c) => OPERATOR_CHARS.includes(c));
}

function completeAfterOperator(source: string, at: number, knownFields: readonly string[]): FilterCompletion {
  try {
    return { from: at, to: at, options: optionsFor(placeAfter(tokenize(source.slice(0, at))), '', knownFields) };
  } catch {
    return { from: at, to: at, options: [] };
  }
}

/** The word or operator run the cursor touches: what a chosen option replaces. */
function partialAround(source: string, cursor: number): { from: number; to: number } {
  const isWord = (i: number) => isWordChar(source.charCodeAt(i));
  const isOperator = (i: number) => i >= 0 && i < source.length && OPERATOR_CHARS.includes(source[i]!);
  const inRun = isWord(cursor - 1) || (!isOperator(cursor - 1) && isWord(cursor)) ? isWord : isOperator;
  let from = cursor;
  while (from > 0 && inRun(from - 1)) from--;
  let to = cursor;
  while (to < source.length && inRun(to)) to++;
  return { from, to };
}

function placeAfter(tokens: readonly Token[]): Place {
  let place: Place = { expect: 'field' };
  for (const token of tokens) {
    if (token.type === 'end') break;
    place = step(place, token);
    if (place.expect === 'nothing') break;
  }
  return place;
}

function isLogic(t: Token): boolean {
  const word = t.type === 'word' ? t.text.toLowerCase() : '';
  return t.type === '&&' || t.type === '||' || word === 'and' || word === 'or';
}

function step(place: Place, t: Token): Place {
  const word = t.type === 'word' ? t.text.toLowerCase() : '';
  switch (place.expect) {
    case 'field':
      if (t.type === '(' || t.type === '!' || word === 'not') return place;
      return t.type === 'word' ? { expect: 'operator', field: t.text } : { expect: 'nothing' };
    case 'operator':
      if (compareOpOf(t) || t.type === '~' || word === 'contains' || word === 'matches') {
        return { expect: 'value', field: place.field };
      }
      if (word === 'in') return { expect: 'set-open', field: place.field };
      if (word === 'not') return place; // `not in`
      return afterTest(t);
    case 'value':
      return t.type === 'word' || t.type === 'string' ? { expect: 'logic' } : { expect: 'nothing' };
    case 'set-open':
      return t.type === '{' ? { expect: 'set-member', field: place.field } : { expect: 'nothing' };
    case 'set-member':
      if (t.type === '}') return { expect: 'logic' };
      return ['word', 'string', '..', ','].includes(t.type) ? place : { expect: 'nothing' };
    case 'logic':
      return afterTest(t);
    case 'nothing':
      return place;
  }
}

function afterTest(t: Token): Place {
  if (isLogic(t)) return { expect: 'field' };
  return t.type === ')' ? { expect: 'logic' } : { expect: 'nothing' };
}

function optionsFor(place: Place, typed: string, knownFields: readonly string[]): string[] {
  switch (place.expect) {
    case 'field':
      return fieldOptions(typed, knownFields);
    case 'operator':
      return symbolsOrWords(typed, OPERATORS, OPERATOR_WORDS);
    case 'value':
    case 'set-member':
      return startingWith(typed, valueOptions(place.field, knownFields));
    case 'set-open':
      return startingWith(typed, ['{']);
    case 'logic':
      return symbolsOrWords(typed, LOGIC, LOGIC_WORDS);
    case 'nothing':
      return [];
  }
}

/** Before anything is typed the short symbolic forms suffice; typed letters also find the word forms. */
function symbolsOrWords(typed: string, main: readonly string[], words: readonly string[]): string[] {
  return startingWith(typed, typed === '' ? main : [...main, ...words]);
}

function startingWith(typed: string, options: readonly string[]): string[] {
  const lower = asciiLower(typed);
  return options.filter((option) => asciiLower(option).startsWith(lower));
}

/** Known names starting with what is typed, cut after the segment being typed (and the next one at a dot). */
function fieldOptions(typed: string, knownFields: readonly string[]): string[] {
  const lower = asciiLower(typed);
  const options = new Set<string>();
  for (const name of [...BUILTIN_FIELD_NAMES, ...knownFields]) {
    if (!asciiLower(name).startsWith(lower)) continue;
    const cut = name.indexOf('.', name[lower.length] === '.' ? lower.length + 1 : lower.length);
    options.add(cut < 0 ? name : name.slice(0, cut));
  }
  return [...options].sort();
}

function valueOptions(field: string, knownFields: readonly string[]): string[] {
  switch (BUILTIN_FIELDS.get(asciiLower(field))?.name) {
    case 'pair.status':
      return PAIR_STATUSES;
    case 'note.severity':
      return [...SEVERITIES];
    case 'protocol':
      return protocolNames(knownFields);
    default:
      return [];
  }
}

function protocolNames(knownFields: readonly string[]): string[] {
  const protocols = new Set<string>();
  for (const name of knownFields) {
    const first = asciiLower(name.split('.')[0]!);
    if (!BUILTIN_NAMESPACES.has(first) && !BUILTIN_FIELDS.has(first)) protocols.add(first);
  }
  return [...protocols].sort();
}
