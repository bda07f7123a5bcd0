import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../support/decode-capture';
import { ipPacket, LINK, PROTO_UDP, udpDatagram } from '../support/packet-builder';

function datagram(
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
  payload: Uint8Array,
  lengthField?: number,
): Uint8Array {
  const ep = { src, dst };
  return ipPacket(
    ep,
    PROTO_UDP,
    udpDatagram(ep, { srcPort, dstPort, payload, ...(lengthField !== undefined && { lengthField }) }),
  );
}

describe('UDP flows', () => {
  it('numbers flows from 0 in order of their first datagram and counts both directions', () => {
    const frames = [
      datagram('10.0.0.1', 5000, '10.0.0.2', 9000, Uint8Array.of(1, 2)),
      datagram('::1', 5000, '::2', 9000, Uint8Array.of(3)),
      datagram('10.0.0.2', 9000, '10.0.0.1', 5000, Uint8Array.of(4, 5, 6)),
      datagram('10.0.0.1', 5001, '10.0.0.2', 9000, new Uint8Array(0)),
      datagram('10.0.0.1', 5000, '10.0.0.2', 9000, Uint8Array.of(7)),
    ].map((data, i) => ({ time: i, data }));
    const { decoder, sink } = decodeFrames(frames, LINK.RAW);
    expect(decoder.udpFlows().map((f) => ({ ...f }))).toEqual([
      expect.objectContaining({
        id: 0,
        a: { ip: '10.0.0.1', port: 5000 },
        b: { ip: '10.0.0.2', port: 9000 },
        framesAtoB: 2,
        framesBtoA: 1,
        bytesAtoB: 3,
        bytesBtoA: 3,
      }),
      expect.objectContaining({
        id: 1,
        a: { ip: '::1', port: 5000 },
        b: { ip: '::2', port: 9000 },
        framesAtoB: 1,
        framesBtoA: 0,
      }),
      expect.objectContaining({ id: 2, a: { ip: '10.0.0.1', port: 5001 }, framesAtoB: 1, bytesAtoB: 0 }),
    ]);
    expect(sink.udp.get(0)?.map((d) => [d.dir, [...d.bytes], d.frame])).toEqual([
      [0, [1, 2], 1],
      [1, [4, 5, 6], 3],
      [0, [7], 5],
    ]);
  });

  it('notes a length field that contradicts IP and trusts the IP length instead', () => {
    const { sink } = decodeFrames(
      [
        { time: 1, data: datagram('10.0.0.1', 1, '10.0.0.2', 2, Uint8Array.of(1, 2, 3), 200) },
        { time: 2, data: datagram('10.0.0.1', 1, '10.0.0.2', 2, Uint8Array.of(1, 2, 3), 4) },
      ],
      LINK.RAW,
    );
    expect(sink.notes.map((n) => [n.frame, n.note.text])).toEqual([
      [1, 'UDP length 200 exceeds the 11 bytes IP carries'],
      [2, "UDP length 4 is below the header's 8 bytes"],
    ]);
    expect(sink.udp.get(0)?.map((d) => d.bytes.length)).toEqual([3, 3]);
  });

  it('uses a shorter length field to cut the datagram', () => {
    const { sink } = decodeFrames(
      [{ time: 1, data: datagram('10.0.0.1', 1, '10.0.0.2', 2, Uint8Array.of(1, 2, 3), 10) }],
      LINK.RAW,
    );
    expect(sink.udp.get(0)?.[0]?.bytes).toEqual(Uint8Array.of(1, 2));
  });

  it('notes a header cut short', () => {
    const packet = datagram('10.0.0.1', 1, '10.0.0.2', 2, new Uint8Array(0));
    const { sink } = decodeFrames([{ time: 1, data: packet.subarray(0, 25) }], LINK.RAW);
    expect(sink.noteKinds()).toEqual(['ip.bad-length', 'udp.bad-header']);
  });
});
