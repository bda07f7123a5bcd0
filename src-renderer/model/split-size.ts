/** A pane's size after a drag: within [min, total - min] of the split, so that neither side vanishes. */
export function clampSplit(size: number, total: number, min: number): number {
  if (total <= 2 * min) return total / 2;
  return Math.max(min, Math.min(total - min, size));
}

/** A stored split fraction, or the fallback when none is stored or it is not a sensible fraction. */
export function storedFraction(text: string | null, fallback: number): number {
  const value = text === null ? NaN : Number(text);
  return Number.isFinite(value) && value > 0.05 && value < 0.95 ? value : fallback;
}
