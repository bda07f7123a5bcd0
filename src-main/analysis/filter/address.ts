/**
 * IP addresses for `ip.addr`, `ip.src`, `ip.dst`. An address is eight 16-bit groups; IPv4 takes the IPv4-mapped
 * form (`::ffff:a.b.c.d`) so both families compare in one way. Record endpoints (`10.0.0.1:30303`,
 * `[fe80::1]:30303`) are parsed in place into a scratch buffer: no per-record allocation.
 */

export interface AddressPattern {
  readonly groups: Uint16Array;
  /** Leading bits that must match: 128 for one address, fewer for a CIDR block such as `10.0.0.0/8`. */
  readonly prefixBits: number;
}

const IPV4_MAPPED_PREFIX_BITS = 96;

/** An address or CIDR block as a user writes it: `10.0.0.1`, `10.0.0.0/8`, `fe80::1`, `[::1]`, `2001:db8::/32`. */
export function parseAddressPattern(text: string): AddressPattern | null {
  const slash = text.indexOf('/');
  let address = slash < 0 ? text : text.slice(0, slash);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const groups = new Uint16Array(8);
  const family = parseIpInto(address, 0, address.length, groups);
  if (family === 0) return null;
  if (slash < 0) return { groups, prefixBits: 128 };
  const prefix = text.slice(slash + 1);
  const maxPrefix = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) return null;
  return { groups, prefixBits: Number(prefix) + (family === 4 ? IPV4_MAPPED_PREFIX_BITS : 0) };
}

/** Orders an address against a pattern on the pattern's prefix bits only: 0 means "inside the block". */
export function compareToPattern(groups: Uint16Array, pattern: AddressPattern): number {
  let bits = pattern.prefixBits;
  for (let g = 0; g < 8 && bits > 0; g++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    const d = (groups[g]! & mask) - (pattern.groups[g]! & mask);
    if (d !== 0) return d;
  }
  return 0;
}

/** Parses the host part of a record endpoint into `out`; returns its family, 0 when it is no IP address. */
export function endpointHostInto(endpoint: string, out: Uint16Array): 0 | 4 | 6 {
  if (endpoint.charCodeAt(0) === 0x5b) {
    const close = endpoint.indexOf(']');
    return close < 0 ? 0 : parseIpInto(endpoint, 1, close, out);
  }
  const first = endpoint.indexOf(':');
  if (first >= 0 && first === endpoint.lastIndexOf(':')) return parseIpInto(endpoint, 0, first, out);
  // No colon: a bare IPv4 address; several colons and no brackets: a bare IPv6 address.
  return parseIpInto(endpoint, 0, endpoint.length, out);
}

/** The port of `host:port` or `[v6]:port`, or undefined when the endpoint has none. */
export function endpointPort(endpoint: string): number | undefined {
  let colon: number;
  if (endpoint.charCodeAt(0) === 0x5b) {
    colon = endpoint.indexOf(']') + 1;
    if (colon === 0 || endpoint.charCodeAt(colon) !== 0x3a) return undefined;
  } else {
    colon = endpoint.indexOf(':');
    if (colon < 0 || colon !== endpoint.lastIndexOf(':')) return undefined;
  }
  return decimalAt(endpoint, colon + 1, endpoint.length);
}

/** Digits from `start` to `end` as a number, or undefined if that is not a plain decimal. */
export function decimalAt(text: string, start: number, end: number): number | undefined {
  if (start >= end || end - start > 15) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  return value;
}

export function parseIpInto(text: string, start: number, end: number, out: Uint16Array): 0 | 4 | 6 {
  const colon = text.indexOf(':', start);
  if (colon < 0 || colon >= end) {
    if (!parseIpv4Into(text, start, end, out, 6)) return 0;
    out.fill(0, 0, 5);
    out[5] = 0xffff;
    return 4;
  }
  return parseIpv6Into(text, start, end, out) ? 6 : 0;
}

/** Four dotted decimal parts 0-255, written as two groups at `at`. */
function parseIpv4Into(text: string, start: number, end: number, out: Uint16Array, at: number): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  let high = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2e;
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return false;
      continue;
    }
    if (c !== 0x2e || digits === 0 || parts === 4) return false;
    if (parts % 2 === 0) high = value;
    else out[at + (parts >> 1)] = (high << 8) | value;
    parts++;
    value = 0;
    digits = 0;
  }
  return parts === 4;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** Up to eight hex groups, one `::` standing for a run of zero groups, optionally ending in dotted IPv4. */
function parseIpv6Into(text: string, start: number, end: number, out: Uint16Array): boolean {
  let count = 0;
  let gap = -1;
  let i = start;
  if (text.startsWith('::', start)) {
    gap = 0;
    i += 2;
  } else if (text.charCodeAt(start) === 0x3a) return false;
  while (i < end) {
    const groupStart = i;
    let value = 0;
    for (let h = hexValue(text.charCodeAt(i)); i < end && h >= 0; h = hexValue(text.charCodeAt(++i))) {
      value = value * 16 + h;
    }
    if (i < end && text.charCodeAt(i) === 0x2e) {
      if (count > 6 || !parseIpv4Into(text, groupStart, end, out, count)) return false;
      count += 2;
      break;
    }
    const digits = i - groupStart;
    if (digits === 0 || digits > 4 || count === 8) return false;
    out[count++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x3a || i + 1 === end) return false;
    i++;
    if (text.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    }
  }
  return expandGap(out, count, gap);
}

/** Moves the groups after `::` to the end and zero-fills the gap. */
function expandGap(out: Uint16Array, count: number, gap: number): boolean {
  if (gap < 0) return count === 8;
  if (count >= 8) return false;
  const tail = count - gap;
  out.copyWithin(8 - tail, gap, count);
  out.fill(0, gap, 8 - tail);
  return true;
}
