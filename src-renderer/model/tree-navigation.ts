import { samePath, type FieldPath } from './field-path';
import type { VisibleField } from './visible-fields';

/** What a key in the field tree does. */
export interface TreeMoves {
  select(path: FieldPath): void;
  setOpen(key: string, open: boolean): void;
  expandUnder(path: FieldPath): void;
}

/** Wireshark's tree keys: ↑↓ move, → opens or steps in, ← closes or steps out, * opens everything below. */
export function treeKey(
  key: string,
  fields: readonly VisibleField[],
  selected: FieldPath | null,
  moves: TreeMoves,
): boolean {
  const at = selected ? fields.findIndex((f) => samePath(selected, f.path)) : -1;
  const current = fields[at];
  switch (key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      const next = fields[Math.max(0, Math.min(fields.length - 1, at + (key === 'ArrowDown' ? 1 : -1)))];
      if (next) moves.select(next.path);
      return true;
    }
    case 'Home':
    case 'End': {
      const next = key === 'Home' ? fields[0] : fields.at(-1);
      if (next) moves.select(next.path);
      return true;
    }
    case 'ArrowRight':
      if (current?.expandable && !current.expanded) moves.setOpen(current.key, true);
      else if (current?.expanded) moves.select(fields[at + 1]!.path);
      return true;
    case 'ArrowLeft':
      if (current?.expanded) moves.setOpen(current.key, false);
      else if (current && current.path.length > 0) moves.select(current.path.slice(0, -1));
      return true;
    case 'Enter':
    case ' ':
      if (current?.expandable) moves.setOpen(current.key, !current.expanded);
      return true;
    case '*':
      if (current) moves.expandUnder(current.path);
      return true;
    default:
      return false;
  }
}
