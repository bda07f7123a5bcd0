import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat } from '../support/capture-writer';
import { decodeFrames } from '../support/decode-capture';
import { LINK, TCP_FLAGS } from '../support/packet-builder';
import { patternBytes, resend, TcpConversation, type TcpPacket } from '../support/tcp-conversation';

const CLIENT = { ip: '192.0.2.1', port: 40001 };
const SERVER = { ip: '192.0.2.2', port: 30303 };

/** A conversation whose client sends `chunks` as one segment each, with no ACKs from the server until the end. */
function clientSends(chunks: readonly Uint8Array[], isn: number): { conv: TcpConversation; data: TcpPacket[] } {
  const conv = new TcpConversation({ client: CLIENT, server: SERVER, clientIsn: isn });
  conv.handshake();
  const first = conv.packets.length;
  for (const chunk of chunks) if (chunk.length > 0) conv.send('client', chunk, { mss: chunk.length, ackEvery: 0 });
  return { conv, data: conv.packets.slice(first) };
}

function decode(conv: TcpConversation, packets: readonly TcpPacket[], options?: { maxOutOfOrderBytes?: number }) {
  return decodeFrames(conv.frames(LINK.RAW, packets), LINK.RAW, options);
}

/** Deterministic shuffle and duplication driven by a seed, so fast-check can report a reproducible case. */
function scramble<T>(items: readonly T[], seed: number, duplicateEvery: number): T[] {
  let x = seed >>> 0 || 1;
  const rand = (n: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const out = [...items];
  for (let i = 0; i < items.length; i++) if (duplicateEvery > 0 && rand(duplicateEvery) === 0) out.push(items[i]!);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const isnArb = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  fc.integer({ min: 2 ** 32 - 3000, max: 2 ** 32 - 1 }),
);
const chunksArb = fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 20 });

describe('TCP reassembly', () => {
  it('delivers exactly the sent stream for any segmentation, reordering and duplication', () => {
    fc.assert(
      fc.property(chunksArb, isnArb, fc.integer(), fc.integer({ min: 0, max: 4 }), (chunks, isn, seed, dupEvery) => {
        const { conv, data } = clientSends(chunks, isn);
        const fin = conv.fin('client').packets.at(-1)!;
        // The FIN is scrambled with the data: it may arrive before bytes it follows.
        const packets = [...conv.packets.slice(0, 3), ...scramble([...data, fin], seed, dupEvery)];
        const { sink, decoder } = decode(conv, packets);
        expect(sink.data(0, 0)).toEqual(conv.sentData('client'));
        expect(sink.gaps(0, 0)).toEqual([]);
        expect(sink.end(0, 0)?.how).toBe('fin');
        expect(decoder.tcpConnections()[0]!.bytesAtoB).toBe(conv.sentData('client').length);
        expect(sink.noteKinds()).toEqual([]);
        expect(sink.endsAreClean()).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('trims overlapping segments of any extent to the stream, keeping the first copy', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 })), { maxLength: 30 }),
        isnArb,
        fc.integer(),
        (stream, extraRanges, isn, seed) => {
          const conv = new TcpConversation({ client: CLIENT, server: SERVER, clientIsn: isn });
          conv.handshake();
          const first = conv.packets.length;
          conv.send('client', stream, { mss: 500, ackEvery: 0 });
          const base = conv.packets[first]!;
          // Extra segments cut anywhere out of the same stream: overlaps of every shape, same bytes.
          const extra = extraRanges.map(([start, length]) => {
            const s = start % stream.length;
            const e = Math.min(stream.length, s + Math.max(1, length));
            return { ...base, seq: (base.seq + s) >>> 0, payload: stream.subarray(s, e), offset: s };
          });
          const packets = [
            ...conv.packets.slice(0, first),
            ...scramble([...conv.packets.slice(first), ...extra], seed, 0),
          ];
          conv.fin('client');
          packets.push(conv.packets.at(-1)!);
          const { sink } = decode(conv, packets);
          expect(sink.data(0, 0)).toEqual(stream);
          expect(sink.gaps(0, 0)).toEqual([]);
          expect(sink.noteKinds()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports exactly the dropped ranges as gaps at their stream offsets', () => {
    fc.assert(
      fc.property(
        chunksArb,
        isnArb,
        fc.integer(),
        fc.array(fc.boolean(), { maxLength: 20 }),
        (chunks, isn, seed, drops) => {
          const { conv, data } = clientSends(chunks, isn);
          conv.close();
          const tail = conv.packets.slice(3 + data.length);
          const kept = data.filter((_, i) => !drops[i]);
          const packets = [...conv.packets.slice(0, 3), ...scramble(kept, seed, 3), ...tail];
          const { sink } = decode(conv, packets);

          const sent = conv.sentData('client');
          const covered = new Uint8Array(sent.length);
          for (const p of kept) covered.fill(1, p.offset, p.offset + p.payload.length);
          const expectedGaps: { offset: number; length: number }[] = [];
          const expectedBytes: Uint8Array[] = [];
          for (let i = 0; i < sent.length;) {
            let j = i;
            while (j < sent.length && covered[j] === covered[i]) j++;
            if (covered[i]) expectedBytes.push(sent.subarray(i, j));
            else expectedGaps.push({ offset: i, length: j - i });
            i = j;
          }
          expect(sink.gaps(0, 0).map(({ offset, length }) => ({ offset, length }))).toEqual(expectedGaps);
          expect(sink.data(0, 0)).toEqual(concat(expectedBytes));
          expect(sink.end(0, 0)?.how).toBe('fin');
          expect(sink.endsAreClean()).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('numbers stream offsets across the 2^32 sequence wrap-around', () => {
    const data = patternBytes(20000, 7);
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, clientIsn: 2 ** 32 - 5000, mss: 1460 });
    conv.handshake().send('client', data).close();
    const packets = [...conv.packets];
    // Drop one segment past the wrap: the gap must sit at its true offset, not 2^32 away.
    const lost = packets.findIndex((p) => p.from === 'client' && p.offset > 6000 && p.payload.length > 0);
    const [dropped] = packets.splice(lost, 1);
    const { sink } = decode(conv, packets);
    expect(sink.gaps(0, 0).map((g) => [g.offset, g.length])).toEqual([[dropped!.offset, dropped!.payload.length]]);
    expect(sink.data(0, 0)).toEqual(
      concat([data.subarray(0, dropped!.offset), data.subarray(dropped!.offset + dropped!.payload.length)]),
    );
  });

  it('declares a hole a gap when the peer acknowledges bytes the capture never had', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(400, 1), { ackEvery: 0 });
    conv.ack('server');
    conv.send('client', patternBytes(50, 2), { ackEvery: 0 });
    const packets = conv.packets.filter((p) => p.offset !== 100 || p.payload.length === 0);
    const { sink } = decode(conv, packets);
    // The gap is declared by the server's ACK, not later.
    const ackFrame =
      packets.findIndex((p) => p.from === 'server' && p.ack !== 0 && p.offset === 0 && p.flags === TCP_FLAGS.ACK) + 1;
    expect(ackFrame).toBe(packets.length - 1);
    expect(sink.gaps(0, 0)).toEqual([{ offset: 100, length: 100, frame: ackFrame }]);
    expect(sink.data(0, 0)).toEqual(
      concat([patternBytes(400, 1).subarray(0, 100), patternBytes(400, 1).subarray(200), patternBytes(50, 2)]),
    );
  });

  it('waits for a retransmission that fills a hole before the peer acknowledges past it', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(300, 2), { ackEvery: 0 });
    const packets = [...conv.packets];
    const [lost] = packets.splice(4, 1);
    packets.push(resend(lost!));
    conv.ack('server');
    packets.push(conv.packets.at(-1)!);
    const { sink } = decode(conv, packets);
    expect(sink.gaps(0, 0)).toEqual([]);
    expect(sink.data(0, 0)).toEqual(patternBytes(300, 2));
  });

  it('keeps the first bytes of a retransmission that carries different data, with a note', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(200, 3), { ackEvery: 0 });
    const packets = [...conv.packets, resend(conv.packets[3]!, { payload: patternBytes(100, 99) })];
    const { sink } = decode(conv, packets);
    expect(sink.data(0, 0)).toEqual(patternBytes(200, 3));
    expect(sink.notes.map((n) => [n.frame, n.note.kind])).toEqual([[6, 'tcp.retransmission.mismatch']]);
  });

  it('notes a differing overlap between two held out-of-order segments', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(300, 4), { ackEvery: 0 });
    const [s0, s1, s2] = conv.packets.slice(3);
    const altered = patternBytes(100, 4).map((b) => b ^ 0xff);
    const packets = [...conv.packets.slice(0, 3), s2!, resend(s2!, { payload: altered }), s1!, s0!];
    const { sink } = decode(conv, packets);
    expect(sink.data(0, 0)).toEqual(patternBytes(300, 4));
    expect(sink.noteKinds()).toEqual(['tcp.retransmission.mismatch']);
  });

  it('gives up the first hole as a gap when held out-of-order bytes exceed the limit', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 1000 });
    conv.handshake().send('client', patternBytes(10000, 5), { ackEvery: 0 });
    const packets = conv.packets.filter((p) => p.offset !== 0 || p.payload.length === 0);
    const { sink } = decode(conv, packets, { maxOutOfOrderBytes: 3000 });
    // Held: 1000..4000 is 3000 bytes; the fourth held segment pushes it over the limit.
    expect(sink.gaps(0, 0)).toEqual([{ offset: 0, length: 1000, frame: 7 }]);
    expect(sink.data(0, 0)).toEqual(patternBytes(10000, 5).subarray(1000));
  });

  it('turns a snaplen-cut segment tail into a gap right away', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 1000 });
    conv.handshake().send('client', patternBytes(2000, 6), { ackEvery: 0 }).close();
    const frames = conv
      .frames(LINK.RAW)
      .map((f) => ({ ...f, data: f.data.subarray(0, 40 + 300), originalLength: f.data.length }));
    const { sink } = decodeFrames(frames, LINK.RAW);
    expect(sink.gaps(0, 0).map((g) => [g.offset, g.length, g.frame])).toEqual([
      [300, 700, 4],
      [1300, 700, 5],
    ]);
    expect(sink.data(0, 0)).toEqual(
      concat([patternBytes(2000, 6).subarray(0, 300), patternBytes(2000, 6).subarray(1000, 1300)]),
    );
    expect(sink.noteKinds()).toEqual([]);
  });

  it('starts a stream caught mid-connection at its first segment', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(500, 8)).send('server', patternBytes(300, 9)).close();
    // Start at the client's third segment; the server's first packet seen is a pure ACK before its data.
    const start = conv.packets.findIndex((p) => p.from === 'client' && p.offset === 200);
    const packets = conv.packets.slice(start);
    const { sink, decoder } = decode(conv, packets);
    expect(decoder.tcpConnections()[0]!.a).toEqual(CLIENT);
    expect(sink.data(0, 0)).toEqual(patternBytes(500, 8).subarray(200));
    expect(sink.data(0, 1)).toEqual(patternBytes(300, 9));
  });

  it('ends both directions on a reset, declaring the holes before held data', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(300, 10), { ackEvery: 0 });
    conv.rst('server');
    const packets = conv.packets.filter((p) => p.offset !== 100 || p.payload.length === 0);
    const { sink } = decode(conv, packets);
    expect(sink.end(0, 0)?.how).toBe('rst');
    expect(sink.end(0, 1)?.how).toBe('rst');
    expect(sink.gaps(0, 0).map((g) => [g.offset, g.length])).toEqual([[100, 100]]);
    expect(sink.data(0, 0)).toEqual(
      concat([patternBytes(300, 10).subarray(0, 100), patternBytes(300, 10).subarray(200)]),
    );
  });

  it('ends open directions with capture-end and delivers what they held', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(300, 11), { ackEvery: 0 });
    const packets = conv.packets.filter((p) => p.offset !== 0 || p.payload.length === 0);
    const { sink } = decode(conv, packets);
    expect(sink.end(0, 0)?.how).toBe('capture-end');
    expect(sink.end(0, 1)?.how).toBe('capture-end');
    expect(sink.gaps(0, 0).map((g) => [g.offset, g.length])).toEqual([[0, 100]]);
    expect(sink.data(0, 0)).toEqual(patternBytes(300, 11).subarray(100));
  });

  it('ignores and notes data sent after the FIN', () => {
    const conv = new TcpConversation({ client: CLIENT, server: SERVER, mss: 100 });
    conv.handshake().send('client', patternBytes(100, 12), { ackEvery: 0 }).fin('client');
    const fin = conv.packets.at(-1)!;
    const late: TcpPacket = {
      ...fin,
      flags: TCP_FLAGS.ACK,
      seq: (fin.seq + 1) >>> 0,
      payload: patternBytes(50, 13),
      offset: 101,
    };
    const { sink } = decode(conv, [...conv.packets, late]);
    expect(sink.data(0, 0)).toEqual(patternBytes(100, 12));
    expect(sink.noteKinds()).toEqual(['tcp.data-after-fin']);
  });
});
