import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Note } from '../../decoders/core/notes';
import { IpFragmentReassembler } from '../../decoders/net/ip-fragments';
import { IpPacket, type FrameProblems } from '../../decoders/net/ip-packet';
import { parseIpv4 } from '../../decoders/net/ipv4';
import { decodeFrames } from '../support/decode-capture';
import { ipv4Fragments, ipv4Packet, ipv6Fragments, LINK, PROTO_UDP, udpDatagram } from '../support/packet-builder';

const EP4 = { src: '203.0.113.1', dst: '203.0.113.2' };
const EP6 = { src: 'fd00::a', dst: 'fd00::b' };

function udpPayloadFragments(family: 4 | 6, payload: Uint8Array, size: number, id: number): Uint8Array[] {
  const ep = family === 4 ? EP4 : EP6;
  const datagram = udpDatagram(ep, { srcPort: 7, dstPort: 8, payload });
  return family === 4
    ? ipv4Fragments({ ...ep, protocol: PROTO_UDP, payload: datagram, id }, size)
    : ipv6Fragments({ ...ep, nextHeader: PROTO_UDP, payload: datagram }, size, id);
}

/**
 * A deterministic arrival order: the fragments shuffled, with `duplicates` copies of fragments mixed in before
 * the last new one, which completes the datagram. (A copy arriving after completion would start a new
 * datagram, as in tshark.)
 */
function arrival<T>(items: readonly T[], seed: number, duplicates: number): T[] {
  let x = seed >>> 0 || 1;
  const rand = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  const last = out.pop()!;
  for (let i = 0; i < duplicates && out.length > 0; i++) out.splice(rand(out.length + 1), 0, out[rand(out.length)]!);
  return [...out, last];
}

describe('IP fragment reassembly', () => {
  for (const family of [4, 6] as const) {
    it(`rebuilds an IPv${family} datagram from fragments in any order, with duplicates, in the frame that completes it`, () => {
      fc.assert(
        fc.property(
          fc
            .integer({ min: 1, max: 64 })
            .chain((eighths) =>
              fc.tuple(fc.constant(eighths * 8), fc.uint8Array({ minLength: eighths * 8, maxLength: 3000 })),
            ),
          fc.integer(),
          fc.nat({ max: 4 }),
          ([size, payload], seed, duplicates) => {
            const fragments = udpPayloadFragments(family, payload, size, 4242);
            expect(fragments.length).toBeGreaterThan(1);
            const order = arrival(fragments, seed, duplicates);
            const { sink } = decodeFrames(
              order.map((f, k) => ({ time: 1 + k * 0.001, data: f })),
              LINK.RAW,
            );
            expect(sink.udp.get(0)).toEqual([{ dir: 0, bytes: payload, frame: order.length }]);
            expect(sink.notes).toEqual([]);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  it('keeps the first copy of overlapping bytes and notes a conflicting overlap', () => {
    const payload = new Uint8Array(64).fill(1);
    const datagram = udpDatagram(EP4, { srcPort: 7, dstPort: 8, payload });
    const first = ipv4Packet({
      ...EP4,
      protocol: PROTO_UDP,
      id: 9,
      payload: datagram.subarray(0, 40),
      moreFragments: true,
    });
    // Covers bytes 32..72: overlaps 32..40 with different bytes.
    const tail = datagram.slice(32);
    tail.fill(2, 0, 8);
    const second = ipv4Packet({ ...EP4, protocol: PROTO_UDP, id: 9, payload: tail, fragmentOffset: 32 });
    const { sink } = decodeFrames(
      [
        { time: 1, data: first },
        { time: 2, data: second },
      ],
      LINK.RAW,
    );
    expect(sink.udp.get(0)?.[0]?.bytes).toEqual(payload);
    expect(sink.notes.map((n) => [n.frame, n.note.kind])).toEqual([[2, 'ip.fragment.overlap']]);
  });

  it('gives up a datagram whose fragments span more than the timeout, noting its first frame', () => {
    const fragments = udpPayloadFragments(4, new Uint8Array(100), 40, 1);
    const frames = [
      { time: 10, data: fragments[0]! },
      { time: 10.5, data: fragments[1]! },
      { time: 50, data: fragments[2]! },
    ];
    const { sink } = decodeFrames(frames, LINK.RAW, { fragmentTimeoutSeconds: 30 });
    expect(sink.udp.size).toBe(0);
    expect(sink.notes.map((n) => [n.frame, n.note.kind])).toEqual([
      [1, 'ip.fragment.incomplete'],
      // The late fragment starts a datagram of its own, which the capture's end leaves incomplete.
      [3, 'ip.fragment.incomplete'],
    ]);
    expect(sink.notes[0]!.note.text).toBe('fragmented datagram dropped: not all fragments arrived within 30 s');
  });

  it('keeps datagrams of the same id apart by source, destination and protocol', () => {
    const a = udpPayloadFragments(4, new Uint8Array(50).fill(1), 32, 5);
    const b = ipv4Fragments(
      {
        src: EP4.dst,
        dst: EP4.src,
        protocol: PROTO_UDP,
        id: 5,
        payload: udpDatagram(
          { src: EP4.dst, dst: EP4.src },
          { srcPort: 8, dstPort: 7, payload: new Uint8Array(50).fill(2) },
        ),
      },
      32,
    );
    const { sink } = decodeFrames(
      [a[0]!, b[0]!, b[1]!, a[1]!].map((data, i) => ({ time: i, data })),
      LINK.RAW,
    );
    expect(sink.udp.get(0)?.map((d) => [d.dir, d.bytes[0], d.frame])).toEqual([
      [0, 2, 3],
      [1, 1, 4],
    ]);
  });

  it('notes a fragment cut short by the capture and does not reassemble it', () => {
    const fragments = udpPayloadFragments(4, new Uint8Array(100), 48, 3);
    const cut = fragments[0]!.subarray(0, 40);
    const { sink } = decodeFrames(
      [
        { time: 1, data: cut, originalLength: fragments[0]!.length },
        { time: 2, data: fragments[1]! },
      ],
      LINK.RAW,
    );
    expect(sink.udp.size).toBe(0);
    expect(sink.noteKinds()).toEqual(['ip.fragment.truncated', 'ip.fragment.incomplete']);
  });

  it('rejects a fragment reaching past the largest datagram', () => {
    const packet = ipv4Packet({
      ...EP4,
      protocol: PROTO_UDP,
      id: 1,
      payload: new Uint8Array(16),
      fragmentOffset: 65528,
    });
    expect(decodeFrames([{ time: 1, data: packet }], LINK.RAW).sink.noteKinds()).toEqual(['ip.fragment.too-long']);
  });

  it('holds no more than its limits, dropping the oldest datagrams first', () => {
    const notes: { frame: number; note: Note }[] = [];
    const reassembler = new IpFragmentReassembler(
      { timeoutSeconds: 1e9, maxPendingBytes: 1000, maxPendingDatagrams: 3 },
      (frame, note) => notes.push({ frame, note }),
    );
    const problems: FrameProblems = { report: () => {} };
    const ip = new IpPacket();
    for (let id = 1; id <= 6; id++) {
      const first = udpPayloadFragments(4, new Uint8Array(300), 304, id)[0]!;
      expect(parseIpv4(first, 0, false, ip, problems)).toBe('fragment');
      expect(reassembler.add(ip, { frame: id, time: id }, problems)).toBeNull();
    }
    // 304 bytes each: the byte limit (1000) keeps three at most, evicting frames 1, 2, 3 in order.
    expect(notes.map((n) => n.frame)).toEqual([1, 2, 3]);
    reassembler.finish();
    expect(notes.map((n) => n.frame)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
