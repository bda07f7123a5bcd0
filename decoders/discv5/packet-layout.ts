/**
 * Sizes and constants of the discv5 v5.1 packet (devp2p discv5/discv5-wire.md, "Packet Encoding"):
 *
 *   packet        = masking-iv || masked-header || message
 *   masked-header = aesctr_encrypt(masking-key = dest-id[:16], masking-iv, header)
 *   header        = static-header || authdata
 *   static-header = protocol-id || version || flag || nonce || authdata-size
 */

export const MASKING_IV_SIZE = 16;
export const MASKING_KEY_SIZE = 16;
export const PROTOCOL_ID = 'discv5';
export const PROTOCOL_ID_SIZE = 6;
/** The version this decoder implements: v5.1 writes 0x0001. */
export const PROTOCOL_VERSION = 1;
export const NONCE_SIZE = 12;
export const STATIC_HEADER_SIZE = 23;
/** Offset of the first header byte (after the masking IV). */
export const HEADER_START = MASKING_IV_SIZE;
/** Offset of the first authdata byte. */
export const AUTHDATA_START = HEADER_START + STATIC_HEADER_SIZE;
/** Smallest packet a node accepts: a WHOAREYOU (16 + 23 + 24). */
export const MIN_PACKET_SIZE = 63;
export const MAX_PACKET_SIZE = 1280;
export const GCM_TAG_SIZE = 16;
export const NODE_ID_SIZE = 32;
export const WHOAREYOU_AUTHDATA_SIZE = 24;
/** Where the header of an ordinary message packet ends: its authdata is the src-id. */
export const MESSAGE_HEADER_END = AUTHDATA_START + NODE_ID_SIZE;
/** Handshake authdata before its variable parts: src-id, sig-size, eph-key-size. */
export const HANDSHAKE_AUTHDATA_FIXED_SIZE = 34;

/** The packet kinds of the static header's `flag`. */
export const FLAG = { message: 0, whoareyou: 1, handshake: 2 } as const;

export const FLAG_NAMES: Readonly<Record<number, string>> = {
  [FLAG.message]: 'ordinary message',
  [FLAG.whoareyou]: 'WHOAREYOU',
  [FLAG.handshake]: 'handshake message',
};
