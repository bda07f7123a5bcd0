/** The stable kinds of every note the uTP decoder raises (expert info), to filter and count them by. */
export const UTP_NOTES = {
  // One packet (BEP29 "Header format")
  /** The header is cut short, or an extension runs past the packet (error). */
  truncated: 'utp.truncated',
  /** Version other than 1 (error). */
  version: 'utp.version',
  /** Packet type 5–15: BEP29 defines 0–4 (error). */
  type: 'utp.type',
  /** A selective-ack bitmask whose length is not a multiple of 4 bytes (warning). */
  sackLength: 'utp.sack.length',
  /** An extension type BEP29 and libutp do not define: kept as bytes (info). */
  unknownExtension: 'utp.extension.unknown',
  /** A payload on a packet type that carries none (SYN, STATE, FIN, RESET) (warning). */
  unexpectedPayload: 'utp.payload.unexpected',
  /** A TALKRESP to a uTP packet that carries bytes: uTP ignores it (utp/discv5-utp.md) (info). */
  talkResponse: 'utp.talkresp.payload',

  // The connection (reassembly per connection id, BEP29 "Connection setup")
  /** No Portal Content/Accept on this flow announced the connection id (warning). */
  unannounced: 'utp.stream.unannounced',
  /** ST_DATA with a sequence number already received, same bytes: a retransmission (info). */
  retransmission: 'utp.data.retransmission',
  /** ST_DATA with a sequence number already received but different bytes; the first copy is kept (error). */
  conflict: 'utp.data.conflict',
  /** ST_DATA at or after the sequence number of the sender's ST_FIN (warning). */
  afterFin: 'utp.data.after-fin',
  /** ST_DATA whose sequence number lies before the start of the stream (warning). */
  beforeStart: 'utp.data.before-start',
  /** ST_DATA inside a stream already read and closed (its FIN acknowledged): its bytes are gone, not compared (info). */
  afterClose: 'utp.data.after-close',
  /** The connection was reset (ST_RESET) before the announced content was complete (warning). */
  reset: 'utp.stream.reset',
  /**
   * The acceptor's data starts one after its SYN-ACK's seq_nr: numbered as Ultralight does, or the first data packet
   * was not captured (libutp numbering, which the Portal spec follows) (info).
   */
  startAfterSynAck: 'utp.data.start',
  /** A second ST_SYN for a connection already set up (warning). */
  repeatedSyn: 'utp.syn.repeated',
} as const;
