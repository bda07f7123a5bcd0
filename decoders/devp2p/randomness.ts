import { randomBytes } from '@noble/hashes/utils.js';
import type { HandshakeRandomness } from './handshake-packet';
import { privateKeyFrom } from './secp256k1-keys';

/** Handshake randomness from the platform's CSPRNG (crypto.getRandomValues, in Node and browsers alike). */
export const systemRandomness: HandshakeRandomness = {
  bytes: (length) => randomBytes(length),
  privateKey: () => privateKeyFrom(randomBytes),
};
