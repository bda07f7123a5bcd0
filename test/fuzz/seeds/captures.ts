import { concat, PcapngWriter, PcapWriter } from '../../support/capture-writer';
import {
  ethernetFrame,
  ipv4Fragments,
  ipv4Packet,
  ipv6Fragments,
  ipv6Packet,
  LINK,
  linkFrame,
  PROTO_TCP,
  PROTO_UDP,
  tcpSegment,
  TCP_FLAGS,
  udpDatagram,
} from '../../support/packet-builder';
import { TcpConversation } from '../../support/tcp-conversation';
import type { NumberField } from '../mutators';
import type { Random } from '../random';

/** One frame of a seed capture, with the link type of its interface. */
export interface SeedFrame {
  linkType: number;
  time: number;
  data: Uint8Array;
  originalLength: number;
}

/** Every link type PacketDecoder reads, with the IP versions it can carry. */
export const LINK_TYPES: readonly { linkType: number; families: readonly (4 | 6)[] }[] = [
  { linkType: LINK.NULL, families: [4, 6] },
  { linkType: LINK.ETHERNET, families: [4, 6] },
  { linkType: LINK.RAW, families: [4, 6] },
  { linkType: 12, families: [4, 6] },
  { linkType: 14, families: [4, 6] },
  { linkType: LINK.LOOP, families: [4, 6] },
  { linkType: LINK.LINUX_SLL, families: [4, 6] },
  { linkType: LINK.IPV4, families: [4] },
  { linkType: LINK.IPV6, families: [6] },
  { linkType: LINK.LINUX_SLL2, families: [4, 6] },
];

const ADDRESSES = { 4: ['10.0.0.1', '10.0.0.2'], 6: ['fe80::1', '2001:db8::2'] } as const;

function wrap(linkType: number, ip: Uint8Array, rng: Random): Uint8Array {
  if (linkType === 12 || linkType === 14) return ip;
  if (linkType === LINK.ETHERNET && rng.chance(0.3)) {
    return ethernetFrame(
      ip,
      rng.pick([
        [{ tpid: 0x8100, id: 7 }],
        [
          { tpid: 0x88a8, id: 1 },
          { tpid: 0x8100, id: 2 },
        ],
      ]),
    );
  }
  return linkFrame(linkType, ip);
}

/** A TCP conversation carrying `client` messages one way and `server` messages back, then closed (or not). */
export function conversationFrames(
  rng: Random,
  linkType: number,
  family: 4 | 6,
  client: readonly Uint8Array[],
  server: readonly Uint8Array[],
  port = 9000,
): SeedFrame[] {
  const [a, b] = ADDRESSES[family];
  const conv = new TcpConversation({
    client: { ip: a, port: 40000 + rng.below(20000) },
    server: { ip: b, port },
    clientIsn: rng.u32(),
    serverIsn: rng.u32(),
    mss: rng.pick([64, 200, 536, 1460]),
    startTime: 1_560_000_000 + rng.below(1000),
  });
  conv.handshake();
  for (let i = 0; i < Math.max(client.length, server.length); i++) {
    if (client[i]) conv.send('client', client[i]!);
    if (server[i]) conv.send('server', server[i]!);
  }
  if (rng.chance(0.7)) conv.close();
  else if (rng.chance(0.5)) conv.rst('client');
  return conv.packets.map((p, i) => {
    const data = wrap(linkType, conv.ipPacket(p, i & 0xffff), rng);
    return { linkType, time: p.time, data, originalLength: data.length };
  });
}

/** UDP datagrams, fragmented IPv4 and IPv6 datagrams (out of order sometimes), and IPv6 extension headers. */
export function datagramFrames(rng: Random, linkType: number, family: 4 | 6, payload: Uint8Array): SeedFrame[] {
  const [src, dst] = ADDRESSES[family];
  const ep = { src, dst };
  const udp = udpDatagram(ep, { srcPort: 30303, dstPort: 9000, payload });
  const size = rng.pick([8, 64, 256]);
  const packets: Uint8Array[] =
    family === 4
      ? [
          ipv4Packet({ src, dst, protocol: PROTO_UDP, payload: udp }),
          ...ipv4Fragments({ src, dst, protocol: PROTO_UDP, id: rng.below(65536), payload: udp }, size),
        ]
      : [
          ipv6Packet({
            src,
            dst,
            nextHeader: PROTO_UDP,
            payload: udp,
            extensionHeaders: [{ type: 0 }, { type: 60, body: new Uint8Array(14) }],
          }),
          ...ipv6Fragments({ src, dst, nextHeader: PROTO_UDP, payload: udp }, size, rng.u32()),
        ];
  const ordered = rng.chance(0.3) ? rng.shuffled(packets) : packets;
  return ordered.map((ip, i) => {
    const data = wrap(linkType, ip, rng);
    return { linkType, time: 1_560_000_100 + i / 1000, data, originalLength: data.length };
  });
}

/** A TCP segment of one packet, for odd cases (SYN with options, data in a FIN, a bad data offset). */
export function oddTcpFrames(rng: Random, linkType: number, family: 4 | 6): SeedFrame[] {
  const [src, dst] = ADDRESSES[family];
  const ep = { src, dst };
  const segments = [
    tcpSegment(ep, {
      srcPort: 1,
      dstPort: 2,
      seq: 0xfffffff0,
      flags: TCP_FLAGS.SYN,
      options: Uint8Array.of(2, 4, 5, 0xb4, 1, 3, 3, 7),
    }),
    tcpSegment(ep, {
      srcPort: 1,
      dstPort: 2,
      seq: 0xfffffff1,
      flags: TCP_FLAGS.ACK | TCP_FLAGS.FIN,
      payload: rng.bytes(40),
    }),
    tcpSegment(ep, {
      srcPort: 1,
      dstPort: 2,
      seq: 5,
      flags: TCP_FLAGS.ACK,
      payload: rng.bytes(8),
      headerLengthField: 60,
    }),
  ];
  return segments.map((segment, i) => {
    const ip =
      family === 4
        ? ipv4Packet({ src, dst, protocol: PROTO_TCP, payload: segment })
        : ipv6Packet({ src, dst, nextHeader: PROTO_TCP, payload: segment });
    const data = wrap(linkType, ip, rng);
    return { linkType, time: 1_560_000_200 + i, data, originalLength: data.length };
  });
}

/** Frame sequences of every link type: conversations carrying `messages`, datagrams, fragments, odd segments. */
export function seedFrameSequences(rng: Random, messages: readonly Uint8Array[]): SeedFrame[][] {
  const small = messages.filter((m) => m.length <= 1500);
  const some = (n: number) => Array.from({ length: n }, () => rng.pick(small));
  const out: SeedFrame[][] = [];
  for (const { linkType, families } of LINK_TYPES) {
    for (const family of families) {
      out.push(conversationFrames(rng, linkType, family, some(1 + rng.below(3)), some(rng.below(3))));
      out.push(datagramFrames(rng, linkType, family, rng.pick(small)));
      out.push(oddTcpFrames(rng, linkType, family));
    }
  }
  return out;
}

/** A classic pcap file of frames of one link type, in any byte order and time resolution. */
export function pcapFile(rng: Random, frames: readonly SeedFrame[]): Uint8Array {
  const writer = new PcapWriter({
    linkType: frames[0]?.linkType ?? LINK.ETHERNET,
    nanoseconds: rng.chance(0.3),
    littleEndian: rng.chance(0.7),
  });
  return concat([writer.header(), ...frames.map((f) => writer.record(f))]);
}

/**
 * A pcapng file: a section (either byte order) with one interface per link type, enhanced, obsolete and simple
 * packet blocks, name resolution, a key-log secrets block, statistics and an unknown block; sometimes a second
 * section.
 */
export function pcapngFile(rng: Random, frames: readonly SeedFrame[], keyLog?: string): Uint8Array {
  const w = new PcapngWriter();
  const blocks: Uint8Array[] = [];
  const section = (): Map<number, number> => {
    blocks.push(w.sectionHeader({ littleEndian: rng.chance(0.7), ...(rng.chance(0.3) && { comment: 'fuzz seed' }) }));
    const interfaces = new Map<number, number>();
    for (const linkType of new Set(frames.map((f) => f.linkType))) {
      interfaces.set(linkType, interfaces.size);
      blocks.push(
        w.interfaceDescription({
          linkType,
          ...(rng.chance(0.5) && { tsresol: rng.pick([6, 9, 0x80 | 20, 3]) }),
          ...(rng.chance(0.2) && { tsoffset: rng.below(1000) }),
          ...(rng.chance(0.3) && { name: 'eth0' }),
          ...(rng.chance(0.2) && { snapLength: 128 }),
        }),
      );
    }
    return interfaces;
  };
  let interfaces = section();
  if (rng.chance(0.4))
    blocks.push(w.nameResolution([{ address: Uint8Array.of(10, 0, 0, 1), names: ['alice.example'] }]));
  if (keyLog !== undefined) blocks.push(w.decryptionSecrets(0x50534b4c, new TextEncoder().encode(keyLog)));
  frames.forEach((f, i) => {
    const interfaceId = interfaces.get(f.linkType)!;
    const kind = rng.below(10);
    if (kind === 0 && interfaceId === 0) blocks.push(w.simplePacket(f));
    else if (kind === 1) blocks.push(w.obsoletePacket({ ...f, interfaceId }));
    else blocks.push(w.enhancedPacket({ ...f, interfaceId, ...(rng.chance(0.1) && { comments: ['a', 'b'] }) }));
    if (rng.chance(0.05)) blocks.push(w.interfaceStatistics(interfaceId, f.time));
    if (rng.chance(0.05)) blocks.push(w.rawBlock(0x00000bad, rng.bytes(rng.below(20))));
    if (i === Math.floor(frames.length / 2) && rng.chance(0.2)) interfaces = section();
  });
  return concat(blocks);
}

/** Length and count fields of a pcap file: its header's version, snap length and link type, each record's lengths. */
export function pcapNumberFields(file: Uint8Array): NumberField[] {
  if (file.length < 24) return [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const littleEndian = view.getUint32(0, true) === 0xa1b2c3d4 || view.getUint32(0, true) === 0xa1b23c4d;
  const out: NumberField[] = [
    { at: 4, size: 2, littleEndian },
    { at: 16, size: 4, littleEndian },
    { at: 20, size: 4, littleEndian },
  ];
  for (let at = 24; at + 16 <= file.length;) {
    out.push({ at: at + 8, size: 4, littleEndian }, { at: at + 12, size: 4, littleEndian });
    at += 16 + view.getUint32(at + 8, littleEndian);
  }
  return out;
}

/** Length fields of a pcapng file: every block's two total lengths, packet lengths, option and secrets lengths. */
export function pcapngNumberFields(file: Uint8Array): NumberField[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: NumberField[] = [];
  let littleEndian = true;
  for (let at = 0; at + 12 <= file.length;) {
    if (view.getUint32(at, true) === 0x0a0d0d0a) littleEndian = view.getUint32(at + 8, true) === 0x1a2b3c4d;
    const type = view.getUint32(at, littleEndian);
    const length = view.getUint32(at + 4, littleEndian);
    if (length < 12 || at + length > file.length) break;
    const field = (offset: number, size: 2 | 4): void => {
      if (offset + size <= at + length) out.push({ at: at + offset, size, littleEndian });
    };
    field(4, 4);
    field(length - 4, 4);
    if (type === 1) {
      field(8, 2);
      field(12, 4);
      optionLengths(view, at + 16, at + length - 4, littleEndian, out);
    } else if (type === 6 || type === 2) {
      field(20, 4);
      field(24, 4);
      if (type === 6) field(8, 4);
      const captured = view.getUint32(at + 20, littleEndian);
      optionLengths(view, at + 28 + ((captured + 3) & ~3), at + length - 4, littleEndian, out);
    } else if (type === 3) field(8, 4);
    else if (type === 10) field(12, 4);
    else if (type === 4) optionLengths(view, at + 8, at + length - 4, littleEndian, out);
    at += length;
  }
  return out;
}

function optionLengths(view: DataView, from: number, end: number, littleEndian: boolean, out: NumberField[]): void {
  for (let at = from; at + 4 <= end;) {
    out.push({ at: at + 2, size: 2, littleEndian });
    const length = view.getUint16(at + 2, littleEndian);
    if (view.getUint16(at, littleEndian) === 0) break;
    at += 4 + ((length + 3) & ~3);
  }
}
