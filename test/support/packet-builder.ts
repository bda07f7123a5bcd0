/**
 * Builds packets byte by byte for tests: IPv4/IPv6 with TCP/UDP (checksums correct, so tshark accepts them),
 * fragments, and the link layers Peerscope decodes.
 */
import { concat } from './capture-writer';

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

/** Address text to bytes: dotted IPv4 or IPv6 (with `::` and an optional dotted tail). */
export function parseIp(text: string): Uint8Array {
  if (!text.includes(':')) {
    const parts = text.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 address ${text}`);
    return Uint8Array.from(parts);
  }
  let groups: number[];
  const expand = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIp(g);
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const double = text.indexOf('::');
  if (double >= 0) {
    const head = expand(text.slice(0, double));
    const tail = expand(text.slice(double + 2));
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else groups = expand(text);
  if (groups.length !== 8 || groups.some((g) => !(g >= 0 && g <= 0xffff))) throw new Error(`bad IPv6 address ${text}`);
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** The Internet checksum (RFC 1071) over the given parts, as if concatenated. */
export function internetChecksum(parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd = false;
  let pending = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      if (odd) sum += (pending << 8) | part[i]!;
      else pending = part[i]!;
      odd = !odd;
    }
    // Keep the sum small enough for exact integer arithmetic.
    sum = (sum & 0xffff) + Math.floor(sum / 65536);
  }
  if (odd) sum += pending << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 65536);
  return ~sum & 0xffff;
}

export interface IpEndpoints {
  src: string;
  dst: string;
}

function pseudoHeader(ep: IpEndpoints, protocol: number, length: number): Uint8Array[] {
  const src = parseIp(ep.src);
  const dst = parseIp(ep.dst);
  if (src.length === 4) return [src, dst, Uint8Array.of(0, protocol, length >> 8, length & 0xff)];
  return [
    src,
    dst,
    Uint8Array.of(length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, 0, 0, 0, protocol),
  ];
}

export interface TcpHeaderFields {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  payload?: Uint8Array;
  /** Raw option bytes (padded to 4 here). */
  options?: Uint8Array;
  /** Override the data offset field (in bytes), to build bad headers. */
  headerLengthField?: number;
}

/** A TCP header plus payload with its checksum over the pseudo-header of `ep`. */
export function tcpSegment(ep: IpEndpoints, fields: TcpHeaderFields): Uint8Array {
  const options = fields.options ?? new Uint8Array(0);
  const headerLength = 20 + ((options.length + 3) & ~3);
  const payload = fields.payload ?? new Uint8Array(0);
  const out = new Uint8Array(headerLength + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, fields.srcPort);
  view.setUint16(2, fields.dstPort);
  view.setUint32(4, fields.seq >>> 0);
  view.setUint32(8, (fields.ack ?? 0) >>> 0);
  out[12] = ((fields.headerLengthField ?? headerLength) / 4) << 4;
  out[13] = fields.flags;
  view.setUint16(14, fields.window ?? 65535);
  out.set(options, 20);
  out.set(payload, headerLength);
  view.setUint16(16, internetChecksum([...pseudoHeader(ep, PROTO_TCP, out.length), out]));
  return out;
}

export function udpDatagram(
  ep: IpEndpoints,
  fields: { srcPort: number; dstPort: number; payload: Uint8Array; lengthField?: number },
): Uint8Array {
  const out = new Uint8Array(8 + fields.payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, fields.srcPort);
  view.setUint16(2, fields.dstPort);
  view.setUint16(4, fields.lengthField ?? out.length);
  out.set(fields.payload, 8);
  const sum = internetChecksum([...pseudoHeader(ep, PROTO_UDP, out.length), out]);
  view.setUint16(6, sum === 0 ? 0xffff : sum);
  return out;
}

export interface Ipv4Fields {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  id?: number;
  ttl?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** In bytes; a multiple of 8. */
  fragmentOffset?: number;
  /** Header options, padded to 4. */
  options?: Uint8Array;
  /** Override the total length field (0 = segmentation offload). */
  totalLengthField?: number;
}

export function ipv4Packet(fields: Ipv4Fields): Uint8Array {
  const options = fields.options ?? new Uint8Array(0);
  const headerLength = 20 + ((options.length + 3) & ~3);
  const out = new Uint8Array(headerLength + fields.payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x40 | (headerLength / 4);
  view.setUint16(2, fields.totalLengthField ?? out.length);
  view.setUint16(4, fields.id ?? 0);
  const flags = (fields.dontFragment ? 0x4000 : 0) | (fields.moreFragments ? 0x2000 : 0);
  view.setUint16(6, flags | ((fields.fragmentOffset ?? 0) / 8));
  out[8] = fields.ttl ?? 64;
  out[9] = fields.protocol;
  out.set(parseIp(fields.src), 12);
  out.set(parseIp(fields.dst), 16);
  out.set(options, 20);
  view.setUint16(10, internetChecksum([out.subarray(0, headerLength)]));
  out.set(fields.payload, headerLength);
  return out;
}

export interface Ipv6ExtensionHeader {
  /** 0 hop-by-hop, 43 routing, 60 destination options, 51 AH, 44 fragment. */
  type: number;
  /** Body after the next-header byte (and length byte, except for fragment headers). */
  body?: Uint8Array;
}

export interface Ipv6Fields {
  src: string;
  dst: string;
  nextHeader: number;
  payload: Uint8Array;
  extensionHeaders?: Ipv6ExtensionHeader[];
  hopLimit?: number;
}

/** An IPv6 packet; extension headers are chained in order before the payload. */
export function ipv6Packet(fields: Ipv6Fields): Uint8Array {
  const headers = fields.extensionHeaders ?? [];
  const encoded: Uint8Array[] = [];
  headers.forEach((h, i) => {
    const next = i + 1 < headers.length ? headers[i + 1]!.type : fields.nextHeader;
    encoded.push(extensionHeader(h, next));
  });
  const payload = concat([...encoded, fields.payload]);
  const out = new Uint8Array(40 + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x60;
  view.setUint16(4, payload.length);
  out[6] = headers.length > 0 ? headers[0]!.type : fields.nextHeader;
  out[7] = fields.hopLimit ?? 64;
  out.set(parseIp(fields.src), 8);
  out.set(parseIp(fields.dst), 24);
  out.set(payload, 40);
  return out;
}

function extensionHeader(header: Ipv6ExtensionHeader, next: number): Uint8Array {
  const body = header.body ?? new Uint8Array(header.type === 51 ? 10 : 6);
  if (header.type === 44) return concat([Uint8Array.of(next, 0), body]);
  // AH counts its length in 4-byte units minus 2, the others in 8-byte units minus 1.
  const total = 2 + body.length;
  const lengthField = header.type === 51 ? total / 4 - 2 : total / 8 - 1;
  if (!Number.isInteger(lengthField))
    throw new Error(`extension header ${header.type} body of ${body.length} bytes does not fit its length unit`);
  return concat([Uint8Array.of(next, lengthField), body]);
}

/** An IPv4 or IPv6 packet (by the address family of `ep`) carrying `transport`. */
export function ipPacket(ep: IpEndpoints, protocol: number, transport: Uint8Array, id = 0): Uint8Array {
  if (ep.src.includes(':')) return ipv6Packet({ src: ep.src, dst: ep.dst, nextHeader: protocol, payload: transport });
  return ipv4Packet({ src: ep.src, dst: ep.dst, protocol, payload: transport, id });
}

/** Splits the transport bytes of an IPv4 datagram into fragments of `size` payload bytes (a multiple of 8). */
export function ipv4Fragments(fields: Ipv4Fields, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < fields.payload.length; offset += size) {
    const end = Math.min(offset + size, fields.payload.length);
    out.push(
      ipv4Packet({
        ...fields,
        payload: fields.payload.subarray(offset, end),
        fragmentOffset: offset,
        moreFragments: end < fields.payload.length,
      }),
    );
  }
  return out;
}

/** Splits an IPv6 payload (with its next header) into fragments carrying a fragment header with `id`. */
export function ipv6Fragments(fields: Ipv6Fields, size: number, id: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < fields.payload.length; offset += size) {
    const end = Math.min(offset + size, fields.payload.length);
    const more = end < fields.payload.length;
    const body = new Uint8Array(6);
    const view = new DataView(body.buffer);
    view.setUint16(0, offset | (more ? 1 : 0));
    view.setUint32(2, id);
    out.push(
      ipv6Packet({
        ...fields,
        payload: fields.payload.subarray(offset, end),
        extensionHeaders: [...(fields.extensionHeaders ?? []), { type: 44, body }],
      }),
    );
  }
  return out;
}

// Link layers ------------------------------------------------------------------------------------------------

export const LINK = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

function etherTypeOf(ip: Uint8Array): number {
  return ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
}

const MAC_A = Uint8Array.of(0x02, 0, 0, 0, 0, 0x0a);
const MAC_B = Uint8Array.of(0x02, 0, 0, 0, 0, 0x0b);

/** Ethernet II with optional stacked VLAN tags, outermost first: `{ tpid: 0x88a8, id: 100 }`. */
export function ethernetFrame(ip: Uint8Array, vlans: readonly { tpid: number; id: number }[] = []): Uint8Array {
  const header = new Uint8Array(14 + 4 * vlans.length);
  const view = new DataView(header.buffer);
  header.set(MAC_B, 0);
  header.set(MAC_A, 6);
  let at = 12;
  for (const tag of vlans) {
    view.setUint16(at, tag.tpid);
    view.setUint16(at + 2, tag.id & 0x0fff);
    at += 4;
  }
  view.setUint16(at, etherTypeOf(ip));
  return concat([header, ip]);
}

/** Linux cooked capture v1 (outgoing packet, ARPHRD_ETHER). */
export function sllFrame(ip: Uint8Array): Uint8Array {
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  view.setUint16(0, 4);
  view.setUint16(2, 1);
  view.setUint16(4, 6);
  header.set(MAC_A, 6);
  view.setUint16(14, etherTypeOf(ip));
  return concat([header, ip]);
}

/** Linux cooked capture v2. */
export function sll2Frame(ip: Uint8Array, interfaceIndex = 1): Uint8Array {
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  view.setUint16(0, etherTypeOf(ip));
  view.setUint32(4, interfaceIndex);
  view.setUint16(8, 1);
  header[10] = 4;
  header[11] = 6;
  header.set(MAC_A, 12);
  return concat([header, ip]);
}

/** BSD loopback: the address family in host byte order (`littleEndian`), IPv6 as `ipv6Family` (24, 28 or 30). */
export function nullFrame(ip: Uint8Array, littleEndian = true, ipv6Family = 30): Uint8Array {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, ip[0]! >> 4 === 6 ? ipv6Family : 2, littleEndian);
  return concat([header, ip]);
}

/** OpenBSD DLT_LOOP: the family in network byte order. */
export function loopFrame(ip: Uint8Array, ipv6Family = 24): Uint8Array {
  return nullFrame(ip, false, ipv6Family);
}

/** Wraps an IP packet in the link layer of `linkType`. */
export function linkFrame(linkType: number, ip: Uint8Array): Uint8Array {
  switch (linkType) {
    case LINK.ETHERNET:
      return ethernetFrame(ip);
    case LINK.LINUX_SLL:
      return sllFrame(ip);
    case LINK.LINUX_SLL2:
      return sll2Frame(ip);
    case LINK.NULL:
      return nullFrame(ip);
    case LINK.LOOP:
      return loopFrame(ip);
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6:
      return ip;
    default:
      throw new Error(`no builder for link type ${linkType}`);
  }
}
