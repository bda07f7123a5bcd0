import { keccak256 } from '../ethereum/keccak';
import { concatBytes } from '../core/bytes';
import type { AesProvider } from './aes';
import { FrameMac } from './mac';

/**
 * What both sides derive from the handshake (rlpx.md §4), and exactly what an RLPX key-log line carries: with the
 * auth and ack bytes from a capture they give both directions' frame cipher and MAC from the first frame.
 */
export interface SessionSecrets {
  aesSecret: Uint8Array;
  macSecret: Uint8Array;
  initiatorNonce: Uint8Array;
  recipientNonce: Uint8Array;
}

/**
 * shared-secret = keccak(ephemeral-key ‖ keccak(recipient-nonce ‖ initiator-nonce))   (recipient nonce first)
 * aes-secret    = keccak(ephemeral-key ‖ shared-secret)
 * mac-secret    = keccak(ephemeral-key ‖ aes-secret)
 */
export function deriveSessionSecrets(
  ephemeralKey: Uint8Array,
  initiatorNonce: Uint8Array,
  recipientNonce: Uint8Array,
): SessionSecrets & { sharedSecret: Uint8Array } {
  const sharedSecret = keccak256(concatBytes([ephemeralKey, keccak256(concatBytes([recipientNonce, initiatorNonce]))]));
  const aesSecret = keccak256(concatBytes([ephemeralKey, sharedSecret]));
  const macSecret = keccak256(concatBytes([ephemeralKey, aesSecret]));
  return { sharedSecret, aesSecret, macSecret, initiatorNonce, recipientNonce };
}

/** The side that sends a direction's frames. */
export type Role = 'initiator' | 'recipient';

export function otherRole(role: Role): Role {
  return role === 'initiator' ? 'recipient' : 'initiator';
}

/**
 * The MAC of the frames `sender` sends, as both ends start it:
 *   initiator's frames: keccak((mac-secret ⊕ recipient-nonce) ‖ auth)
 *   recipient's frames: keccak((mac-secret ⊕ initiator-nonce) ‖ ack)
 * `auth` and `ack` are the packets as sent, EIP-8 size prefix included.
 */
export function initialFrameMac(
  aes: AesProvider,
  secrets: SessionSecrets,
  sender: Role,
  handshake: { auth: Uint8Array; ack: Uint8Array },
): FrameMac {
  const nonce = sender === 'initiator' ? secrets.recipientNonce : secrets.initiatorNonce;
  const packet = sender === 'initiator' ? handshake.auth : handshake.ack;
  const seed = new Uint8Array(32 + packet.length);
  for (let i = 0; i < 32; i++) seed[i] = secrets.macSecret[i]! ^ nonce[i]!;
  seed.set(packet, 32);
  return new FrameMac(aes, secrets.macSecret, seed);
}
