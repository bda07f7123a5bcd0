import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../decoders/core/bytes';
import { detectRlpx } from '../../decoders/devp2p/detect';
import { InMemorySession } from './support/in-memory-session';
import { hex, packet } from './support/vectors';

/** The router hands detection at most the first 64 bytes of a direction. */
const window = (bytes: Uint8Array) => bytes.subarray(0, 64);
const ascii = (text: string) => new TextEncoder().encode(text);

describe('recognising RLPx from the first bytes of a direction', () => {
  it('says yes to every vector packet, legacy and EIP-8, from its 43rd byte on (X and 8 bytes of Y)', () => {
    for (const name of ['auth1', 'auth2', 'auth3', 'ack1', 'ack2', 'ack3']) {
      const bytes = hex(packet(name).hex);
      expect(detectRlpx(window(bytes))).toBe('yes');
      expect(detectRlpx(bytes.subarray(0, 43))).toBe('yes');
      expect(detectRlpx(bytes.subarray(0, 40))).toBe('need-more');
    }
  });

  it('says yes to the packets our endpoint sends, in both formats', () => {
    for (const format of ['eip8', 'legacy'] as const) {
      const session = new InMemorySession({ seed: 11, format });
      session.handshake();
      expect(detectRlpx(window(session.writes[0]!.data))).toBe('yes');
      expect(detectRlpx(window(session.writes[1]!.data))).toBe('yes');
    }
  });

  it('says no when the bytes where the point should be are not one: a Y that does not belong to X', () => {
    const auth = hex(packet('auth2').hex).slice(0, 64);
    auth[40]! ^= 0x01;
    expect(detectRlpx(auth)).toBe('no');
  });

  it('says no to Hobbits and eth2 RPC streams and to text protocols at the first byte', () => {
    for (const start of [
      'EWP 0.2 RPC 5 10\n',
      'EWP\u0000\u0000\u0000\u0003',
      'ETH\u0000\u0001',
      'GET / HTTP/1.1',
      'SSH-2.0-x',
    ]) {
      expect(detectRlpx(ascii(start).subarray(0, 1))).toBe('no');
    }
  });

  it('says no to bytes shaped like a size prefix and a 0x04 whose point is not one, and to random bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 215, max: 2048 }),
        fc.uint8Array({ minLength: 61, maxLength: 61 }),
        (size, rest) => {
          expect(detectRlpx(concatBytes([Uint8Array.of(size >> 8, size & 0xff, 0x04), rest]))).toBe('no');
          expect(detectRlpx(concatBytes([Uint8Array.of(0x04), rest, Uint8Array.of(size & 0xff, 0)]))).toBe('no');
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        expect(detectRlpx(bytes)).toBe('no');
      }),
      { numRuns: 1000 },
    );
  });
});
