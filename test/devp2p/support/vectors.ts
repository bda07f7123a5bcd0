import { readFileSync } from 'node:fs';
import { fromHex } from '../../../decoders/core/bytes';
import type { HandshakeRandomness } from '../../../decoders/devp2p/handshake-packet';

interface HandshakePacketVector {
  name: string;
  format: 'legacy' | 'eip8';
  decrypt_with: 'static_key_a' | 'static_key_b';
  expected: { size_prefix?: number; version: number; plaintext_len?: number; rest_rlp?: string[] };
  hex: string;
}

/** test/vectors/rlpx-handshake.json (EIP-8, go-ethereum and ethereumjs vectors). */
export const rlpxVectors = JSON.parse(
  readFileSync(new URL('../../vectors/rlpx-handshake.json', import.meta.url), 'utf8'),
) as {
  keys: Record<'static_key_a' | 'static_key_b' | 'ephemeral_key_a' | 'ephemeral_key_b' | 'nonce_a' | 'nonce_b', string>;
  public_keys: Record<'pub_a' | 'pub_b' | 'eph_pub_a' | 'eph_pub_b', string>;
  auth_signature: { value: string };
  handshake_packets: HandshakePacketVector[];
  derived_secrets: { aes_secret: string; mac_secret: string; ingress_mac_foo: { value: string } };
  derived_secrets_legacy_pair_unpublished: { ingress_mac_foo_auth1: string; shared_secret: string };
  frame_golden: { aes_secret: string; mac_secret: string; msg_code: number; msg_rlp: string; frame: string };
  mac_state_vectors: { secret: string; cases: { ops: [string, string][]; digest: string }[] };
  p2p_hello_eip8: { hex: string; decoded_locally: Record<string, unknown> };
};

export const hex = (text: string): Uint8Array => fromHex(text);

export function packet(name: string): HandshakePacketVector {
  const found = rlpxVectors.handshake_packets.find((p) => p.name === name);
  if (!found) throw new Error(`no vector ${name}`);
  return found;
}

/** Randomness that hands out the vector's ephemeral key and nonce, then fixed bytes for IVs and padding. */
export function vectorRandomness(ephemeralKey: string, nonce: string): HandshakeRandomness {
  let keys = 0;
  return {
    privateKey: () => (keys++ === 0 ? hex(ephemeralKey) : hex(rlpxVectors.keys.static_key_a)),
    bytes: (length) => (length === 32 ? hex(nonce) : new Uint8Array(length).fill(7)),
  };
}
