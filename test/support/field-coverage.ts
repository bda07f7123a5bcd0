import type { Field } from '../../decoders/core/field';

/**
 * The byte ranges of a tree's leaves (spec and encoding fields alike), checked to tile [0, length) with no gap
 * and no overlap: every byte of a message must be explained by exactly one leaf. Returns the problems found.
 */
export function coverageProblems(root: Field, length: number, source?: string): string[] {
  const ranges: { start: number; end: number; path: string }[] = [];
  const walk = (f: Field, path: string, inherited: string | undefined): void => {
    const own = f.source ?? inherited;
    const children = f.children ?? [];
    const measured = children.filter((c) => c.start !== undefined && !c.generated);
    if (measured.length === 0) {
      if (!f.generated && f.start !== undefined && f.end !== undefined && own === source && f.end > f.start) {
        ranges.push({ start: f.start, end: f.end, path });
      }
      return;
    }
    // A leaf with encoding children (an RLP header, an SSZ offset) owns its bytes minus theirs.
    if (f.shape === 'leaf' && f.start !== undefined && f.end !== undefined && own === source && f.end > f.start) {
      let at = f.start;
      const inside = measured
        .filter((c) => c.start! >= f.start! && c.end! <= f.end!)
        .sort((a, b) => a.start! - b.start!);
      for (const c of inside) {
        if (c.start! > at) ranges.push({ start: at, end: c.start!, path });
        at = Math.max(at, c.end!);
      }
      if (at < f.end) ranges.push({ start: at, end: f.end, path });
    }
    for (const c of children) walk(c, path ? `${path}.${c.name}` : c.name, own);
  };
  walk(root, '', undefined);
  ranges.sort((a, b) => a.start - b.start);
  const problems: string[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) problems.push(`bytes ${at}..${r.start} belong to no field`);
    if (r.start < at) problems.push(`${r.path} [${r.start},${r.end}) overlaps the previous field (ends ${at})`);
    at = Math.max(at, r.end);
  }
  if (at < length) problems.push(`bytes ${at}..${length} belong to no field`);
  if (at > length) problems.push(`fields reach ${at}, beyond the ${length} bytes`);
  return problems;
}
