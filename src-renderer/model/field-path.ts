import type { FieldNode } from '../../src-main/api/peerscope-api';

/** A field of a message's tree as the child indices leading to it from the root (the root is `[]`). */
export type FieldPath = readonly number[];

/** Whether two paths lead to the same field (`a` null: nothing selected). */
export function samePath(a: FieldPath | null, b: FieldPath): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The fields along `path`, root first; shorter than `path` + 1 when the path leads nowhere. */
export function fieldsAlong(root: FieldNode, path: FieldPath): FieldNode[] {
  const out = [root];
  let node: FieldNode | undefined = root;
  for (const i of path) {
    node = node.children?.[i];
    if (!node) break;
    out.push(node);
  }
  return out;
}

export function fieldAtPath(root: FieldNode, path: FieldPath): FieldNode | undefined {
  const along = fieldsAlong(root, path);
  return along.length === path.length + 1 ? along[along.length - 1] : undefined;
}

/** The spec names from the root's child down to the field: `['header', 'id']`. */
export function namesAlong(root: FieldNode, path: FieldPath): string[] {
  return fieldsAlong(root, path)
    .slice(1)
    .map((f) => f.name);
}

/** The key a field's expansion is remembered by: its names, so the same field of the next message opens alike. */
export function expansionKey(root: FieldNode, path: FieldPath): string {
  return namesAlong(root, path).join('.');
}

/** The byte source a field's range refers to: its own, else its nearest ancestor's, else the message's bytes. */
export function sourceOf(root: FieldNode, path: FieldPath, messageSource: string): string {
  let source = messageSource;
  for (const field of fieldsAlong(root, path)) if (field.source !== undefined) source = field.source;
  return source;
}

/** The field a dotted spec path (`header.id`, as notes name them) leads to, or null. */
export function pathOfNames(root: FieldNode, dotted: string): FieldPath | null {
  const path: number[] = [];
  let node = root;
  for (const name of dotted.split('.')) {
    const i = node.children?.findIndex((c) => c.name === name) ?? -1;
    if (i < 0) return null;
    path.push(i);
    node = node.children![i]!;
  }
  return path;
}

/**
 * The deepest field whose byte range in `source` covers `offset` (what a click on a byte selects). Fields take the
 * source of their nearest ancestor that names one, the message's own bytes at the root. Empty ranges cover
 * nothing; of two fields equally deep, the later one wins (it was decoded from the bytes after).
 */
export function deepestFieldAt(
  root: FieldNode,
  offset: number,
  source: string,
  messageSource: string,
): FieldPath | null {
  let best: { path: number[]; depth: number } | null = null;
  const walk = (field: FieldNode, path: number[], inherited: string): void => {
    const own = field.source ?? inherited;
    const covers = own === source && field.start !== undefined && field.end !== undefined;
    if (covers && offset >= field.start! && offset < field.end! && (!best || path.length >= best.depth)) {
      best = { path, depth: path.length };
    }
    field.children?.forEach((child, i) => walk(child, [...path, i], own));
  };
  walk(root, [], messageSource);
  return (best as { path: number[] } | null)?.path ?? null;
}

/** Whether a field or one of its ancestors is an encoding detail (then it has no filter name or `fields` key). */
export function isWithinEncoding(root: FieldNode, path: FieldPath): boolean {
  return fieldsAlong(root, path).some((f) => f.encoding);
}
