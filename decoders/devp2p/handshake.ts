import { keccak256 } from '../ethereum/keccak';
import { bytesEqual } from '../core/bytes';
import { encodeAckBody, readAckBody } from './ack-message';
import type { AesProvider } from './aes';
import { encodeAuthBody, readAuthBody } from './auth-message';
import { HANDSHAKE_VERSION, LEGACY_PACKET_LENGTH, SIZE_PREFIX_LENGTH, type HandshakeFormat } from './handshake-format';
import { eciesKeyOf, openHandshakePacket, sealHandshakePacket, type HandshakeRandomness } from './handshake-packet';
import { deriveSessionSecrets, type SessionSecrets } from './secrets';
import { ecdhX, isValidPublicKey, nodeIdOf, recoverNodeId, signRecoverable } from './secp256k1-keys';

/**
 * The two handshake steps of rlpx.md §3–4 as pure functions, one per side: the initiator makes an auth and reads
 * the ack, the recipient reads the auth and answers with an ack in the same format. Each ends with the session
 * secrets and the exact packets the frame MACs are seeded with.
 */

export interface CompletedHandshake {
  format: HandshakeFormat;
  secrets: SessionSecrets;
  /** The packets as sent, EIP-8 size prefix included. */
  auth: Uint8Array;
  ack: Uint8Array;
  /** The remote node's id (the dialled one, or the one the auth revealed). */
  remoteId: Uint8Array;
  /** The ECIES key opening the auth: the key-log session key. */
  authEciesKey: Uint8Array;
  /** auth_vsn / ack_vsn of the remote side. */
  remoteVersion: number;
}

export class HandshakeError extends Error {
  override name = 'HandshakeError';
}

/** What the initiator keeps between sending auth and reading ack. */
export interface PendingAuth {
  format: HandshakeFormat;
  auth: Uint8Array;
  remoteId: Uint8Array;
  ephemeralKey: Uint8Array;
  nonce: Uint8Array;
}

/** `static-shared-secret ⊕ initiator-nonce`: what the initiator's ephemeral key signs. */
function signedValue(staticShared: Uint8Array, nonce: Uint8Array): Uint8Array {
  return staticShared.map((b, i) => b ^ nonce[i]!);
}

export function makeAuth(
  aes: AesProvider,
  privateKey: Uint8Array,
  remoteId: Uint8Array,
  format: HandshakeFormat,
  random: HandshakeRandomness,
): PendingAuth {
  if (!isValidPublicKey(remoteId)) throw new HandshakeError('the remote node id is not a valid public key');
  const ephemeralKey = random.privateKey();
  const nonce = random.bytes(32);
  const signature = signRecoverable(signedValue(ecdhX(privateKey, remoteId), nonce), ephemeralKey);
  const body = { signature, initiatorId: nodeIdOf(privateKey), initiatorNonce: nonce, version: HANDSHAKE_VERSION };
  const plaintext = encodeAuthBody(format, body, nodeIdOf(ephemeralKey));
  const auth = sealHandshakePacket(aes, format, remoteId, plaintext, random);
  return { format, auth, remoteId, ephemeralKey, nonce };
}

/** The initiator reads the ack (a whole packet, in `format`) with its static key and derives the secrets. */
export function readAck(
  aes: AesProvider,
  privateKey: Uint8Array,
  pending: PendingAuth,
  ack: Uint8Array,
  format: HandshakeFormat,
): CompletedHandshake {
  const plaintext = openHandshakePacket(aes, privateKey, format, ack);
  if (!plaintext) throw new HandshakeError(`the ${format} ack does not decrypt with our key`);
  const { body } = readAckBody(format, plaintext);
  if (!body || !isValidPublicKey(body.recipientEphemeralId)) throw new HandshakeError('malformed ack body');
  const ephemeralShared = ecdhX(pending.ephemeralKey, body.recipientEphemeralId);
  return {
    format,
    secrets: deriveSessionSecrets(ephemeralShared, pending.nonce, body.recipientNonce),
    auth: pending.auth,
    ack,
    remoteId: pending.remoteId,
    authEciesKey: eciesKeyOf(pending.format, pending.auth),
    remoteVersion: body.version,
  };
}

/** The recipient reads an auth (a whole packet, in `format`) and answers; the ack follows the auth's format. */
export function answerAuth(
  aes: AesProvider,
  privateKey: Uint8Array,
  auth: Uint8Array,
  format: HandshakeFormat,
  random: HandshakeRandomness,
): { ack: Uint8Array; handshake: CompletedHandshake } {
  const plaintext = openHandshakePacket(aes, privateKey, format, auth);
  if (!plaintext) throw new HandshakeError(`the ${format} auth does not decrypt with our key`);
  const { body } = readAuthBody(format, plaintext);
  if (!body || !isValidPublicKey(body.initiatorId)) throw new HandshakeError('malformed auth body');
  const initiatorEphemeral = recoverNodeId(
    body.signature,
    signedValue(ecdhX(privateKey, body.initiatorId), body.initiatorNonce),
  );
  if (!initiatorEphemeral) throw new HandshakeError('the auth signature recovers to no key');
  if (format === 'legacy' && !bytesEqual(keccak256(initiatorEphemeral), plaintext.subarray(65, 97))) {
    throw new HandshakeError('the legacy auth ephemeral-key hash does not match its signature');
  }
  const ephemeralKey = random.privateKey();
  const nonce = random.bytes(32);
  const ackPlaintext = encodeAckBody(format, {
    recipientEphemeralId: nodeIdOf(ephemeralKey),
    recipientNonce: nonce,
    version: HANDSHAKE_VERSION,
  });
  const ack = sealHandshakePacket(aes, format, body.initiatorId, ackPlaintext, random);
  const ephemeralShared = ecdhX(ephemeralKey, initiatorEphemeral);
  return {
    ack,
    handshake: {
      format,
      secrets: deriveSessionSecrets(ephemeralShared, body.initiatorNonce, nonce),
      auth,
      ack,
      remoteId: body.initiatorId,
      authEciesKey: eciesKeyOf(format, auth),
      remoteVersion: body.version,
    },
  };
}

export type IncomingPacket =
  | { kind: 'packet'; format: HandshakeFormat; length: number }
  | { kind: 'need-more' }
  | { kind: 'invalid'; reason: string };

/**
 * Finds the handshake packet at the start of what a peer sent, using our static key as old geth did (rlpx.md §3.4):
 * 307 (auth) or 210 (ack) bytes that decrypt without shared MAC data are legacy; otherwise the first two bytes are
 * the EIP-8 size prefix.
 */
export function findIncomingPacket(
  aes: AesProvider,
  privateKey: Uint8Array,
  kind: 'auth' | 'ack',
  buffered: Uint8Array,
  maxSize: number,
): IncomingPacket {
  const legacyLength = LEGACY_PACKET_LENGTH[kind];
  if (buffered.length > 0 && buffered[0] === 0x04) {
    if (buffered.length < legacyLength) return { kind: 'need-more' };
    if (openHandshakePacket(aes, privateKey, 'legacy', buffered.subarray(0, legacyLength))) {
      return { kind: 'packet', format: 'legacy', length: legacyLength };
    }
  }
  if (buffered.length < SIZE_PREFIX_LENGTH) return { kind: 'need-more' };
  const size = (buffered[0]! << 8) | buffered[1]!;
  if (size > maxSize) return { kind: 'invalid', reason: `${kind} size prefix ${size} above the ${maxSize} accepted` };
  if (buffered.length < SIZE_PREFIX_LENGTH + size) return { kind: 'need-more' };
  return { kind: 'packet', format: 'eip8', length: SIZE_PREFIX_LENGTH + size };
}
