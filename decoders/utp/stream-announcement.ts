import type { Direction, StreamPosition } from '../core/dissector';
import type { Field } from '../core/field';

/**
 * What the protocol riding on uTP (Portal) tells the uTP dissector about a stream it announced: a Content or
 * Accept message carried the connection id, and the request before it says what the stream holds. uTP knows
 * nothing of Portal; it only reassembles, and hands the data to the announcement's reader.
 */
export interface UtpStreamAnnouncement {
  /** The id the announcing message carried: the acceptor's send id, which the initiator's ST_SYN also carries. */
  connectionId: number;
  /** The side that opens the stream (sends ST_SYN): the one the announcement was sent to. */
  initiator: Direction;
  /** The side whose data the announcement is about. */
  dataSender: Direction;
  at: StreamPosition;
  /** One line for the tree: what the stream carries and which message announced it. */
  description: string;
  /** Index of the request the announcement answered (FindContent, Offer), when known. */
  requestIndex: number | null;
  reader: UtpStreamReader;
  /** Called once when no packet of the stream appeared within the wait, or the flow ended without one. */
  missing(at: StreamPosition, reason: string): void;
}

/** Reads the data of an announced stream. */
export interface UtpStreamReader {
  /** Whether `data` already holds everything announced (by its own framing), so reading need not wait for FIN. */
  isComplete(data: Uint8Array): boolean;
  /**
   * The field tree of the data, ranges in `data`; never throws. `ending` says why it is read now: its framing is
   * complete, the sender's FIN closed it, the connection was reset, or the flow ended.
   */
  read(data: Uint8Array, ending: StreamEnding): Field;
}

export type StreamEnding = 'complete' | 'fin' | 'reset' | 'end';

const READ_ALREADY: UtpStreamReader = {
  isComplete: () => true,
  read: () => {
    throw new Error('the announced content was read already');
  },
};

/**
 * The announcement once its content was read: what the tree still shows of it (which message announced what),
 * without the reader and callback, which hold the announcing message and its request.
 */
export function settledAnnouncement(a: UtpStreamAnnouncement): UtpStreamAnnouncement {
  const { connectionId, initiator, dataSender, at, description, requestIndex } = a;
  return {
    connectionId,
    initiator,
    dataSender,
    at,
    description,
    requestIndex,
    reader: READ_ALREADY,
    missing: () => {},
  };
}
