/** The stable kinds of every note the LES decoder raises (expert info), to filter and count them by. */
export const LES_NOTES = {
  // Messages
  /** A les/1 message (GetProofs, Proofs, SendTx, GetHeaderProofs, HeaderProofs) on les/2 or later (warning). */
  deprecated: 'les.message.deprecated',
  /** A message the negotiated version does not have yet (StopMsg on les/2, GetProofsV2 on les/1) (warning). */
  version: 'les.message.version',
  /** A code LES does not define (warning; raised by the shared reader as `les.message.unknown`). */
  unknown: 'les.message.unknown',

  // Status (les.md §Status) and its key/value lists
  /** The first LES message of a direction is not Status (warning). */
  statusFirst: 'les.status.first',
  /** A second Status on the same connection (warning). */
  statusRepeated: 'les.status.repeated',
  /** protocolVersion differs from the negotiated version: geth disconnects (error). */
  statusVersion: 'les.status.version',
  /** A required key is missing (forkID from les/4) (error). */
  statusMissing: 'les.status.missing',
  /** networkId differs from the peer's (error). */
  statusNetwork: 'les.status.network',
  /** genesisHash differs from the peer's (error). */
  statusGenesis: 'les.status.genesis',
  /** A key appears twice in one list: only the last value survives in JSON (warning). */
  keyDuplicate: 'les.keyvalue.duplicate',
  /** A key that is not UTF-8 text (warning). */
  keyText: 'les.keyvalue.key',
  /** A known key whose value does not have its type: kept as generic RLP (error). */
  keyValue: 'les.keyvalue.value',
  /** A pair that is not `[key, value]` (error). */
  keyPair: 'les.keyvalue.pair',
  /** announceType other than 0, 1, 2 (warning). */
  announceType: 'les.status.announce-type',

  // Announce (les.md §Announce)
  /** Announce from the side that sent no server Status, or when the client asked for none (warning). */
  announceUnwanted: 'les.announce.unwanted',
  /** announceType 2 (signed) was asked for, the Announce has no `sign` (warning). */
  announceUnsigned: 'les.announce.unsigned',
  /** The signature does not recover to the sender's node key, or cannot be read (error). */
  announceSignature: 'les.announce.signature',
  /** The signature recovers, but the sender's node id is not known to compare with (info). */
  announceSigner: 'les.announce.signer-unknown',
  /** headTd not above the previously announced one: bad form (warning). */
  announceTd: 'les.announce.td',

  // Flow control (les.md §Client Side Flow Control)
  /** A request sent while the client's buffer estimate BLE was below its MaxCost (warning). */
  breach: 'les.flowcontrol.breach',
  /** A request whose message has no entry in the server's MRC table (info). */
  noCost: 'les.flowcontrol.no-cost',
  /** A reply BV above the buffer limit BL (warning). */
  bvAboveLimit: 'les.flowcontrol.bv',
  /** StopMsg: the requests it cancels, which will not be answered (info). */
  stopCancelled: 'les.stopmsg.cancelled',
  /** A request sent after StopMsg and before ResumeMsg (warning). */
  stopRequest: 'les.stopmsg.request',
  /** A reply to a request that a StopMsg cancelled: les.md says it will not be answered (warning). */
  stopAnswered: 'les.stopmsg.answered',
  /** ResumeMsg without a StopMsg before it: a plain buffer update (info). */
  resumeUnstopped: 'les.resumemsg.unstopped',

  // Replies against their requests
  /** More items than asked for (headers, bodies, receipts, codes, statuses) (error). */
  replyCount: 'les.reply.count',
  /** A header that is not the one asked for (hash or number of the query's origin) (error). */
  replyHeader: 'les.reply.header',
  /** A body or receipts list whose root differs from the header seen for that hash (error). */
  replyRoot: 'les.reply.root',
  /** HelperTrieProofs with an auxData count other than the requests with auxReq ≠ 0 (warning). */
  auxData: 'les.helpertrie.auxdata',
  /** A GetBlockHeaders reverse flag other than 0 or 1 (warning). */
  reverseFlag: 'les.getblockheaders.reverse',
  /** GetHelperTrieProofs subType other than CHT (0) or BloomBits (1) (warning). */
  subType: 'les.helpertrie.subtype',
  /** TxStatus status other than 0–4 (warning). */
  txStatus: 'les.txstatus.status',
} as const;
