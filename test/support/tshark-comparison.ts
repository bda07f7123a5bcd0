import { expect } from 'vitest';
import { decodeCaptureFile, type DecodedCapture } from './decode-capture';
import { tsharkCaptureReport } from './tshark';

/** What PacketDecoder makes of the file must be what tshark makes of it. */
export async function expectSameAsTshark(path: string, expectedFrames?: number): Promise<DecodedCapture> {
  const [ours, tshark] = await Promise.all([decodeCaptureFile(path), tsharkCaptureReport(path)]);
  if (expectedFrames !== undefined) expect(tshark.frames).toBe(expectedFrames);
  expect(ours.info.frames).toBe(tshark.frames);
  // A reference that saw nothing would agree with anything.
  expect(tshark.tcpStreams.some((s) => s.payloadAtoB.length + s.payloadBtoA.length > 0)).toBe(true);
  const conns = ours.decoder.tcpConnections();
  expect(conns.map((c) => c.id)).toEqual(tshark.tcpStreams.map((s) => s.id));
  for (const [i, conn] of conns.entries()) {
    const ref = tshark.tcpStreams[i]!;
    expect({ id: conn.id, a: conn.a, b: conn.b, framesAtoB: conn.framesAtoB, framesBtoA: conn.framesBtoA }).toEqual({
      id: ref.id,
      a: ref.a,
      b: ref.b,
      framesAtoB: ref.framesAtoB,
      framesBtoA: ref.framesBtoA,
    });
    expect(
      Buffer.from(ours.sink.data(conn.id, 0)).equals(Buffer.from(ref.payloadAtoB)),
      `tcp:${conn.id} a->b bytes`,
    ).toBe(true);
    expect(
      Buffer.from(ours.sink.data(conn.id, 1)).equals(Buffer.from(ref.payloadBtoA)),
      `tcp:${conn.id} b->a bytes`,
    ).toBe(true);
    expect(conn.gaps).toBe(0);
  }
  expect(ours.decoder.udpFlows().length).toBe(tshark.udpStreams);
  expect(ours.sink.endsAreClean()).toBe(true);
  return ours;
}
