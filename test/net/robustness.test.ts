import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketDecoder } from '../../decoders/net/packet-decoder';
import { ipv4Fragments, LINK, PROTO_UDP, udpDatagram } from '../support/packet-builder';
import { decodeFrames } from '../support/decode-capture';
import { RecordingSink } from '../support/recording-sink';
import { patternBytes, TcpConversation } from '../support/tcp-conversation';

const LINK_TYPES = [
  LINK.NULL,
  LINK.ETHERNET,
  12,
  14,
  LINK.RAW,
  LINK.LOOP,
  LINK.LINUX_SLL,
  LINK.IPV4,
  LINK.IPV6,
  LINK.LINUX_SLL2,
  147,
];

describe('decoding hostile input', () => {
  it('never throws on random frames of any link type', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...LINK_TYPES), fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 300 })), {
          maxLength: 40,
        }),
        (frames) => {
          const decoder = new PacketDecoder(new RecordingSink());
          frames.forEach(([linkType, data, extra], i) =>
            decoder.frame({
              frame: i + 1,
              time: i,
              linkType,
              data,
              originalLength: data.length + extra,
              fileOffset: 0,
              interfaceId: 0,
            }),
          );
          decoder.finish({ frame: frames.length, time: frames.length });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws and ends every direction once when the bytes of a real conversation are corrupted', () => {
    const conv = new TcpConversation({
      client: { ip: 'fe80::1', port: 1 },
      server: { ip: 'fe80::2', port: 2 },
      mss: 300,
    });
    conv.handshake().send('client', patternBytes(3000)).send('server', patternBytes(2000)).close();
    const frames = conv.frames(LINK.ETHERNET);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: frames.length - 1 }), fc.nat({ max: 200 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (flips) => {
          const corrupted = frames.map((f) => ({ ...f, data: f.data.slice() }));
          for (const [frame, at, value] of flips) {
            const data = corrupted[frame]!.data;
            data[at % data.length] = value;
          }
          const { sink, decoder } = decodeFrames(corrupted, LINK.ETHERNET);
          expect(sink.endsAreClean()).toBe(true);
          for (const conn of decoder.tcpConnections()) {
            expect(sink.data(conn.id, 0).length).toBe(conn.bytesAtoB);
            expect(sink.data(conn.id, 1).length).toBe(conn.bytesBtoA);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('frame memory', () => {
  it('copies what it keeps: a reader may reuse a frame buffer (a Node Buffer) once the call returns', () => {
    const conv = new TcpConversation({
      client: { ip: '10.0.0.1', port: 1 },
      server: { ip: '10.0.0.2', port: 2 },
      mss: 100,
    });
    conv.handshake().send('client', patternBytes(300, 1), { ackEvery: 0 });
    const ipFragment = ipv4Fragments(
      {
        src: '10.0.0.3',
        dst: '10.0.0.4',
        protocol: PROTO_UDP,
        id: 1,
        payload: udpDatagram(
          { src: '10.0.0.3', dst: '10.0.0.4' },
          { srcPort: 5, dstPort: 6, payload: patternBytes(100, 2) },
        ),
      },
      64,
    );
    // The second data segment first: it is held until the first arrives.
    const packets = [
      conv.packets[0]!,
      conv.packets[1]!,
      conv.packets[2]!,
      conv.packets[4]!,
      conv.packets[3]!,
      conv.packets[5]!,
    ];
    const frames = [...conv.frames(LINK.RAW, packets), ...ipFragment.map((data) => ({ time: 2, data }))];
    const sink = new RecordingSink();
    const decoder = new PacketDecoder(sink);
    const reused = Buffer.alloc(2000);
    frames.forEach((f, i) => {
      reused.set(f.data);
      decoder.frame({
        frame: i + 1,
        time: f.time,
        linkType: LINK.RAW,
        data: reused.subarray(0, f.data.length),
        originalLength: f.data.length,
        fileOffset: 0,
        interfaceId: 0,
      });
      reused.fill(0xee);
    });
    decoder.finish({ frame: frames.length, time: 3 });
    expect(decoder.tcpConnections()).toHaveLength(1);
    expect(decoder.tcpConnections()[0]!.a).toEqual({ ip: '10.0.0.1', port: 1 });
    expect(sink.data(0, 0)).toEqual(patternBytes(300, 1));
    expect(sink.udp.get(0)?.[0]?.bytes).toEqual(patternBytes(100, 2));
  });
});
