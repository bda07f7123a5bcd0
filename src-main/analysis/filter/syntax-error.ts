/**
 * A filter that cannot be compiled, with the span to underline: the UI's filter bar turns red and points at
 * `position` (0-based character offset into the filter text) for `length` characters.
 */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number,
    /** A corrected field name when the error is an unknown field close to a known one. */
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

/** Quotes a piece of filter text for an error message; the end of the filter gets words instead. */
export function describeToken(text: string): string {
  return text === '' ? 'the end of the filter' : `'${text}'`;
}
