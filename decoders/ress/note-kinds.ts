/** The stable kinds of every note the ress decoder raises (expert info), to filter and count them by. */
export const RESS_NOTES = {
  /** A code ress does not define (warning; raised by the shared reader as `ress.message.unknown`). */
  unknown: 'ress.message.unknown',
  /** The first ress message of a direction is not NodeType (warning). */
  nodeTypeFirst: 'ress.nodetype.first',
  /** A second NodeType from the same side (warning). */
  nodeTypeRepeated: 'ress.nodetype.repeated',
  /** A node type other than 0 (stateless) or 1 (stateful) (error). */
  nodeTypeValue: 'ress.nodetype.value',
  /** Both peers stateful: the README's table says the connection is invalid, reth terminates it (error). */
  combination: 'ress.nodetype.combination',
  /** A request sent to a peer that announced itself stateless: requests go to the stateful peer (warning). */
  requestPeer: 'ress.request.peer',
  /** Bytes that read as two messages of different eras (the README's lists and reth's lists) (info). */
  ambiguous: 'ress.reading.ambiguous',
  /** A header whose hash is not the one requested (error). */
  headerMismatch: 'ress.header.mismatch',
  /** Headers that do not descend from start_hash parent by parent (error). */
  headersChain: 'ress.headers.chain',
  /** More headers than the limit, or more bodies than hashes (error). */
  count: 'ress.response.count',
  /** A body whose transactions root, ommers hash or withdrawals disagree with the header seen for its hash (error). */
  bodyMismatch: 'ress.body.mismatch',
  /** Bytecode whose keccak256 is not the requested code hash (error). */
  bytecodeMismatch: 'ress.bytecode.mismatch',
  /** Empty bytecode: the peer has no code for the hash, or failed (info). */
  bytecodeEmpty: 'ress.bytecode.empty',
  /** A seed-era witness entry whose hash is not keccak256 of its node (error). */
  witnessHash: 'ress.witness.hash',
  /** A witness without the parent block's state root node (warning). */
  witnessRoot: 'ress.witness.root',
  /** An empty witness: reth sends one on provider error (info). */
  witnessEmpty: 'ress.witness.empty',
} as const;
