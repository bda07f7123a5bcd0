import type { MessageRecord } from '../../../decoders/core/message';
import { bindFilter } from './bind';
import { compileBound } from './evaluate';
import { explainFilter } from './explain';
import { parseFilter } from './parser';
import { knownFieldsOf } from './resolve-field';

export { completeFilter, type FilterCompletion } from './complete';
export { filterFieldNames } from './field-names';
export { FilterSyntaxError } from './syntax-error';

/** A display filter compiled once to closures: `test` runs per record without parsing or lookups by name. */
export interface CompiledFilter {
  source: string;
  test(record: MessageRecord): boolean;
  /** The filter in plain words, e.g. "messages where the frame number is greater than 5". */
  explain(): string;
}

export interface CompileFilterOptions {
  /**
   * The field names the loaded declarations know (`filterFieldNames`). When given, a reference to any other
   * field is an error, with a "did you mean" when a known name is close; without it, any protocol field runs.
   */
  knownFields?: ReadonlySet<string>;
}

/** Compiles a Wireshark-style display filter; throws FilterSyntaxError with the position of the problem. */
export function compileFilter(source: string, options: CompileFilterOptions = {}): CompiledFilter {
  const known = options.knownFields ? knownFieldsOf(options.knownFields) : null;
  const bound = bindFilter(parseFilter(source), known);
  const test = compileBound(bound);
  return { source, test, explain: () => explainFilter(bound) };
}
