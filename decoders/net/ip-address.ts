/** Dotted-quad text of the IPv4 address at `offset`. */
export function formatIpv4(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/**
 * The canonical text of the IPv6 address at `offset` (RFC 5952 §4): lowercase hex without leading zeros, the
 * longest run of two or more zero groups (the first of equal runs) written `::`. As tshark (through the C
 * library's inet_ntop) prints them, IPv4-mapped `::ffff:a.b.c.d` and IPv4-compatible `::a.b.c.d` addresses
 * keep a dotted tail (§5), except `::` and `::1`-like ones whose zero run reaches the seventh group.
 */
export function formatIpv6(bytes: Uint8Array, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[offset + i]! << 8) | bytes[offset + i + 1]!);
  const [runStart, runLength] = longestZeroRun(groups);
  if (runStart === 0 && (runLength === 6 || (runLength === 5 && groups[5] === 0xffff))) {
    return `::${runLength === 5 ? 'ffff:' : ''}${formatIpv4(bytes, offset + 12)}`;
  }
  if (runLength < 2) return groups.map(hexGroup).join(':');
  const head = groups.slice(0, runStart).map(hexGroup).join(':');
  const tail = groups
    .slice(runStart + runLength)
    .map(hexGroup)
    .join(':');
  return `${head}::${tail}`;
}

function hexGroup(group: number): string {
  return group.toString(16);
}

/** [start, length] of the first longest run of zero groups. */
function longestZeroRun(groups: readonly number[]): [number, number] {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < groups.length && groups[end] === 0) end++;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  return [bestStart, bestLength];
}

/** Text of an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
export function formatIpAddress(bytes: Uint8Array, offset: number, length: 4 | 16): string {
  return length === 4 ? formatIpv4(bytes, offset) : formatIpv6(bytes, offset);
}
