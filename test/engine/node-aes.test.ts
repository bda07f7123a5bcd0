/**
 * The AES the engine hands the pure decoders (src-main/engine/node-aes.ts), against the published vectors: FIPS-197
 * appendix C (block cipher, AES-128 and AES-256) and NIST SP 800-38A F.5.1 (CTR, continued across calls).
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { nodeAes } from '../../src-main/engine/node-aes';

const PLAIN = fromHex('0x00112233445566778899aabbccddeeff');

describe('node AES for the decoders', () => {
  it('encrypts single blocks with the AES its key length picks (FIPS-197 C.1, C.3)', () => {
    const aes128 = nodeAes.blockEncryptor(fromHex('0x000102030405060708090a0b0c0d0e0f'));
    expect(toHex(aes128(PLAIN))).toBe('0x69c4e0d86a7b0430d8cdb78070b4c55a');
    const aes256 = nodeAes.blockEncryptor(
      fromHex(`0x${[...Array(32).keys()].map((b) => b.toString(16).padStart(2, '0')).join('')}`),
    );
    expect(toHex(aes256(PLAIN))).toBe('0x8ea2b7ca516745bfeafc49904b496089');
  });

  it('continues the CTR keystream from one call to the next (SP 800-38A F.5.1)', () => {
    const stream = nodeAes.ctr(
      fromHex('0x2b7e151628aed2a6abf7158809cf4f3c'),
      fromHex('0xf0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'),
    );
    expect(toHex(stream.update(fromHex('0x6bc1bee22e409f96e93d7e117393172a')))).toBe(
      '0x874d6191b620e3261bef6864990db6ce',
    );
    expect(toHex(stream.update(fromHex('0xae2d8a571e03ac9c9eb76fac45af8e51')))).toBe(
      '0x9806f66b7970fdff8617187bb9fffdff',
    );
  });

  it('opens GCM only when the tag authenticates, and refuses input shorter than a tag', () => {
    const key = new Uint8Array(16).fill(7);
    const nonce = new Uint8Array(12).fill(1);
    const aad = Uint8Array.of(9, 9);
    // Sealed with an independent GCM (the same OpenSSL primitive, used directly).
    const sealed = sealGcm(key, nonce, Uint8Array.of(1, 2, 3), aad);
    expect(toHex(nodeAes.gcmOpen(key, nonce, sealed, aad)!)).toBe('0x010203');
    expect(nodeAes.gcmOpen(key, nonce, sealed, Uint8Array.of(9, 8))).toBeNull();
    expect(nodeAes.gcmOpen(key, nonce, sealed.subarray(0, 15), aad)).toBeNull();
  });
});

function sealGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-gcm', key, nonce);
  cipher.setAAD(aad);
  return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
}
