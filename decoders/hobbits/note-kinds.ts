/** The stable kinds of every note the Hobbits decoder raises (expert info), to filter and count them by. */
export const HOBBITS_NOTES = {
  /** No usable EWP prefix at the start of the bytes given to decodeMessage (error). */
  framing: 'hobbits.framing',
  /** Binary framing with a version other than 3 (warning). */
  version: 'hobbits.version',
  /** Text framing whose version is neither `<major>.<minor>` (EWP 0.x) nor `3` (Lodestar) (error). */
  textVersion: 'hobbits.text.version',
  /** Text request line that is not `EWP <version> <protocol> <header-length> <body-length>` (error). */
  textLine: 'hobbits.text.line',
  /** Protocol other than RPC (0), GOSSIP (1), PING (2) (warning). */
  protocolUnknown: 'hobbits.protocol.unknown',
  /** Fewer bytes than the prefix announces, or no complete prefix at all (error). */
  truncated: 'hobbits.truncated',
  /** Bytes after the body in a buffer given to decodeMessage (warning). */
  trailing: 'hobbits.trailing',
  /** RPC or GOSSIP header that is not a BSON document (error). */
  headerBson: 'hobbits.header.bson',
  /** RPC body that is not a BSON document (error). */
  bodyBson: 'hobbits.body.bson',
  /** RPC `body` element that is neither a binary (SSZ) nor a document (named fields) (warning). */
  bodyForm: 'hobbits.body.form',
  /** SSZ that does not decode as the type the method or topic names; kept as raw bytes (error). */
  bodySsz: 'hobbits.body.ssz',
  /** RPC method id nobody declared, or a header without a usable method id (warning). */
  rpcMethod: 'hobbits.rpc.method',
  /** RPC header `id` that is not an integer (warning). */
  rpcId: 'hobbits.rpc.id',
  /** GOSSIP topic other than BLOCK or ATTESTATION (warning). */
  gossipTopic: 'hobbits.gossip.topic',
  /** GOSSIP `hash` differs from the hash_tree_root of the body (warning). */
  gossipHash: 'hobbits.gossip.hash',
  /** GOSSIP method id other than 0 (warning). */
  gossipMethod: 'hobbits.gossip.method',
  /** PING-protocol header other than `ping` or `pong` (warning). */
  pingHeader: 'hobbits.ping.header',
  /** PING/PONG body of other than 32 bytes (warning). */
  pingLength: 'hobbits.ping.length',
  /** PONG body differs from the body of the PING it answers (warning). */
  pongMismatch: 'hobbits.pong.mismatch',
  /** A BeaconState read with the minimal preset's layout (info). */
  presetMinimal: 'hobbits.preset.minimal',
  /** Bytes of the message were never captured (error). */
  gap: 'tcp.gap',
  // Stream notes (host.streamNote), about no single message:
  /** Bytes skipped to find the next EWP prefix (warning). */
  streamSkipped: 'hobbits.stream.skipped',
  /** A capture gap between messages or inside a prefix: framing resynchronises (warning). */
  streamGap: 'hobbits.stream.gap',
  /** A prefix announcing more than the 64 MiB a message may have: skipped (error). */
  lengthTooLarge: 'hobbits.length.too-large',
  /** The stream ended inside a prefix (warning). */
  streamIncomplete: 'hobbits.stream.incomplete',
} as const;
