import type { FilterCompletion } from '../../src-main/api/peerscope-api';

/** The filter text with a completion option in place of the word it replaces, and where the caret goes. */
export function applyCompletion(
  text: string,
  completion: FilterCompletion,
  option: string,
): { text: string; cursor: number } {
  const from = Math.max(0, Math.min(completion.from, text.length));
  const to = Math.max(from, Math.min(completion.to, text.length));
  return { text: text.slice(0, from) + option + text.slice(to), cursor: from + option.length };
}

/** The filter text split around a problem, for underlining it: before, the problem itself, after. */
export function splitAtProblem(
  text: string,
  position: number,
  length: number,
): { before: string; problem: string; after: string } {
  const start = Math.max(0, Math.min(position, text.length));
  // A problem at the end (a missing value) still needs something to underline: a space stands in for it.
  const end = Math.max(start, Math.min(start + Math.max(1, length), text.length));
  const problem = end > start ? text.slice(start, end) : ' ';
  return { before: text.slice(0, start), problem, after: text.slice(end) };
}
