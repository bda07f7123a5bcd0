/**
 * Cross-checks the capture readers and PacketDecoder against tshark on captures the writer generates: frame
 * count, TCP streams with their endpoints, packets per direction and the reassembled bytes of each direction,
 * and the number of UDP streams.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { concat, PcapngWriter, PcapWriter } from '../support/capture-writer';
import { decodeCaptureFile, TempCaptures } from '../support/decode-capture';
import {
  ethernetFrame,
  ipPacket,
  ipv4Fragments,
  ipv6Fragments,
  LINK,
  linkFrame,
  loopFrame,
  nullFrame,
  PROTO_TCP,
  PROTO_UDP,
  sll2Frame,
  sllFrame,
  tcpSegment,
  udpDatagram,
} from '../support/packet-builder';
import { patternBytes, resend, TcpConversation, type TcpPacket } from '../support/tcp-conversation';
import { tsharkFrameCount } from '../support/tshark';
import { expectSameAsTshark } from '../support/tshark-comparison';

const files = new TempCaptures();
afterAll(() => files.dispose());

interface TimedFrame {
  time: number;
  data: Uint8Array;
}

/**
 * A handful of conversations interleaved in time, each with a twist: reordered segments, a retransmission, an
 * overlapping resend, a reset, an unfinished one; plus UDP datagrams both ways.
 */
function mixedTraffic(family: 4 | 6, wrap: (ip: Uint8Array, index: number) => Uint8Array, seed: number): TimedFrame[] {
  const ip = (n: number): string => (family === 4 ? `10.${seed}.0.${n}` : `2001:db8:${seed}::${n}`);
  const frames: TimedFrame[] = [];
  const add = (conv: TcpConversation, packets: readonly TcpPacket[]): void => {
    for (const p of packets) frames.push({ time: p.time, data: conv.ipPacket(p, frames.length & 0xffff) });
  };
  for (let i = 0; i < 5; i++) {
    const conv = new TcpConversation({
      client: { ip: ip(1), port: 40000 + i },
      server: { ip: ip(2 + (i % 2)), port: 30303 },
      clientIsn: (seed * 7919 + i * 2 ** 30) >>> 0,
      serverIsn: (2 ** 32 - 1000 * (i + 1)) >>> 0,
      mss: 536 + 100 * i,
      startTime: 1_700_000_000 + i * 0.0005,
      timeStep: 0.0013,
    });
    conv
      .handshake()
      .send('client', patternBytes(3000 + 997 * i, seed + i))
      .send('server', patternBytes(5000 + 501 * i, seed - i));
    conv.send('client', patternBytes(200, i));
    if (i === 3) conv.rst('client');
    else if (i !== 4) conv.close();
    const packets = [...conv.packets];
    const data = packets.map((p, k) => (p.payload.length > 0 ? k : -1)).filter((k) => k >= 0);
    if (i === 0) [packets[data[1]!], packets[data[2]!]] = [packets[data[2]!]!, packets[data[1]!]!];
    if (i === 1) packets.splice(data[4]! + 2, 0, resend(packets[data[3]!]!));
    if (i === 2) {
      // A resend repacketized across two earlier segments.
      const p = packets[data[2]!]!;
      packets.splice(data[5]!, 0, {
        ...conv.segmentOf(p.from, p.offset + 10, p.payload.length + 50),
        ack: p.ack,
        time: p.time + 0.004,
      });
    }
    add(conv, packets);
  }
  for (let i = 0; i < 6; i++) {
    const forward = i % 2 === 0;
    const ep = forward ? { src: ip(1), dst: ip(9) } : { src: ip(9), dst: ip(1) };
    const udp = udpDatagram(ep, {
      srcPort: forward ? 9000 + (i >> 2) : 30303,
      dstPort: forward ? 30303 : 9000 + (i >> 2),
      payload: patternBytes(40 + i, i),
    });
    frames.push({ time: 1_700_000_000.0001 + i * 0.002, data: ipPacket(ep, PROTO_UDP, udp, 0x4000 + i) });
  }
  return frames.sort((x, y) => x.time - y.time).map((f, i) => ({ time: f.time, data: wrap(f.data, i) }));
}

describe('agrees with tshark', () => {
  it('on a microsecond pcap of Ethernet/IPv4 with reordering, retransmission, overlap and reset', async () => {
    const frames = mixedTraffic(4, (ip) => ethernetFrame(ip), 1);
    const w = new PcapWriter({ linkType: LINK.ETHERNET });
    const path = files.write('eth-ipv4.pcap', [w.header(), ...frames.map((f) => w.record(f))]);
    const ours = await expectSameAsTshark(path, frames.length);
    expect(ours.decoder.tcpConnections()).toHaveLength(5);
  });

  it('on a big-endian nanosecond pcap of IPv6 over Linux SLL2', async () => {
    const frames = mixedTraffic(6, (ip, i) => sll2Frame(ip, 1 + (i % 3)), 2);
    const w = new PcapWriter({ linkType: LINK.LINUX_SLL2, nanoseconds: true, littleEndian: false });
    await expectSameAsTshark(
      files.write('sll2-ipv6.pcap', [w.header(), ...frames.map((f) => w.record(f))]),
      frames.length,
    );
  });

  it('on a pcapng with two sections of both byte orders and interfaces of different link types', async () => {
    const w = new PcapngWriter();
    const first = mixedTraffic(4, (ip) => ip, 3);
    const second = mixedTraffic(6, (ip) => ip, 4);
    const vlans = [
      [{ tpid: 0x8100, id: 10 }],
      [
        { tpid: 0x88a8, id: 20 },
        { tpid: 0x8100, id: 30 },
      ],
      [{ tpid: 0x9100, id: 40 }],
    ];
    const blocks = [
      w.sectionHeader({ littleEndian: true }),
      w.interfaceDescription({ linkType: LINK.ETHERNET, name: 'eth0' }),
      w.interfaceDescription({ linkType: LINK.LINUX_SLL, tsresol: 9 }),
      w.interfaceDescription({ linkType: LINK.NULL, tsresol: 0x80 | 20 }),
      ...first.map((f, i) =>
        i % 3 === 0
          ? w.enhancedPacket({
              interfaceId: 0,
              time: f.time,
              data: ethernetFrame(f.data, vlans[i % vlans.length]!),
              comments: ['c'],
            })
          : i % 3 === 1
            ? w.enhancedPacket({ interfaceId: 1, time: f.time, data: sllFrame(f.data) })
            : w.obsoletePacket({ interfaceId: 2, time: f.time, data: nullFrame(f.data, true) }),
      ),
      w.sectionHeader({ littleEndian: false }),
      w.interfaceDescription({ linkType: LINK.RAW }),
      w.interfaceDescription({ linkType: LINK.LINUX_SLL2, tsresol: 3, tsoffset: 1000 }),
      ...second.map((f, i) =>
        i % 2 === 0
          ? w.simplePacket({ data: f.data })
          : w.enhancedPacket({ interfaceId: 1, time: f.time, data: sll2Frame(f.data) }),
      ),
    ];
    await expectSameAsTshark(files.write('multi.pcapng', blocks), first.length + second.length);
  });

  it('on every supported link type, one pcapng interface each', async () => {
    const links: [number, (ip: Uint8Array) => Uint8Array][] = [
      [LINK.NULL, (ip) => nullFrame(ip, true, 30)],
      [LINK.NULL, (ip) => nullFrame(ip, false, 24)],
      [LINK.ETHERNET, (ip) => ethernetFrame(ip, [{ tpid: 0x8100, id: 9 }])],
      [12, (ip) => ip],
      [14, (ip) => ip],
      [LINK.RAW, (ip) => ip],
      [LINK.LOOP, (ip) => loopFrame(ip, 28)],
      [LINK.LINUX_SLL, (ip) => sllFrame(ip)],
      [LINK.LINUX_SLL2, (ip) => sll2Frame(ip)],
    ];
    const w = new PcapngWriter();
    const blocks = [w.sectionHeader(), ...links.map(([linkType]) => w.interfaceDescription({ linkType }))];
    // LINKTYPE_IPV4 and LINKTYPE_IPV6 carry one family each.
    blocks.push(w.interfaceDescription({ linkType: LINK.IPV4 }), w.interfaceDescription({ linkType: LINK.IPV6 }));
    const perLink = links.map(([, wrap], i) => ({
      id: i,
      wrap,
      frames: mixedTraffic(i % 2 === 0 ? 4 : 6, (ip) => ip, 10 + i),
    }));
    perLink.push({ id: links.length, wrap: (ip) => ip, frames: mixedTraffic(4, (ip) => ip, 30) });
    perLink.push({ id: links.length + 1, wrap: (ip) => ip, frames: mixedTraffic(6, (ip) => ip, 31) });
    const all = perLink.flatMap(({ id, wrap, frames }) =>
      frames.map((f) => ({ id, time: f.time, data: wrap(f.data) })),
    );
    all.sort((x, y) => x.time - y.time);
    blocks.push(...all.map((f) => w.enhancedPacket({ interfaceId: f.id, time: f.time, data: f.data })));
    const ours = await expectSameAsTshark(files.write('links.pcapng', blocks), all.length);
    expect(ours.decoder.tcpConnections()).toHaveLength(5 * perLink.length);
    expect(ours.sink.notes).toEqual([]);
  });

  it('on TCP carried in IPv4 and IPv6 fragments, reassembled in the frame that completes them', async () => {
    const frames: TimedFrame[] = [];
    let t = 1_700_000_000;
    for (const family of [4, 6] as const) {
      const conv = new TcpConversation({
        client: { ip: family === 4 ? '172.16.0.1' : 'fd00::1', port: 5000 },
        server: { ip: family === 4 ? '172.16.0.2' : 'fd00::2', port: 9000 },
        mss: 4000,
      });
      conv.handshake().send('client', patternBytes(9000, family)).send('server', patternBytes(100, 5)).close();
      for (const [k, p] of conv.packets.entries()) {
        const { src, dst } = conv.endpointsOf(p.from);
        const ep = { src: src.ip, dst: dst.ip };
        const segment = tcpSegment(ep, {
          srcPort: src.port,
          dstPort: dst.port,
          seq: p.seq,
          ack: p.ack,
          flags: p.flags,
          payload: p.payload,
        });
        if (p.payload.length < 1000) {
          frames.push({ time: (t += 0.001), data: ipPacket(ep, PROTO_TCP, segment) });
          continue;
        }
        const fragments =
          family === 4
            ? ipv4Fragments({ src: ep.src, dst: ep.dst, protocol: PROTO_TCP, payload: segment, id: 100 + k }, 1480)
            : ipv6Fragments({ src: ep.src, dst: ep.dst, nextHeader: PROTO_TCP, payload: segment }, 1448, 7000 + k);
        // Fragments arrive last-first, the middle ones swapped.
        fragments.reverse();
        for (const f of fragments) frames.push({ time: (t += 0.0001), data: f });
      }
    }
    const w = new PcapWriter({ linkType: LINK.RAW });
    const ours = await expectSameAsTshark(
      files.write('fragments.pcap', [w.header(), ...frames.map((f) => w.record(f))]),
      frames.length,
    );
    expect(ours.sink.notes).toEqual([]);
  });

  it('on a reused 4-tuple: a SYN with a new sequence number starts a new stream, the same one does not', async () => {
    const frames: TimedFrame[] = [];
    const isns = [1000, 2000, 2000, 3000];
    isns.forEach((isn, k) => {
      const conv = new TcpConversation({
        client: { ip: '10.9.0.1', port: 1234 },
        server: { ip: '10.9.0.2', port: 80 },
        clientIsn: isn,
        startTime: 1_700_000_000 + k,
      });
      conv.handshake().send('client', patternBytes(100 + k, k));
      // The second connection never closes before the third, identical SYN arrives.
      if (k !== 1) conv.close();
      frames.push(...conv.frames(LINK.ETHERNET));
    });
    const w = new PcapWriter({ linkType: LINK.ETHERNET });
    const ours = await expectSameAsTshark(files.write('reuse.pcap', [w.header(), ...frames.map((f) => w.record(f))]));
    expect(ours.decoder.tcpConnections()).toHaveLength(3);
  });

  it('on the frame count of files cut short or damaged, in every format', async () => {
    const frames = mixedTraffic(4, (ip) => linkFrame(LINK.ETHERNET, ip), 5).slice(0, 30);
    const pcap = new PcapWriter({ linkType: LINK.ETHERNET });
    const pcapFile = concat([pcap.header(), ...frames.map((f) => pcap.record(f))]);
    const ng = new PcapngWriter();
    const ngFile = concat([
      ng.sectionHeader(),
      ng.interfaceDescription({ linkType: LINK.ETHERNET }),
      ...frames.map((f) => ng.enhancedPacket({ interfaceId: 0, time: f.time, data: f.data })),
    ]);
    const badLength = ngFile.slice();
    // The 11th EPB's trailing length no longer matches.
    const epbStarts: number[] = [];
    for (let at = 28 + 20; at < ngFile.length; at += new DataView(ngFile.buffer).getUint32(at + 4, true))
      epbStarts.push(at);
    const tenth = epbStarts[10]!;
    const length = new DataView(badLength.buffer).getUint32(tenth + 4, true);
    new DataView(badLength.buffer).setUint32(tenth + length - 4, length + 4, true);
    const cases: [string, Uint8Array][] = [
      ['cut.pcap', pcapFile.subarray(0, pcapFile.length - 17)],
      ['cut-header.pcap', pcapFile.subarray(0, pcapFile.length - frames.at(-1)!.data.length - 9)],
      ['cut.pcapng', ngFile.subarray(0, ngFile.length - 30)],
      ['bad-trailer.pcapng', badLength],
    ];
    for (const [name, bytes] of cases) {
      const path = files.write(name, [bytes]);
      const [ours, reference] = await Promise.all([decodeCaptureFile(path), tsharkFrameCount(path)]);
      expect(ours.info.frames, name).toBe(reference);
      expect(ours.damage, name).toHaveLength(1);
    }
  });
});
