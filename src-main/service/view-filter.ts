import type { FilterProblem } from '../api/peerscope-api';
import { compileFilter, FilterSyntaxError, type CompiledFilter } from '../analysis/filter';

/**
 * A filter from the filter bar, compiled against the declarations' field names: an empty one is no filter, a bad
 * one a problem with the span to underline (and a suggestion when a field name is close to a known one).
 */
export function compileViewFilter(
  source: string,
  knownFields: ReadonlySet<string>,
): { filter: CompiledFilter | null; problem: null } | { filter: null; problem: FilterProblem } {
  if (source.trim() === '') return { filter: null, problem: null };
  try {
    return { filter: compileFilter(source, { knownFields }), problem: null };
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    const problem: FilterProblem = { message: e.message, position: e.position, length: e.length };
    if (e.suggestion) problem.suggestion = e.suggestion;
    return { filter: null, problem };
  }
}
