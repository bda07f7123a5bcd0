import type { Field } from '../core/field';

/**
 * Moves a tree's byte ranges by `by`: a message decoded on its own is placed where a declaration codec found it
 * in a larger buffer. (eth2rpc keeps a private copy; core/field.ts would be its natural home.)
 */
export function shiftRanges(field: Field, by: number): Field {
  if (by === 0) return field;
  if (field.start !== undefined) field.start += by;
  if (field.end !== undefined) field.end += by;
  for (const c of field.children ?? []) shiftRanges(c, by);
  return field;
}
