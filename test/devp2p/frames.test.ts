import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import {
  DEFAULT_HEADER_DATA,
  FRAME_HEAD_LENGTH,
  FrameOpener,
  FrameSealer,
  frameBodyLength,
  frameSizeOf,
} from '../../decoders/devp2p/frame-cipher';
import { initialFrameMac, type SessionSecrets } from '../../decoders/devp2p/secrets';
import { nodeAes } from '../../src-main/rlpx/node-aes';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const secrets = fc.record<SessionSecrets>({
  aesSecret: bytes32,
  macSecret: bytes32,
  initiatorNonce: bytes32,
  recipientNonce: bytes32,
});
const handshake = fc.record({
  auth: fc.uint8Array({ minLength: 307, maxLength: 600 }),
  ack: fc.uint8Array({ minLength: 210, maxLength: 600 }),
});
const frames = fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 6 });

function pipe(s: SessionSecrets, packets: { auth: Uint8Array; ack: Uint8Array }) {
  const sealer = new FrameSealer(nodeAes, s.aesSecret, initialFrameMac(nodeAes, s, 'initiator', packets));
  const opener = new FrameOpener(nodeAes, s.aesSecret, initialFrameMac(nodeAes, s, 'initiator', packets));
  return { sealer, opener };
}

/** Opens frames from a byte stream; returns the frame data read and the index of the first failing frame. */
function openAll(opener: FrameOpener, wire: Uint8Array): { data: Uint8Array[]; failedAt: number | null } {
  const data: Uint8Array[] = [];
  let at = 0;
  while (at < wire.length) {
    const header = opener.openHeader(wire.subarray(at, at + FRAME_HEAD_LENGTH));
    if (!header) return { data, failedAt: data.length };
    const size = frameSizeOf(header);
    const body = opener.openBody(wire.subarray(at + FRAME_HEAD_LENGTH, at + FRAME_HEAD_LENGTH + frameBodyLength(size)));
    if (!body) return { data, failedAt: data.length };
    data.push(body.subarray(0, size));
    at += FRAME_HEAD_LENGTH + frameBodyLength(size);
  }
  return { data, failedAt: null };
}

describe('frame encryption and MACs', () => {
  it('round-trips any sequence of frames through sealer and opener with the same secrets', () => {
    fc.assert(
      fc.property(secrets, handshake, frames, (s, packets, payloads) => {
        const { sealer, opener } = pipe(s, packets);
        const wire = payloads.map((p) => sealer.seal(p));
        for (const [i, w] of wire.entries())
          expect(w.length).toBe(FRAME_HEAD_LENGTH + frameBodyLength(payloads[i]!.length));
        const opened = openAll(opener, Uint8Array.from(wire.flatMap((w) => [...w])));
        expect(opened.failedAt).toBeNull();
        expect(opened.data.map((d) => toHex(d))).toEqual(payloads.map((p) => toHex(p)));
      }),
      { numRuns: 60 },
    );
  });

  it('reports any flipped bit as a MAC error at the frame that holds it, never earlier or later', () => {
    fc.assert(
      fc.property(
        secrets,
        handshake,
        frames,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (s, packets, payloads, where, bit) => {
          const { sealer, opener } = pipe(s, packets);
          const wire = payloads.map((p) => sealer.seal(p));
          const stream = Uint8Array.from(wire.flatMap((w) => [...w]));
          const at = where % stream.length;
          stream[at]! ^= 1 << bit;
          let frame = 0;
          for (let end = wire[0]!.length; end <= at; end += wire[frame]!.length) frame++;
          expect(openAll(opener, stream).failedAt).toBe(frame);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('writes header-data [0, 0] (c2 80 80) and zero padding in the header', () => {
    const s = {
      aesSecret: new Uint8Array(32),
      macSecret: new Uint8Array(32).fill(1),
      initiatorNonce: new Uint8Array(32),
      recipientNonce: new Uint8Array(32),
    };
    const packets = { auth: new Uint8Array(307), ack: new Uint8Array(210) };
    const { sealer, opener } = pipe(s, packets);
    const header = opener.openHeader(sealer.seal(Uint8Array.of(0x80, 0xc0)).subarray(0, FRAME_HEAD_LENGTH))!;
    expect(toHex(header)).toBe(toHex(Uint8Array.of(0, 0, 2, ...DEFAULT_HEADER_DATA, ...new Uint8Array(10))));
  });

  it('refuses a frame above 2^24-1 bytes', () => {
    const s = {
      aesSecret: new Uint8Array(32),
      macSecret: new Uint8Array(32),
      initiatorNonce: new Uint8Array(32),
      recipientNonce: new Uint8Array(32),
    };
    const { sealer } = pipe(s, { auth: new Uint8Array(1), ack: new Uint8Array(1) });
    expect(() => sealer.seal(new Uint8Array(0x1000000))).toThrow(RangeError);
  });
});
