import type { EditorProblem } from './monaco-json-editor';
import { locateJsonPath, splitErrorPath } from './json-path-locator';

/** Where JSON.parse stopped, from its message (`… at position 42`, or `(line 3 column 5)`), as an offset. */
export function jsonSyntaxOffset(text: string, message: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (!lineColumn) return 0;
  const lines = text.split('\n').slice(0, Number(lineColumn[1]) - 1);
  return lines.reduce((n, l) => n + l.length + 1, 0) + Number(lineColumn[2]) - 1;
}

/**
 * The editor squiggle for an encoder's error: the path is relative to the message's `fields` (`header.id`) or, when
 * that leads nowhere, to the whole message (`message`); the deepest part found otherwise.
 */
export function encodeProblem(text: string, path: string, message: string): EditorProblem {
  const parts = splitErrorPath(path);
  const inFields = locateJsonPath(text, ['fields', ...parts]);
  const atRoot = locateJsonPath(text, parts);
  const best = inFields?.exact ? inFields : atRoot?.exact ? atRoot : (inFields ?? atRoot);
  const range = best ? { start: best.start, end: best.end } : { start: 0, end: Math.min(1, text.length) };
  return { range, message: path ? `${path}: ${message}` : message };
}

export function syntaxProblem(text: string, message: string): EditorProblem {
  const start = Math.min(jsonSyntaxOffset(text, message), Math.max(0, text.length - 1));
  return { range: { start, end: start + 1 }, message };
}
