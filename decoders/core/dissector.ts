import type { DeclaredProtocol } from './declaration';
import type { JsonObject } from './json';
import type { DecodedMessage } from './message';
import type { Note } from './notes';

/** Where in the capture a piece of stream data arrived. */
export interface StreamPosition {
  /** 1-based frame number. */
  frame: number;
  /** Seconds since the epoch. */
  time: number;
}

export type Direction = 0 | 1;

/** Heuristic verdict on the first bytes one side sent, as Wireshark's heuristic dissectors answer. */
export type Detection = 'yes' | 'no' | 'need-more';

/** What the engine offers a connection's dissector. */
export interface ConnectionHost {
  /** Publishes a decoded message; the engine numbers it, pairs it and attaches pairing notes. */
  emit(direction: Direction, message: DecodedMessage, at: StreamPosition): void;
  /** The request still waiting for an answer that a response sent in `responseDirection` with this id would answer. */
  pendingRequest(responseDirection: Direction, requestId: string): { index: number; message: string } | undefined;
  /** A problem that belongs to no single message (bytes skipped to resynchronise, a stream that is not this protocol). */
  streamNote(direction: Direction, note: Note, at: StreamPosition): void;
}

/** Per-connection decoding state of one protocol (sans-io: bytes in, messages out through the host). */
export interface ConnectionDissector {
  /** In-order stream bytes of one direction. The array is only valid during the call: copy what you keep. */
  data(direction: Direction, bytes: Uint8Array, at: StreamPosition): void;
  /** `length` bytes of this direction were never captured. */
  gap(direction: Direction, length: number, at: StreamPosition): void;
  /** This direction ended (FIN, RST or end of capture). */
  end(direction: Direction, at: StreamPosition): void;
}

/** A protocol carried on TCP: its declaration plus the code that frames and decodes it on a byte stream. */
export interface TcpProtocol {
  declaration: DeclaredProtocol;
  /** Recognises the protocol from the first bytes one side sent. */
  detect(first: Uint8Array): Detection;
  open(host: ConnectionHost): ConnectionDissector;
  /** Decodes one whole framed message as it stands on the wire (`peerscope decode`). Never throws. */
  decodeMessage(bytes: Uint8Array): DecodedMessage;
  /** Encodes a message from the JSON `decodeMessage` yields (`peerscope encode`); throws EncodeError with a path. */
  encodeMessage(message: JsonObject, options?: { keepLengths?: boolean }): Uint8Array;
}
