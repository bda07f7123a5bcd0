/** The stable kinds of every note the eth and snap decoders raise (expert info), to filter and count them by. */
export const ETH_NOTES = {
  /** A message the negotiated eth version does not have (NewBlock on eth/69, GetNodeData on eth/67, …) (warning). */
  version: 'eth.message.version',
  /** A code eth does not define (warning; raised by the shared reader as `eth.message.unknown`). */
  unknown: 'eth.message.unknown',
  /** The first eth message of a direction is not Status (warning). */
  statusFirst: 'eth.status.first',
  /** A second Status on the connection (warning). */
  statusRepeated: 'eth.status.repeated',
  /** Status version differs from the negotiated one (error). */
  statusVersion: 'eth.status.version',
  /** networkid differs from the peer's (error). */
  statusNetwork: 'eth.status.network',
  /** genesis differs from the peer's (error). */
  statusGenesis: 'eth.status.genesis',
  /** BlockRangeUpdate or Status with earliest > latest: the peer should be disconnected (warning). */
  blockRange: 'eth.blockrange.order',
  /** NewPooledTransactionHashes whose types, sizes and hashes differ in count (error). */
  announcementLengths: 'eth.announcement.lengths',
  /** More items in a response than requested (error). */
  responseCount: 'eth.response.count',
  /** The first header is not the query's start block (error). */
  responseHeader: 'eth.response.header',
  /** A body or receipt list whose root differs from the header seen for that hash (error). */
  responseRoot: 'eth.response.root',
  /** A pooled transaction that was not requested (warning). */
  unrequested: 'eth.pooled.unrequested',
} as const;

export const SNAP_NOTES = {
  /** A message the negotiated snap version does not have (GetTrieNodes on snap/2, BALs on snap/1) (warning). */
  version: 'snap.message.version',
  /** A code snap does not define (warning; raised by the shared reader as `snap.message.unknown`). */
  unknown: 'snap.message.unknown',
  /** A code whose keccak256 was not among the requested hashes (error). */
  unrequestedCode: 'snap.bytecodes.unrequested',
  /** More codes than requested hashes (error). */
  responseCount: 'snap.response.count',
} as const;
