/** The last part of a path, `/` or `\` separated: what a file is called. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
