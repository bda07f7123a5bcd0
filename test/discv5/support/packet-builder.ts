/**
 * Builds discv5 packets for tests, straight from the spec with node:crypto and @noble (independent of the decoder):
 * header masking, message sealing, and a full initiator-side handshake.
 */
import { createCipheriv } from 'node:crypto';
import { RLP, type Input } from '@ethereumjs/rlp';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}

export function u64(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

export function nodeIdOf(privateKey: Uint8Array): Uint8Array {
  return keccak_256(secp256k1.getPublicKey(privateKey, false).subarray(1));
}

export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(privateKey, true);
}

export function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return concat(body, cipher.getAuthTag());
}

export interface BuiltPacket {
  packet: Uint8Array;
  /** masking-iv || unmasked header: a WHOAREYOU's challenge-data, a message's associated data. */
  header: Uint8Array;
}

/** masking-iv || AES-CTR(dest-id[:16], iv, header) || message (GCM-sealed when a key is given, else raw bytes). */
export function buildPacket(spec: {
  destId: Uint8Array;
  flag: number;
  nonce: Uint8Array;
  authdata: Uint8Array;
  iv?: Uint8Array;
  version?: number;
  message?: { key: Uint8Array; plaintext: Uint8Array } | Uint8Array;
}): BuiltPacket {
  const iv = spec.iv ?? Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + spec.nonce[0]!) & 0xff);
  const header = concat(
    utf8('discv5'),
    u16(spec.version ?? 1),
    Uint8Array.of(spec.flag),
    spec.nonce,
    u16(spec.authdata.length),
    spec.authdata,
  );
  const aad = concat(iv, header);
  const message =
    spec.message === undefined
      ? new Uint8Array(0)
      : spec.message instanceof Uint8Array
        ? spec.message
        : aesGcmSeal(spec.message.key, spec.nonce, spec.message.plaintext, aad);
  const masker = createCipheriv('aes-128-ctr', spec.destId.subarray(0, 16), iv);
  const masked = Buffer.concat([masker.update(header), masker.final()]);
  return { packet: concat(iv, masked, message), header: aad };
}

/** `message-type || RLP(message-data)`. */
export function plaintext(type: number, data: Input): Uint8Array {
  return concat(Uint8Array.of(type), RLP.encode(data));
}

export interface SessionKeysForTest {
  initiatorKey: Uint8Array;
  recipientKey: Uint8Array;
}

/** The initiator's side of a handshake (discv5-theory.md): ephemeral ECDH, HKDF keys and the id-signature. */
export function handshakePacket(spec: {
  initiatorKey: Uint8Array;
  recipientId: Uint8Array;
  recipientPublicKey: Uint8Array;
  challengeData: Uint8Array;
  ephemeralKey: Uint8Array;
  nonce: Uint8Array;
  plaintext: Uint8Array;
  record?: Uint8Array;
  iv?: Uint8Array;
  /** Sign something else, for negative tests. */
  badSignature?: boolean;
}): BuiltPacket & { keys: SessionKeysForTest; ephemeralPublicKey: Uint8Array } {
  const initiatorId = nodeIdOf(spec.initiatorKey);
  const ephemeralPublicKey = publicKeyOf(spec.ephemeralKey);
  const secret = secp256k1.getSharedSecret(spec.ephemeralKey, spec.recipientPublicKey, true);
  const info = concat(utf8('discovery v5 key agreement'), initiatorId, spec.recipientId);
  const keyData = hkdf(sha256, secret, spec.challengeData, info, 32);
  const keys = { initiatorKey: keyData.slice(0, 16), recipientKey: keyData.slice(16) };
  const signed = sha256(
    concat(utf8('discovery v5 identity proof'), spec.challengeData, ephemeralPublicKey, spec.recipientId),
  );
  if (spec.badSignature) signed[0] = signed[0]! ^ 1;
  const signature = secp256k1.sign(signed, spec.initiatorKey, { prehash: false });
  const authdata = concat(
    initiatorId,
    Uint8Array.of(64, 33),
    signature,
    ephemeralPublicKey,
    spec.record ?? new Uint8Array(0),
  );
  const built = buildPacket({
    destId: spec.recipientId,
    flag: 2,
    nonce: spec.nonce,
    authdata,
    message: { key: keys.initiatorKey, plaintext: spec.plaintext },
    ...(spec.iv && { iv: spec.iv }),
  });
  return { ...built, keys, ephemeralPublicKey };
}

/** A WHOAREYOU (it names no sender) from B to A, masked with A's id; its header is the challenge-data. */
export function whoareyouPacket(spec: {
  destId: Uint8Array;
  nonce: Uint8Array;
  idNonce: Uint8Array;
  enrSeq: bigint;
  iv?: Uint8Array;
}): BuiltPacket {
  return buildPacket({
    destId: spec.destId,
    flag: 1,
    nonce: spec.nonce,
    authdata: concat(spec.idNonce, u64(spec.enrSeq)),
    ...(spec.iv && { iv: spec.iv }),
  });
}

/** A v4 ENR signed with `privateKey` (keys sorted as EIP-778 requires). */
export function signedEnr(privateKey: Uint8Array, seq: bigint, pairs: Record<string, Uint8Array | Input>): Uint8Array {
  const keys = Object.keys({ ...pairs, id: 0, secp256k1: 0 }).sort();
  const all: Record<string, Input> = { ...pairs, id: utf8('v4'), secp256k1: publicKeyOf(privateKey) };
  const content: Input[] = [seq === 0n ? new Uint8Array(0) : bigintBytes(seq)];
  for (const k of keys) content.push(utf8(k), all[k]!);
  const signature = secp256k1.sign(keccak_256(RLP.encode(content)), privateKey, { prehash: false });
  return RLP.encode([signature, ...content]);
}

export function bigintBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
