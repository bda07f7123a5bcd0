import type { CarriedProtocol, Direction, StreamPosition } from '../core/dissector';
import type { KeyStore } from '../core/keys';
import type { DecodedMessage } from '../core/message';
import type { Note } from '../core/notes';

/**
 * A protocol carried in discv5 TALKREQ/TALKRESP (the Portal networks, uTP): the discv5 dissector decrypts the
 * packets, routes each TALKREQ by its protocol bytes and each TALKRESP by the request it answers, and hands the
 * payload over. The carried protocol emits its own messages (protocol `portal`, `utp`), paired on top of the
 * discv5 request id.
 */
export interface TalkProtocol extends CarriedProtocol {
  /** Whether this protocol handles TALKREQ protocol bytes `protocolId` (e.g. 0x500B history, `utp`). */
  handles(protocolId: Uint8Array): boolean;
  /** Per discv5 flow (node pair) state. */
  open(host: TalkHost): TalkSession;
}

/**
 * The identity of one discv5 flow, the same object for the sessions of every carried protocol on it. It has no
 * members: carried protocols key the state they share on it (a WeakMap from flow to state), which is how a uTP
 * stream finds the Portal Content or Accept that announced it without either protocol knowing the other's session.
 */
export type TalkFlow = object;

export interface TalkHost {
  /** Publishes a message of the carried protocol; the discv5 packet and TALKREQ/TALKRESP fields are attached. */
  emit(direction: Direction, message: DecodedMessage, at: StreamPosition): void;
  /**
   * The request of this carried protocol still waiting for an answer that a response sent in `responseDirection`
   * with this discv5 request id would answer, with its message index (what a later message links to).
   */
  pendingRequest(responseDirection: Direction, requestId: string): { index: number; message: string } | undefined;
  streamNote(direction: Direction, note: Note, at: StreamPosition): void;
  keys: KeyStore;
  /** Decoded ENR key/values of the node that sends in `direction`, when an ENR of it was seen (Portal reads `pv`). */
  enr(direction: Direction): ReadonlyMap<string, Uint8Array> | undefined;
  /** The flow this session belongs to: shared by the carried protocols' sessions of one flow. */
  readonly flow: TalkFlow;
}

/** One TALKREQ or TALKRESP payload with its discv5 context. */
export interface TalkPayload {
  kind: 'request' | 'response';
  /** discv5 request id as lowercase hex: Portal messages use it as their requestId. */
  requestId: string;
  /** The TALKREQ protocol bytes (for a response: those of the request it answers, when seen). */
  protocolId: Uint8Array | null;
  payload: Uint8Array;
  /** Byte sources beside the payload (the UDP datagram, the decrypted message). */
  sources: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
}

export interface TalkSession {
  talk(direction: Direction, talk: TalkPayload, at: StreamPosition): void;
  /** The flow ended (end of capture): what the session still expected can be reported (missing uTP streams). */
  end?(at: StreamPosition): void;
}
