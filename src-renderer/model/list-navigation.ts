/**
 * The row a navigation key leads to in a list of `count` rows with `page` rows visible, or null when the key does
 * not move (or there are no rows). With nothing selected, any movement starts at the first row (End at the last).
 */
export function rowAfterKey(key: string, current: number | null, count: number, page: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const step = Math.max(1, page - 1);
  const at = current ?? -1;
  const clamp = (row: number) => Math.max(0, Math.min(last, row));
  switch (key) {
    case 'ArrowDown':
      return clamp(at + 1);
    case 'ArrowUp':
      return current === null ? 0 : clamp(at - 1);
    case 'PageDown':
      return clamp(at + step);
    case 'PageUp':
      return clamp(current === null ? 0 : at - step);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
