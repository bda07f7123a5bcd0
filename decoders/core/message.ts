import type { Field } from './field';
import type { JsonObject } from './json';
import type { Note } from './notes';
import type { PairInfo } from './pairing';

/** A message as a protocol decoder produces it: no capture context yet. */
export interface DecodedMessage {
  /** Protocol key: `hobbits`, `eth2rpc`, `p2p`, `les`, `ress`, `eth`, `snap`, `discv5`, `portal`, `utp`. */
  protocol: string;
  /** Message name as the spec spells it. */
  message: string;
  code: number | null;
  requestId: string | null;
  /** Root of the field tree; its children are the message's top-level fields. */
  tree: Field;
  /** The message's bytes as they stood on the wire (after reassembly): the byte source of `tree`'s ranges. */
  bytes: Uint8Array;
  /** Further byte sources (decrypted frame, decompressed payload) that fields name in `source`. */
  sources?: ReadonlyArray<{ name: string; bytes: Uint8Array }>;
  /** A response sent as several messages (`total` in discv5/Portal NODES): how many the set has. */
  responseParts?: number;
}

/** A decoded message placed in its capture: what `inspect --json` prints, one per line. */
export interface MessageRecord {
  index: number;
  /** 1-based frame number where the message completed. */
  frame: number;
  /** Capture timestamp, seconds since the epoch. */
  time: number;
  /** `tcp:3`, `udp:1`. */
  stream: string;
  src: string;
  dst: string;
  protocol: string;
  message: string;
  code: number | null;
  requestId: string | null;
  pair: PairInfo | null;
  fields: JsonObject;
  notes: Note[];
}

export const MESSAGE_RECORD_KEYS = [
  'index',
  'frame',
  'time',
  'stream',
  'src',
  'dst',
  'protocol',
  'message',
  'code',
  'requestId',
  'pair',
  'fields',
  'notes',
] as const satisfies readonly (keyof MessageRecord)[];
