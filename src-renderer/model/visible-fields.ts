import type { FieldNode } from '../../src-main/api/peerscope-api';
import { expansionKey, type FieldPath } from './field-path';

/** One line of the field tree as shown: the field, how deep, and whether it is open. */
export interface VisibleField {
  field: FieldNode;
  path: FieldPath;
  depth: number;
  key: string;
  expandable: boolean;
  expanded: boolean;
}

/** The tree's lines in order, children shown only under expanded fields (the root is always shown). */
export function visibleFields(root: FieldNode, expanded: ReadonlySet<string>): VisibleField[] {
  const out: VisibleField[] = [];
  const walk = (field: FieldNode, path: number[], depth: number): void => {
    const key = expansionKey(root, path);
    const expandable = (field.children?.length ?? 0) > 0;
    const open = expandable && expanded.has(key);
    out.push({ field, path, depth, key, expandable, expanded: open });
    if (open) field.children!.forEach((child, i) => walk(child, [...path, i], depth + 1));
  };
  walk(root, [], 0);
  return out;
}

/** The expansion keys of every field that has children: "expand all". */
export function allExpansionKeys(root: FieldNode, under: FieldPath = []): string[] {
  const out: string[] = [];
  const walk = (field: FieldNode, path: number[]): void => {
    if (!field.children?.length) return;
    out.push(expansionKey(root, path));
    field.children.forEach((child, i) => walk(child, [...path, i]));
  };
  let start = root;
  for (const i of under) start = start.children?.[i] ?? start;
  walk(start, [...under]);
  return out;
}

/** The keys that open every ancestor of a field, so that selecting it (a byte click, a note) makes it visible. */
export function ancestorKeys(root: FieldNode, path: FieldPath): string[] {
  const out: string[] = [];
  for (let depth = 0; depth < path.length; depth++) out.push(expansionKey(root, path.slice(0, depth)));
  return out;
}
