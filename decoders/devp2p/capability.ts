import type { CarriedProtocol, Direction, StreamPosition } from '../core/dissector';
import type { KeyStore } from '../core/keys';
import type { DecodedMessage } from '../core/message';
import type { Note } from '../core/notes';

/**
 * An RLPx capability (les, ress, eth, snap): a protocol carried in RLPx frames after the base `p2p` protocol.
 * The RLPx dissector negotiates capabilities from both Hellos (shared names, highest common version, sorted by
 * name, message ids from 0x10 in that order) and hands each decrypted, decompressed message to the session of the
 * capability its id falls in, with the capability-relative code.
 */
export interface Capability extends CarriedProtocol {
  /** The name advertised in Hello (`les`). */
  capability: string;
  /** How many message ids the capability uses at `version` (its offset length), or undefined if unknown. */
  length(version: number): number | undefined;
  /** Per-connection state of this capability at the negotiated version. */
  open(host: CapabilityHost, version: number): CapabilitySession;
}

/** What the RLPx dissector offers a capability session. */
export interface CapabilityHost {
  /** Publishes a decoded message (protocol = the capability's declaration name); the engine numbers and pairs it. */
  emit(direction: Direction, message: DecodedMessage, at: StreamPosition): void;
  /** The request in flight that a response sent in `responseDirection` with this id would answer. */
  pendingRequest(responseDirection: Direction, requestId: string): { index: number; message: string } | undefined;
  streamNote(direction: Direction, note: Note, at: StreamPosition): void;
  /** Withdraws requests of this capability the message just emitted cancelled (LES StopMsg). */
  cancelRequests(requestDirection: Direction, requestIds: readonly string[]): void;
  keys: KeyStore;
  /** The 64-byte public key (node id) of the side that sends in `direction`, when the handshake revealed it. */
  nodeId(direction: Direction): Uint8Array | undefined;
  /** Which side opened the connection (sent the auth message). */
  readonly initiator: Direction;
}

/** One decrypted, decompressed capability message and the byte sources it was cut from. */
export interface CapabilityMessage {
  /** Capability-relative message code. */
  code: number;
  /** The message data (RLP) after the code: the byte source field ranges refer to. */
  payload: Uint8Array;
  /** Byte sources shown beside the payload (the encrypted frame, the decrypted frame, the compressed data). */
  sources: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
}

export interface CapabilitySession {
  message(direction: Direction, message: CapabilityMessage, at: StreamPosition): void;
}
