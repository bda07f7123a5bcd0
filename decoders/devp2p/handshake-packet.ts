import type { AesProvider } from './aes';
import { eciesDecrypt, eciesEncrypt, ECIES_OVERHEAD } from './ecies';
import {
  LEGACY_PACKET_LENGTH,
  MAX_EIP8_SIZE,
  SIZE_PREFIX_LENGTH,
  type HandshakeFormat,
  type HandshakePacketKind,
} from './handshake-format';
import { startsCurvePoint, UNCOMPRESSED_KEY_LENGTH } from './secp256k1-keys';

/** Random bytes and keys for one handshake; injectable so tests can replay published vectors. */
export interface HandshakeRandomness {
  bytes(length: number): Uint8Array;
  /** A fresh secp256k1 private key (ECIES and handshake ephemeral keys). */
  privateKey(): Uint8Array;
}

/** Smallest EIP-8 RLP bodies (no padding, no extra elements): a smaller size prefix cannot be a handshake packet. */
const MIN_EIP8_BODY: Readonly<Record<HandshakePacketKind, number>> = { auth: 170, ack: 102 };

/** EIP-8 asks for at least 100 bytes of padding so packets stay longer than legacy ones; we add 100–199, as geth. */
const MIN_PADDING = 100;
const PADDING_SPREAD = 100;

/**
 * Seals a handshake plaintext for the wire: legacy = ECIES(plaintext); EIP-8 = size ‖ ECIES(plaintext ‖ padding)
 * with the size prefix as shared MAC data (rlpx.md §3.3).
 */
export function sealHandshakePacket(
  aes: AesProvider,
  format: HandshakeFormat,
  recipientId: Uint8Array,
  plaintext: Uint8Array,
  random: HandshakeRandomness,
): Uint8Array {
  const eciesKey = random.privateKey();
  const iv = random.bytes(16);
  if (format === 'legacy') return eciesEncrypt(aes, recipientId, plaintext, new Uint8Array(0), eciesKey, iv);
  const padding = new Uint8Array(MIN_PADDING + (random.bytes(1)[0]! % PADDING_SPREAD));
  const padded = new Uint8Array(plaintext.length + padding.length);
  padded.set(plaintext);
  const size = padded.length + ECIES_OVERHEAD;
  const prefix = Uint8Array.of(size >> 8, size & 0xff);
  const sealed = eciesEncrypt(aes, recipientId, padded, prefix, eciesKey, iv);
  const out = new Uint8Array(SIZE_PREFIX_LENGTH + sealed.length);
  out.set(prefix);
  out.set(sealed, SIZE_PREFIX_LENGTH);
  return out;
}

/** The ECIES part of a packet (after the EIP-8 size prefix). */
export function eciesPartOf(format: HandshakeFormat, packet: Uint8Array): Uint8Array {
  return format === 'eip8' ? packet.subarray(SIZE_PREFIX_LENGTH) : packet;
}

/** The 65-byte ECIES ephemeral public key at the start of the ECIES part: what names an RLPX key-log entry. */
export function eciesKeyOf(format: HandshakeFormat, packet: Uint8Array): Uint8Array {
  return eciesPartOf(format, packet).subarray(0, UNCOMPRESSED_KEY_LENGTH);
}

/** Decrypts a whole handshake packet with a node's static private key; null when it was not sealed to that key. */
export function openHandshakePacket(
  aes: AesProvider,
  privateKey: Uint8Array,
  format: HandshakeFormat,
  packet: Uint8Array,
): Uint8Array | null {
  const sharedMacData = format === 'eip8' ? packet.subarray(0, SIZE_PREFIX_LENGTH) : new Uint8Array(0);
  return eciesDecrypt(aes, privateKey, eciesPartOf(format, packet), sharedMacData);
}

export type PacketClassification =
  | { kind: 'packet'; format: HandshakeFormat; length: number }
  | { kind: 'need-more' }
  | { kind: 'invalid'; reason: string };

/**
 * Recognises a handshake packet at the start of a stream direction from its first bytes, without keys: a legacy
 * packet is 307 (auth) or 210 (ack) bytes starting with the 0x04 of its ECIES point; an EIP-8 packet is a
 * big-endian size prefix followed by that 0x04. When both readings fit (a size prefix of 0x04xx), `prefer` (the
 * caller's keys) decides, then which reading has a curve point where its ECIES key should be, then EIP-8 (what
 * every client since 2016 sends).
 */
export function classifyHandshakePacket(
  bytes: Uint8Array,
  kind: HandshakePacketKind,
  prefer?: (format: HandshakeFormat) => boolean,
): PacketClassification {
  if (bytes.length < 3) return { kind: 'need-more' };
  const size = (bytes[0]! << 8) | bytes[1]!;
  const legacy = bytes[0] === 0x04;
  const eip8 = bytes[2] === 0x04 && size >= ECIES_OVERHEAD + MIN_EIP8_BODY[kind];
  const asLegacy = { kind: 'packet', format: 'legacy', length: LEGACY_PACKET_LENGTH[kind] } as const;
  const asEip8 = { kind: 'packet', format: 'eip8', length: SIZE_PREFIX_LENGTH + size } as const;
  if (legacy && !eip8) return asLegacy;
  if (eip8 && !legacy) return asEip8;
  if (!legacy && !eip8) {
    return {
      kind: 'invalid',
      reason:
        bytes[2] === 0x04
          ? `size prefix ${size} is too small for an EIP-8 ${kind}`
          : `neither a legacy ${kind} (0x04 first) nor an EIP-8 one (size prefix, then 0x04)`,
    };
  }
  if (prefer?.('legacy')) return asLegacy;
  if (prefer?.('eip8')) return asEip8;
  if (bytes.length < POINT_EVIDENCE + SIZE_PREFIX_LENGTH) return { kind: 'need-more' };
  const legacyPoint = startsCurvePoint(bytes.subarray(1, 1 + 64));
  const eip8Point = startsCurvePoint(bytes.subarray(3, 3 + 64));
  return legacyPoint && !eip8Point ? asLegacy : asEip8;
}

/** 0x04, X and 8 bytes of Y: enough of an ECIES point to tell it from random bytes (see startsCurvePoint). */
export const POINT_EVIDENCE = 1 + 32 + 8;

/** Whether an EIP-8 size prefix is above what geth accepts (a note, not a refusal: the packet is still read). */
export function oversizedPrefix(format: HandshakeFormat, packetLength: number): boolean {
  return format === 'eip8' && packetLength - SIZE_PREFIX_LENGTH > MAX_EIP8_SIZE;
}
