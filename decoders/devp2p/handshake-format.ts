/**
 * The two handshake packet formats (rlpx.md §3): `legacy` (pre-EIP-8: fixed-size plaintexts, no size prefix, ECIES
 * without shared MAC data) and `eip8` (2-byte size prefix, RLP body with random padding, the prefix authenticated
 * as ECIES shared MAC data).
 */
export type HandshakeFormat = 'legacy' | 'eip8';

/** Which handshake packet: the initiator's auth or the recipient's ack. */
export type HandshakePacketKind = 'auth' | 'ack';

/** Legacy plaintext sizes (rlpx.md §3.2): auth 194, ack 97 bytes. */
export const LEGACY_PLAINTEXT_LENGTH: Readonly<Record<HandshakePacketKind, number>> = { auth: 194, ack: 97 };

/** Legacy packet sizes on the wire: plaintext + 113 bytes of ECIES. */
export const LEGACY_PACKET_LENGTH: Readonly<Record<HandshakePacketKind, number>> = { auth: 307, ack: 210 };

/** EIP-8 size prefix length. */
export const SIZE_PREFIX_LENGTH = 2;

/** The largest EIP-8 size prefix geth accepts (p2p/rlpx: a larger one is refused). */
export const MAX_EIP8_SIZE = 2048;

/** EIP-8 handshake version sent in auth_vsn / ack_vsn. */
export const HANDSHAKE_VERSION = 4;
