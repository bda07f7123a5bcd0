import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { answerAuth, HandshakeError, makeAuth, readAck } from '../../decoders/devp2p/handshake';
import type { HandshakeFormat } from '../../decoders/devp2p/handshake-format';
import { classifyHandshakePacket } from '../../decoders/devp2p/handshake-packet';
import { nodeIdOf } from '../../decoders/devp2p/secp256k1-keys';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { seededRandomness } from './support/in-memory-session';

const formats = fc.constantFrom<HandshakeFormat>('eip8', 'legacy');

describe('handshake between two Peerscope sides with random keys and nonces', () => {
  it('initiator and recipient derive the same aes-secret, mac-secret and nonces, in both formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), formats, (seed, format) => {
        const random = seededRandomness(seed);
        const initiatorKey = random.privateKey();
        const recipientKey = random.privateKey();
        const pending = makeAuth(nodeAes, initiatorKey, nodeIdOf(recipientKey), format, random);
        const found = classifyHandshakePacket(pending.auth, 'auth');
        expect(found).toMatchObject({ kind: 'packet', format, length: pending.auth.length });
        const { ack, handshake: recipient } = answerAuth(nodeAes, recipientKey, pending.auth, format, random);
        const initiator = readAck(nodeAes, initiatorKey, pending, ack, format);
        expect(toHex(initiator.secrets.aesSecret)).toBe(toHex(recipient.secrets.aesSecret));
        expect(toHex(initiator.secrets.macSecret)).toBe(toHex(recipient.secrets.macSecret));
        expect(toHex(initiator.secrets.initiatorNonce)).toBe(toHex(recipient.secrets.initiatorNonce));
        expect(toHex(initiator.secrets.recipientNonce)).toBe(toHex(recipient.secrets.recipientNonce));
        expect(toHex(recipient.remoteId)).toBe(toHex(nodeIdOf(initiatorKey)));
        expect(toHex(initiator.authEciesKey)).toBe(toHex(recipient.authEciesKey));
        if (format === 'legacy') expect([pending.auth.length, ack.length]).toEqual([307, 210]);
        else expect(pending.auth.length).toBeGreaterThan(307);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an auth sealed to another node', () => {
    const random = seededRandomness(99);
    const [a, b, c] = [random.privateKey(), random.privateKey(), random.privateKey()];
    const pending = makeAuth(nodeAes, a, nodeIdOf(b), 'eip8', random);
    expect(() => answerAuth(nodeAes, c, pending.auth, 'eip8', random)).toThrow(HandshakeError);
  });

  it('refuses an ack whose ciphertext was altered (ECIES tag)', () => {
    const random = seededRandomness(5);
    const [a, b] = [random.privateKey(), random.privateKey()];
    const pending = makeAuth(nodeAes, a, nodeIdOf(b), 'eip8', random);
    const { ack } = answerAuth(nodeAes, b, pending.auth, 'eip8', random);
    const altered = ack.slice();
    altered[100]! ^= 1;
    expect(() => readAck(nodeAes, a, pending, altered, 'eip8')).toThrow(/does not decrypt/);
  });
});
