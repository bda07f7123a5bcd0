import type { AesProvider } from '../core/aes';
import { GCM_TAG_SIZE } from './packet-layout';

/**
 * Message encryption (discv5-wire.md "Packet Encoding"): AES-128-GCM with the packet's nonce and, as associated
 * data, the masking IV followed by the *unmasked* header. The tag authenticates both, so a wrong key or a wrong
 * header never yields a plaintext.
 */
export function decryptMessage(
  aes: AesProvider,
  key: Uint8Array,
  nonce: Uint8Array,
  unmaskedPacket: Uint8Array,
  headerEnd: number,
): Uint8Array | null {
  const sealed = unmaskedPacket.subarray(headerEnd);
  if (sealed.length < GCM_TAG_SIZE) return null;
  return aes.gcmOpen(key, nonce, sealed, unmaskedPacket.subarray(0, headerEnd));
}
