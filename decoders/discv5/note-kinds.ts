/** The stable kinds of every note the discv5 dissector raises (expert info), to filter and count them by. */
export const DISCV5_NOTES = {
  // Packets
  /** The header did not unmask with any node id Peerscope knows: the recipient's id (or key) is needed (warning). */
  unknownRecipient: 'discv5.unmask.unknown-recipient',
  /** A datagram shorter than 63 or longer than 1280 bytes (error). */
  packetSize: 'discv5.packet.size',
  /** A version other than 1 in the static header (warning). */
  version: 'discv5.packet.version',
  /** A flag other than 0, 1, 2 (error). */
  flag: 'discv5.packet.flag',
  /** authdata that does not fit the packet or its own size fields (error). */
  authdata: 'discv5.packet.authdata',
  /** A WHOAREYOU carrying message bytes, or a message packet too short for a GCM tag (warning). */
  messagePart: 'discv5.packet.message',
  // Keys and sessions
  /** The message cannot be decrypted without the node key named in the text (warning). */
  keyMissing: 'discv5.key.missing',
  /** No handshake or key-log session for the node pair is known (warning). */
  sessionUnknown: 'discv5.session.unknown',
  /** The WHOAREYOU a handshake answers is not in the capture, so its keys cannot be derived (warning). */
  challengeMissing: 'discv5.session.challenge-missing',
  /**
   * Session keys were known but did not authenticate the message: an ordinary one (warning: a node that lost its
   * session sends random bytes to be challenged again), a handshake (error).
   */
  decryptFailed: 'discv5.decrypt.failed',
  /** The handshake's id-signature does not verify (error), or verifies only with a high S value (warning). */
  idSignature: 'discv5.handshake.id-signature',
  /** No static public key of the initiator is known, so its id-signature was not checked (info). */
  idSignatureUnchecked: 'discv5.handshake.id-signature-unchecked',
  /** The ENR in a handshake belongs to another node than its src-id (error). */
  recordMismatch: 'discv5.handshake.record-mismatch',
  /** sig-size other than 64 or eph-key-size other than 33 for identity scheme v4 (warning). */
  keySizes: 'discv5.handshake.sizes',
  /** A DISCV5 key-log line Peerscope cannot use (warning; a stream note). */
  keyLogLine: 'discv5.keylog.line',
  // Messages
  /** A message type discv5 v5.1 does not define, or an empty plaintext (error). */
  messageType: 'discv5.message.type',
  /** A request id longer than the 8 bytes the spec allows (warning). */
  requestIdLength: 'discv5.request-id.length',
  /** A FINDNODE distance above 256 (warning). */
  distance: 'discv5.findnode.distance',
  /** NODES `total` of 0, above the 5 geth accepts, or more NODES than `total` announced (warning). */
  nodesTotal: 'discv5.nodes.total',
  /** Topic messages 0x07–0x0A: unstable drafts, decoded by the draft their shape fits (info). */
  topicDraft: 'discv5.topic.draft',
  /** A TALKREQ protocol no registered decoder handles: its payload stays raw (info). */
  talkUnknownProtocol: 'discv5.talk.unknown-protocol',
  /** A TALKRESP whose TALKREQ is not in the capture: its protocol is unknown (info). */
  talkRequestUnseen: 'discv5.talk.request-unseen',
  /** The decoder of the protocol carried in TALKREQ/TALKRESP failed; the payload stays raw (error). */
  talkDecoderError: 'discv5.talk.decoder-error',
} as const;
