/** The stable kinds of every note the RLPx / p2p dissector raises (expert info), to filter and count them by. */
export const RLPX_NOTES = {
  // Handshake (auth / ack packets)
  /** The stream does not start with an auth (or ack) packet: capture started mid-connection, or not RLPx (error). */
  handshakeMissing: 'rlpx.handshake.missing',
  /** An EIP-8 size prefix above the 2048 bytes geth accepts (warning). */
  handshakeSize: 'rlpx.handshake.size',
  /** The direction ended or a capture gap fell inside a handshake packet (error). */
  handshakeTruncated: 'rlpx.handshake.truncated',
  /** Decrypted with a node key, the body does not read as an auth/ack body (error). */
  handshakeBody: 'rlpx.handshake.body',
  /** The auth signature recovers to no key, or a legacy auth's ephemeral-key hash does not match it (warning). */
  handshakeSignature: 'rlpx.handshake.signature',

  // Keys
  /** No RLPX key-log entry for the auth's ECIES key: frames stay encrypted (info). */
  noKey: 'rlpx.encrypted.no-key',
  /** An RLPX key-log entry without four 32-byte values (error). */
  keyLogInvalid: 'rlpx.keylog.invalid',
  /** A header or frame MAC does not match: wrong key or altered bytes; decryption of the direction stops (error). */
  macMismatch: 'rlpx.mac.mismatch',
  /** The header MAC matched but the header decrypts to noise: the entry's aes-secret is wrong (error). */
  headerGarbled: 'rlpx.frame.header-garbled',
  /** Bytes after a point where decryption of the direction stopped (MAC mismatch, gap) (info). */
  stopped: 'rlpx.encrypted.stopped',

  // Stream
  /** Bytes were not captured: the MAC state is lost, decryption of this direction stops (error). */
  gap: 'rlpx.stream.gap',
  /** The direction ended inside a frame (warning). */
  truncated: 'rlpx.stream.truncated',

  // Frames
  /** header-data other than [0, 0]: receivers ignore it (rlpx.md §5), legacy chunked framing used it (info). */
  headerData: 'rlpx.frame.header-data',
  /** The frame's msg-id is not a canonical RLP integer (error). */
  messageId: 'rlpx.frame.message-id',
  /** Bytes after frame-size inside the padding that are not zero (warning). */
  padding: 'rlpx.frame.padding',
  /** A snappy stream declaring more than 16 MiB: not decompressed (error). */
  snappyTooLarge: 'rlpx.snappy.too-large',
  /** Snappy expected but the data is not a valid snappy block; shown as sent (error). */
  snappyMalformed: 'rlpx.snappy.malformed',
  /** Snappy expected (both Hellos ≥ 5) but the message was sent uncompressed (ethereumjs's Disconnect) (warning). */
  snappyMissing: 'rlpx.snappy.missing',
  /** Snappy not expected, yet the message only reads as snappy-compressed (warning). */
  snappyUnexpected: 'rlpx.snappy.unexpected',

  // Capabilities
  /** A capability message in a range Peerscope has no decoder for: shown raw (info). */
  capabilityNoDecoder: 'rlpx.capability.no-decoder',
  /** A message id above every negotiated capability, or whose offset is unknown (warning). */
  capabilityUnassigned: 'rlpx.capability.unassigned',
  /** A capability message before both Hellos were seen: its capability cannot be told (warning). */
  capabilityBeforeHello: 'rlpx.capability.before-hello',

  /** A capability's decoder threw on a message: shown raw (error). */
  capabilityFailed: 'rlpx.capability.failed',

  // Base protocol p2p (rlpx.md §6)
  /** Message ids 0x04–0x0f are reserved (info). */
  reserved: 'p2p.reserved',
  /** The first message of a direction is not Hello (or Disconnect) (warning). */
  helloFirst: 'p2p.hello.first',
  /** Hello payload above geth's 2 KiB limit (warning). */
  helloSize: 'p2p.hello.size',
  /** Hello nodeId differs from the identity the handshake revealed (error). */
  helloIdentity: 'p2p.hello.identity',
  /** Disconnect reason sent as a bare value instead of a one-element list (geth accepts it) (info). */
  disconnectBare: 'p2p.disconnect.bare',
  /** Disconnect without a reason, or with one not in the table (warning). */
  disconnectReason: 'p2p.disconnect.reason',
} as const;
