import type { DeclaredProtocol } from './declaration';
import type { KeyStore } from './keys';
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
  /**
   * The request still waiting for an answer that a response sent in `responseDirection` with this id would answer;
   * `protocol` names a carried protocol (LES in RLPx, Portal in discv5), else the dissector's own.
   */
  pendingRequest(
    responseDirection: Direction,
    requestId: string,
    protocol?: string,
  ): { index: number; message: string } | undefined;
  /** A problem that belongs to no single message (bytes skipped to resynchronise, a stream that is not this protocol). */
  streamNote(direction: Direction, note: Note, at: StreamPosition): void;
  /**
   * The requests `requestIds` sent in `requestDirection` were withdrawn by the message just emitted (an LES
   * StopMsg): their pairing becomes `cancelled`, pointing at that message, instead of `unanswered`.
   */
  cancelRequests(requestDirection: Direction, requestIds: readonly string[], protocol?: string): void;
  /** Key logs and node keys the user supplied (may grow while a capture is read: pcapng secrets blocks). */
  readonly keys: KeyStore;
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

/** What `peerscope decode/encode PROTOCOL` works with: one message of a protocol as it stands in its carrier. */
export interface MessageCodec {
  declaration: DeclaredProtocol;
  /** Decodes one whole message (for framed protocols: as it stands on the wire). Never throws. */
  decodeMessage(bytes: Uint8Array): DecodedMessage;
  /** Encodes a message from the JSON `decodeMessage` yields, or a minimal composer JSON; throws EncodeError with a path. */
  encodeMessage(message: JsonObject, options?: { keepLengths?: boolean }): Uint8Array;
}

/** A protocol carried on TCP: its declaration plus the code that frames and decodes it on a byte stream. */
export interface TcpProtocol extends MessageCodec {
  transport: 'tcp';
  /** Recognises the protocol from the first bytes one side sent (keys help where there is no plaintext marker). */
  detect(first: Uint8Array, keys?: KeyStore): Detection;
  open(host: ConnectionHost): ConnectionDissector;
}

/** Per-flow decoding state of a datagram protocol. */
export interface DatagramDissector {
  datagram(direction: Direction, bytes: Uint8Array, at: StreamPosition): void;
  /**
   * The flow ended: UDP has no FIN, so this is the end of the capture (or of a live source). What a flow still
   * expected (an announced stream, the rest of a transfer) can be reported now.
   */
  end?(at: StreamPosition): void;
}

/** A protocol carried on UDP (discv5, and Portal and uTP inside it). */
export interface UdpProtocol extends MessageCodec {
  transport: 'udp';
  detect(datagram: Uint8Array, keys?: KeyStore): Detection;
  open(host: ConnectionHost): DatagramDissector;
}

/** A protocol carried inside another (LES, ress, eth, snap in RLPx; Portal in discv5): decoded by its carrier. */
export interface CarriedProtocol extends MessageCodec {
  transport: 'carried';
}

export type Protocol = TcpProtocol | UdpProtocol | CarriedProtocol;
