import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../support/decode-capture';
import { ipPacket, LINK, PROTO_TCP, tcpSegment } from '../support/packet-builder';
import { patternBytes, TcpConversation } from '../support/tcp-conversation';

function conversation(
  client: string,
  clientPort: number,
  server: string,
  isn = 1000,
  startTime = 1_700_000_000,
): TcpConversation {
  return new TcpConversation({
    client: { ip: client, port: clientPort },
    server: { ip: server, port: 443 },
    clientIsn: isn,
    startTime,
  });
}

describe('TCP streams', () => {
  it('numbers streams from 0 in order of first packet, IPv4 and IPv6 alike', () => {
    const c0 = conversation('10.0.0.1', 1, '10.0.0.9').handshake().send('client', patternBytes(10)).close();
    const c1 = conversation('fe80::1', 1, 'fe80::9').handshake().send('server', patternBytes(20)).close();
    const c2 = conversation('10.0.0.1', 2, '10.0.0.9').handshake().close();
    const frames = [...c0.frames(LINK.RAW), ...c1.frames(LINK.RAW), ...c2.frames(LINK.RAW)].sort(
      (x, y) => x.time - y.time,
    );
    const { decoder } = decodeFrames(frames, LINK.RAW);
    expect(decoder.tcpConnections().map((c) => [c.id, c.a.ip, c.a.port, c.bytesAtoB, c.bytesBtoA])).toEqual([
      [0, '10.0.0.1', 1, 10, 0],
      [1, 'fe80::1', 1, 0, 20],
      [2, '10.0.0.1', 2, 0, 0],
    ]);
  });

  it('makes the source of the first packet seen endpoint a, even when it is the server', () => {
    const conv = conversation('10.0.0.1', 1, '10.0.0.9').handshake().send('client', patternBytes(10)).close();
    const { decoder, sink } = decodeFrames(conv.frames(LINK.RAW, conv.packets.slice(1)), LINK.RAW);
    const conn = decoder.tcpConnections()[0]!;
    expect(conn.a).toEqual({ ip: '10.0.0.9', port: 443 });
    expect(conn.bytesBtoA).toBe(10);
    expect(sink.data(0, 1)).toEqual(patternBytes(10));
  });

  it('counts every packet of a stream per direction, pure ACKs included', () => {
    const conv = conversation('10.0.0.1', 1, '10.0.0.9').handshake().send('client', patternBytes(5000)).close();
    const { decoder } = decodeFrames(conv.frames(LINK.RAW), LINK.RAW);
    const conn = decoder.tcpConnections()[0]!;
    const fromClient = conv.packets.filter((p) => p.from === 'client').length;
    expect([conn.framesAtoB, conn.framesBtoA]).toEqual([fromClient, conv.packets.length - fromClient]);
  });

  it('starts a new stream for a SYN with a new sequence number on a reused 4-tuple, ending the old one', () => {
    const first = conversation('10.0.0.1', 1, '10.0.0.9', 1000).handshake().send('client', patternBytes(10, 1));
    const second = conversation('10.0.0.1', 1, '10.0.0.9', 9000, 1_700_000_100)
      .handshake()
      .send('client', patternBytes(20, 2))
      .close();
    const retransmittedSyn = second.frames(LINK.RAW, [second.packets[0]!]);
    const frames = [...first.frames(LINK.RAW), ...second.frames(LINK.RAW), ...retransmittedSyn];
    const { decoder, sink } = decodeFrames(frames, LINK.RAW);
    expect(decoder.tcpConnections().map((c) => [c.id, c.bytesAtoB, c.framesAtoB])).toEqual([
      [0, 10, first.packets.filter((p) => p.from === 'client').length],
      [1, 20, second.packets.filter((p) => p.from === 'client').length + 1],
    ]);
    // The old stream ends when the new SYN replaces it, not at the end of the capture.
    const replacedAt = first.packets.length + 1;
    expect([sink.end(0, 0), sink.end(0, 1)]).toEqual([
      { how: 'capture-end', frame: replacedAt },
      { how: 'capture-end', frame: replacedAt },
    ]);
    expect(sink.endsAreClean()).toBe(true);
  });

  it('counts a segment with an impossible header length in its stream but uses none of its bytes', () => {
    const ep = { src: '10.0.0.1', dst: '10.0.0.9' };
    const bad = tcpSegment(ep, {
      srcPort: 1,
      dstPort: 443,
      seq: 5,
      flags: 0x18,
      payload: patternBytes(10),
      headerLengthField: 16,
    });
    const good = tcpSegment(ep, { srcPort: 1, dstPort: 443, seq: 5, flags: 0x18, payload: patternBytes(10) });
    const { decoder, sink } = decodeFrames(
      [bad, good].map((s, i) => ({ time: i, data: ipPacket(ep, PROTO_TCP, s) })),
      LINK.RAW,
    );
    expect(decoder.tcpConnections().map((c) => [c.framesAtoB, c.bytesAtoB])).toEqual([[2, 10]]);
    expect(sink.notes.map((n) => [n.frame, n.note.text])).toEqual([
      [1, 'TCP header length 16 is below the minimum of 20'],
    ]);
  });

  it('ignores a TCP header cut before its fixed 20 bytes, with a note', () => {
    const ep = { src: '10.0.0.1', dst: '10.0.0.9' };
    const packet = ipPacket(ep, PROTO_TCP, tcpSegment(ep, { srcPort: 1, dstPort: 2, seq: 0, flags: 2 }));
    const { decoder, sink } = decodeFrames(
      [{ time: 1, data: packet.subarray(0, 30), originalLength: packet.length }],
      LINK.RAW,
    );
    expect(decoder.tcpConnections()).toHaveLength(0);
    expect(sink.notes.map((n) => n.note.text)).toEqual(['TCP header needs 20 bytes, only 10 present']);
  });

  it('ends each direction exactly once whatever the mix of FIN, RST and capture end', () => {
    const fin = conversation('10.0.0.1', 1, '10.0.0.9').handshake().send('client', patternBytes(10)).close();
    const rst = conversation('10.0.0.1', 2, '10.0.0.9').handshake().rst('server').rst('client');
    const open = conversation('10.0.0.1', 3, '10.0.0.9').handshake().fin('client');
    const { sink } = decodeFrames(
      [...fin.frames(LINK.RAW), ...rst.frames(LINK.RAW), ...open.frames(LINK.RAW)],
      LINK.RAW,
    );
    expect(sink.endsAreClean()).toBe(true);
    expect([0, 1, 2].map((id) => [sink.end(id, 0)?.how, sink.end(id, 1)?.how])).toEqual([
      ['fin', 'fin'],
      ['rst', 'rst'],
      ['fin', 'capture-end'],
    ]);
  });
});
