/** "Did you mean" for unknown field names. */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of neighbours (the usual typos),
 * giving up with `limit + 1` as soon as the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The known name closest to `name`, or undefined when none is close enough to be a likely typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 5));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate, Math.min(limit, bestDistance));
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate.length < best.length)) {
      best = d <= limit ? candidate : best;
      bestDistance = Math.min(d, bestDistance);
    }
  }
  return best ?? sameLeafInProtocol(name, candidates);
}

/** `hobbits.best_slot` → `hobbits.body.best_slot`: the user left out the structure around a field. */
function sameLeafInProtocol(name: string, candidates: readonly string[]): string | undefined {
  const segments = name.split('.');
  if (segments.length < 2) return undefined;
  const prefix = `${segments[0]}.`;
  const suffix = `.${segments[segments.length - 1]}`;
  let best: string | undefined;
  for (const candidate of candidates) {
    if (!candidate.startsWith(prefix) || !candidate.endsWith(suffix)) continue;
    if (best === undefined || candidate.length < best.length) best = candidate;
  }
  return best;
}
