/** The stable kinds of every note the Portal decoder raises (expert info), to filter and count them by. */
export const PORTAL_NOTES = {
  // Reading the message (portal-wire-protocol.md "Message Types")
  /** The payload is no Portal message: unknown selector, or no message fits (error). */
  unknownMessage: 'portal.message.unknown',
  /** A request in a TALKRESP or a response in a TALKREQ (error). */
  wrongCarrier: 'portal.message.carrier',
  /** The bytes also read as another message or era; the note names it (info). */
  ambiguous: 'portal.message.ambiguous',
  /** The version the flow's ENRs give disagrees with what the message shows (warning). */
  versionConflict: 'portal.version.conflict',

  // Rules (portal-wire-protocol.md)
  /** A FindNodes distance above 256 (error). */
  distanceRange: 'portal.distances.range',
  /** A FindNodes distance listed twice (error). */
  distanceRepeated: 'portal.distances.repeated',
  /** More than 32 ENRs in Nodes or Content (error). */
  enrCount: 'portal.enrs.count',
  /** More than 64 keys in an Offer (error). */
  offerCount: 'portal.offer.count',
  /** Accept's list length differs from the number of keys offered (error). */
  acceptLength: 'portal.accept.length',
  /** An Accept code of 7–255: an unspecified decline (warning). */
  acceptCode: 'portal.accept.code',
  /** Nodes.total of 0, more Nodes than `total`, or total ≠ 1 where the spec fixes it to 1 (warning). */
  nodesTotal: 'portal.nodes.total',
  /** Nodes with no FindNodes pending: a further part of an answer already complete (warning). */
  nodesUnexpected: 'portal.nodes.unexpected',

  // Ping payloads (ping-extensions/)
  /** Payload type 65535 (error) in a Ping: it is for Pong only (warning). */
  pingErrorInPing: 'portal.ping.error-type',
  /** A payload type no extension defines: kept as bytes (info). */
  pingUnknownType: 'portal.ping.type',
  /** The payload does not decode as its type (error). */
  pingPayload: 'portal.ping.payload',
  /** The first Ping of a flow does not use type 0 (ping-extensions: it MUST) (info). */
  pingFirstType: 'portal.ping.first-type',

  // Content keys and content (network specs)
  /** A content key no key of the network matches: kept as bytes (warning). */
  keyUnknown: 'portal.content-key.unknown',
  /** The key also reads as a key of another era; the note names it (info). */
  keyAmbiguous: 'portal.content-key.ambiguous',
  /** The key is one of another Portal network (warning). */
  keyNetwork: 'portal.content-key.network',
  /** Content whose type is not known (no request seen, no decoder for it): kept as bytes (info). */
  contentUndecoded: 'portal.content.undecoded',
  /** Content that does not decode as its type (error). */
  contentMalformed: 'portal.content.malformed',
  /** A header whose hash or number differs from the key that asked for it (error). */
  contentMismatch: 'portal.content.mismatch',
  /** The uTP data is not framed as the version says (varint lengths) (warning). */
  streamFraming: 'portal.stream.framing',

  // ENRs and uTP links
  /** An ENR the ENR codec cannot read: kept as bytes (error). */
  enrMalformed: 'portal.enr.malformed',
  /** Two ENRs of one answer with the same node id ("MUST be unique") (error). */
  enrDuplicate: 'portal.enrs.duplicate-node',
  /** An announced connection id whose uTP stream never appeared on the flow (warning). */
  utpMissing: 'portal.utp.missing',
} as const;
