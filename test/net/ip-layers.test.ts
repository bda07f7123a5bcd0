import { describe, expect, it } from 'vitest';
import { concat } from '../support/capture-writer';
import { decodeFrames } from '../support/decode-capture';
import {
  ethernetFrame,
  ipv4Packet,
  ipv6Packet,
  LINK,
  PROTO_TCP,
  PROTO_UDP,
  tcpSegment,
  udpDatagram,
} from '../support/packet-builder';
import { patternBytes, TcpConversation } from '../support/tcp-conversation';

const EP4 = { src: '198.51.100.1', dst: '198.51.100.2' };
const EP6 = { src: '2001:db8::1', dst: '2001:db8::2' };
const PAYLOAD = patternBytes(37, 3);

function udp4(fields: Partial<Parameters<typeof ipv4Packet>[0]> = {}): Uint8Array {
  return ipv4Packet({
    ...EP4,
    protocol: PROTO_UDP,
    payload: udpDatagram(EP4, { srcPort: 1000, dstPort: 2000, payload: PAYLOAD }),
    ...fields,
  });
}

function udp6(
  extensionHeaders: Parameters<typeof ipv6Packet>[0]['extensionHeaders'] = [],
  nextHeader = PROTO_UDP,
): Uint8Array {
  return ipv6Packet({
    ...EP6,
    nextHeader,
    payload: udpDatagram(EP6, { srcPort: 1000, dstPort: 2000, payload: PAYLOAD }),
    extensionHeaders,
  });
}

/** What the decoder made of single frames: UDP payloads and note kinds. */
function decodeOne(data: Uint8Array, linkType: number = LINK.RAW, originalLength?: number) {
  const { sink } = decodeFrames([{ time: 1, data, ...(originalLength !== undefined && { originalLength }) }], linkType);
  return {
    datagrams: (sink.udp.get(0) ?? []).map((d) => d.bytes),
    notes: sink.notes.map((n) => `${n.note.kind}: ${n.note.text}`),
  };
}

describe('IPv4', () => {
  it('hands the transport bytes of a valid packet on', () => {
    expect(decodeOne(udp4())).toEqual({ datagrams: [PAYLOAD], notes: [] });
  });

  it('skips header options', () => {
    expect(decodeOne(udp4({ options: Uint8Array.of(1, 1, 1, 0) }))).toEqual({ datagrams: [PAYLOAD], notes: [] });
  });

  it('leaves out Ethernet padding after the total length', () => {
    const conv = new TcpConversation({ client: { ip: EP4.src, port: 1 }, server: { ip: EP4.dst, port: 2 } });
    conv.handshake().send('client', Uint8Array.of(42), { ackEvery: 0 });
    const frames = conv
      .frames(LINK.ETHERNET)
      .map((f) => ({ ...f, data: concat([f.data, new Uint8Array(60 - f.data.length).fill(0xee)]) }));
    const { sink } = decodeFrames(frames, LINK.ETHERNET);
    expect(sink.data(0, 0)).toEqual(Uint8Array.of(42));
  });

  it('takes the frame as the packet when the total length is 0 (segmentation offload)', () => {
    expect(decodeOne(udp4({ totalLengthField: 0 }))).toEqual({ datagrams: [PAYLOAD], notes: [] });
  });

  it('rejects malformed headers with a note saying what is wrong', () => {
    const badVersion = udp4();
    badVersion[0] = 0x55;
    const shortIhl = udp4();
    shortIhl[0] = 0x44;
    expect(decodeOne(badVersion, LINK.IPV4).notes).toEqual(['ip.bad-header: IPv4 header has version 5']);
    expect(decodeOne(shortIhl).notes).toEqual(['ip.bad-header: IPv4 header length 16 is below the minimum of 20']);
    expect(decodeOne(udp4({ totalLengthField: 12 })).notes).toEqual([
      'ip.bad-header: IPv4 total length 12 is less than its header length 20',
    ]);
    expect(decodeOne(udp4().subarray(0, 15), LINK.IPV4).notes).toEqual([
      'ip.bad-header: IPv4 header needs 20 bytes, only 15 captured',
    ]);
    const longIhl = udp4().subarray(0, 30);
    longIhl[0] = 0x4f;
    expect(decodeOne(longIhl, LINK.IPV4).notes).toEqual(['ip.bad-header: IPv4 header of 60 bytes, only 30 captured']);
  });

  it('notes a total length beyond an uncut frame, but not beyond a snaplen-cut one', () => {
    const packet = udp4();
    expect(decodeOne(packet.subarray(0, 40))).toEqual({
      datagrams: [PAYLOAD.subarray(0, 12)],
      notes: [`ip.bad-length: IPv4 total length ${packet.length} exceeds the 40 bytes in the frame`],
    });
    expect(decodeOne(packet.subarray(0, 40), LINK.RAW, packet.length).notes).toEqual([]);
  });
});

describe('IPv6', () => {
  it('walks hop-by-hop, routing, destination options and AH headers to the transport', () => {
    const headers = [{ type: 0 }, { type: 43 }, { type: 60, body: new Uint8Array(14) }, { type: 51 }];
    expect(decodeOne(udp6(headers))).toEqual({ datagrams: [PAYLOAD], notes: [] });
  });

  it('treats an atomic fragment (offset 0, no more fragments) as a whole packet', () => {
    const body = new Uint8Array(6);
    new DataView(body.buffer).setUint32(2, 77);
    expect(decodeOne(udp6([{ type: 44, body }]))).toEqual({ datagrams: [PAYLOAD], notes: [] });
  });

  it('stops quietly at no-next-header and at ESP', () => {
    expect(decodeOne(ipv6Packet({ ...EP6, nextHeader: 59, payload: new Uint8Array(0) }))).toEqual({
      datagrams: [],
      notes: [],
    });
    expect(decodeOne(ipv6Packet({ ...EP6, nextHeader: 50, payload: new Uint8Array(40) }))).toEqual({
      datagrams: [],
      notes: [],
    });
  });

  it('notes an extension header that runs past the packet', () => {
    const packet = udp6([{ type: 60 }]);
    packet[41] = 200;
    expect(decodeOne(packet).notes).toEqual([
      'ipv6.bad-header: IPv6 extension header 60 runs past the end of the packet',
    ]);
  });

  it('notes a bad version and a cut fixed header', () => {
    const packet = udp6();
    packet[0] = 0x40;
    expect(decodeOne(packet, LINK.IPV6).notes).toEqual(['ipv6.bad-header: IPv6 header has version 4']);
    expect(decodeOne(udp6().subarray(0, 39), LINK.IPV6).notes).toEqual([
      'ipv6.bad-header: IPv6 header needs 40 bytes, only 39 captured',
    ]);
  });

  it('carries TCP like IPv4 does', () => {
    const seg = tcpSegment(EP6, { srcPort: 5, dstPort: 6, seq: 1, flags: 0x18, ack: 1, payload: PAYLOAD });
    const { sink, decoder } = decodeFrames(
      [{ time: 1, data: ethernetFrame(ipv6Packet({ ...EP6, nextHeader: PROTO_TCP, payload: seg })) }],
      LINK.ETHERNET,
    );
    expect(decoder.tcpConnections()[0]!.a).toEqual({ ip: '2001:db8::1', port: 5 });
    expect(sink.data(0, 0)).toEqual(PAYLOAD);
  });
});
