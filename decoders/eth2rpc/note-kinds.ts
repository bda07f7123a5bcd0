/** The stable kinds of every note the eth2rpc decoder raises (expert info), to filter and count them by. */
export const ETH2RPC_NOTES = {
  // Framing and reading (how the bytes were understood)
  /** Bytes without the ETH prefix, or shorter than a header, given to decodeMessage (error). */
  malformed: 'eth2rpc.malformed',
  /** The April layout's body_len/result_len or the envelope's length disagrees with the message (error). */
  framingLength: 'eth2rpc.framing.length',
  /** No reading is consistent: neither a request nor a response of any known shape (error). */
  inconsistent: 'eth2rpc.message.inconsistent',
  /** Body or result that does not fit its type; kept as bytes, with the byte where it broke (error). */
  payloadMalformed: 'eth2rpc.payload.malformed',
  /** A declaration's codec was given another message (error). */
  unexpected: 'eth2rpc.message.unexpected',
  /** Another layout, role or union reading fits as well; the note names them (info). */
  ambiguous: 'eth2rpc.reading.ambiguous',
  /** Response type chosen without its request; the note names every type the result fits (info). */
  responseInferred: 'eth2rpc.response.inferred',
  /** Success result to a request whose method is not in the spec: kept as bytes (info). */
  responseUntyped: 'eth2rpc.response.untyped',

  // Stream (reassembled TCP)
  /** Bytes that start no message were skipped up to the next header (warning, stream note). */
  streamSkipped: 'eth2rpc.stream.skipped',
  /** The direction ended inside a message header (warning, stream note). */
  streamTruncated: 'eth2rpc.stream.truncated',
  /** Part of the message was never captured and is zero-filled (error). */
  streamGap: 'eth2rpc.stream.gap',
  /** No end found within the buffering limit: the message was cut there (error). */
  streamUnbounded: 'eth2rpc.stream.unbounded',

  // Spec rules (rpc-interface.md @ e0b4dd1a)
  /** The initiator's first message is not hello (warning). */
  helloFirst: 'eth2rpc.hello.first',
  /** The responder's first message is not its own hello (warning). */
  helloReply: 'eth2rpc.hello.reply',
  /** network_id differs between the two hellos: peers should disconnect (warning). */
  networkMismatch: 'eth2rpc.hello.network_mismatch',
  /** chain_id differs between the two hellos (warning). */
  chainMismatch: 'eth2rpc.hello.chain_mismatch',
  /** Goodbye reason neither 1, 2, 3 nor custom (> 1000) (warning). */
  goodbyeReason: 'eth2rpc.goodbye.reason',
  /** method_id not in the spec (warning). */
  unknownMethod: 'eth2rpc.method.unknown',
  /** Response code below 1000 other than 0, 10, 20, 30, 40 (warning). */
  reservedResponseCode: 'eth2rpc.response_code.reserved',
  /** beacon_block_roots count above 32768 (error). */
  rootsCount: 'eth2rpc.beacon_block_roots.count',
  /** Block roots not in ascending slot order (error). */
  rootsOrder: 'eth2rpc.beacon_block_roots.order',
  /** More roots than the request's count (warning). */
  rootsTooMany: 'eth2rpc.beacon_block_roots.too_many',
  /** More headers than the request's max_headers (error). */
  headersMax: 'eth2rpc.beacon_block_headers.max',
  /** Number of bodies differs from the number of requested roots (error). */
  bodiesCount: 'eth2rpc.beacon_block_bodies.count',
  /** Transfers in a block body while MAX_TRANSFERS is 0 on mainnet (warning). */
  transfers: 'eth2rpc.block_body.transfers',
  /** beacon_chain_state response, whose body the spec leaves TBD: kept as bytes (info). */
  stateUnspecified: 'eth2rpc.beacon_chain_state.unspecified',
} as const;
