/**
 * A small, separate reader of the sample files' layout, for the tests that damage copies of them on purpose: where
 * each record or block starts, and where a TCP packet's payload sits in the file. Only what the samples use:
 * classic pcap and pcapng, little-endian, Ethernet frames with IPv4 and TCP.
 */

export interface PacketInFile {
  /** File offset of the record (pcap) or block (pcapng) holding the packet. */
  recordStart: number;
  /** File offset of the packet's first byte (its Ethernet header). */
  dataStart: number;
  capturedLength: number;
}

const PCAP_MAGIC = 0xa1b2c3d4;
const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;
const PCAPNG_ENHANCED_PACKET = 0x00000006;

/** Every packet of a capture file, in file order. */
export function packetsInFile(file: Buffer): PacketInFile[] {
  const magic = file.readUInt32LE(0);
  if (magic === PCAP_MAGIC) return pcapPackets(file);
  if (magic === PCAPNG_SECTION_HEADER) return pcapngPackets(file);
  throw new Error(`not a little-endian pcap or pcapng file (magic 0x${magic.toString(16)})`);
}

function pcapPackets(file: Buffer): PacketInFile[] {
  const out: PacketInFile[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    const capturedLength = file.readUInt32LE(at + 8);
    out.push({ recordStart: at, dataStart: at + 16, capturedLength });
    at += 16 + capturedLength;
  }
  return out;
}

function pcapngPackets(file: Buffer): PacketInFile[] {
  const out: PacketInFile[] = [];
  for (let at = 0; at + 12 <= file.length;) {
    const type = file.readUInt32LE(at);
    const total = file.readUInt32LE(at + 4);
    if (type === PCAPNG_ENHANCED_PACKET)
      out.push({ recordStart: at, dataStart: at + 28, capturedLength: file.readUInt32LE(at + 20) });
    at += total;
  }
  return out;
}

export interface TcpPacketInFile extends PacketInFile {
  srcPort: number;
  dstPort: number;
  seq: number;
  syn: boolean;
  /** File offset and length of the TCP payload. */
  payloadStart: number;
  payloadLength: number;
}

const ETHERNET_HEADER = 14;
const ETHERTYPE_IPV4 = 0x0800;
const PROTOCOL_TCP = 6;

/** The packet's TCP header and payload position, or null for anything but Ethernet/IPv4/TCP. */
export function tcpPacket(file: Buffer, packet: PacketInFile): TcpPacketInFile | null {
  const frame = file.subarray(packet.dataStart, packet.dataStart + packet.capturedLength);
  if (frame.readUInt16BE(12) !== ETHERTYPE_IPV4) return null;
  const ip = frame.subarray(ETHERNET_HEADER);
  if (ip[9] !== PROTOCOL_TCP) return null;
  const ipHeader = (ip[0]! & 0x0f) * 4;
  const ipTotal = ip.readUInt16BE(2);
  const tcp = ip.subarray(ipHeader);
  const tcpHeader = (tcp[12]! >> 4) * 4;
  return {
    ...packet,
    srcPort: tcp.readUInt16BE(0),
    dstPort: tcp.readUInt16BE(2),
    seq: tcp.readUInt32BE(4),
    syn: (tcp[13]! & 0x02) !== 0,
    payloadStart: packet.dataStart + ETHERNET_HEADER + ipHeader + tcpHeader,
    payloadLength: ipTotal - ipHeader - tcpHeader,
  };
}

/** A TCP payload placed in its direction's stream: `[start, end)` are stream offsets. */
export interface StreamSegment {
  /** Index of the packet in the file. */
  packet: number;
  from: number;
  to: number;
  start: number;
  end: number;
}

/**
 * Every TCP payload of the file with its stream offsets, from the sequence numbers (relative to each direction's
 * SYN), so a retransmission lands where it belongs (loopback under load does retransmit).
 */
export function streamSegments(file: Buffer): StreamSegment[] {
  const firstByte = new Map<string, number>();
  const out: StreamSegment[] = [];
  packetsInFile(file).forEach((p, packet) => {
    const tcp = tcpPacket(file, p);
    if (!tcp) return;
    const direction = `${tcp.srcPort}>${tcp.dstPort}`;
    if (tcp.syn) firstByte.set(direction, (tcp.seq + 1) >>> 0);
    const first = firstByte.get(direction);
    if (tcp.payloadLength === 0 || first === undefined) return;
    const start = (tcp.seq - first) >>> 0;
    out.push({ packet, from: tcp.srcPort, to: tcp.dstPort, start, end: start + tcp.payloadLength });
  });
  return out;
}
