/**
 * What the capture worker and the service say to each other. Rows travel as columns (typed arrays, transferred,
 * not copied) plus the strings new in the batch, so a million messages cost a few hundred messages of IPC.
 */

/** Key material given at the start of a pass (user key logs, sample key files, node keys). */
export interface KeyInput {
  keylogs: { text: string; source: string }[];
  /** 32-byte private keys as hex. */
  nodeKeys: string[];
}

export interface LoadJob {
  kind: 'load';
  path: string;
  /** `tcp.port==9000:eth2rpc` rules, already checked by the service. */
  decodeAs: string[];
  keys: KeyInput;
  /** The replay log the pass writes (the service reads it to decode a message again). */
  replayLogPath: string;
}

/** A full second pass that prints `inspect --json` lines for the messages of a view (as `inspect`'s second pass). */
export interface ExportJob {
  kind: 'export-jsonl';
  path: string;
  decodeAs: string[];
  keys: KeyInput;
  /** One byte per message: 1 when it is in the view. */
  wanted: Uint8Array;
  /** Final pairing per message, as in the service's columns. */
  pairs: PairColumns;
  /** Where to write the lines, in message order. */
  outputPath: string;
}

export type WorkerJob = LoadJob | ExportJob;

export type ServiceToWorker = { type: 'start'; job: WorkerJob } | { type: 'cancel' };

/** Final pairing of every message so far: status code (PAIR_STATUSES), partner (-1: none), latency (NaN: none). */
export interface PairColumns {
  status: Uint8Array;
  partner: Int32Array;
  latency: Float64Array;
}

/** A replay group: one TCP connection's dissector, or every flow of one UDP protocol (discv5 shares what it learns). */
export interface GroupDescriptor {
  group: number;
  kind: 'tcp' | 'udp';
  protocol: string;
}

/** The conversation a group's flow (a dissector; always 0 for TCP) decodes, known from its first message. */
export interface FlowBinding {
  group: number;
  flow: number;
  conversation: { stream: string; endpoints: [string, string] };
}

/** Rows of one batch, index `first … first+count-1`. Strings are ids into tables grown by `strings`. */
export interface RowBatch {
  first: number;
  count: number;
  frame: Uint32Array;
  time: Float64Array;
  /** Conversation id (see `conversations`) and direction: src = endpoints[direction]. */
  conversation: Uint32Array;
  direction: Uint8Array;
  /** Message type id (see `types`): protocol, message name and code. */
  type: Uint32Array;
  requestIds: (string | null)[];
  pairStatus: Uint8Array;
  pairPartner: Int32Array;
  pairLatency: Float64Array;
  length: Uint32Array;
  group: Uint32Array;
  ordinal: Uint32Array;
  /** Notes per row; their contents follow in `notes`, row by row. */
  noteCount: Uint16Array;
  /** The field store's bytes of each row, back to back; `fieldLength` says where each ends. */
  fieldBytes: Uint8Array;
  fieldLength: Uint32Array;
}

export interface NoteEntry {
  severity: 0 | 1 | 2;
  kind: string;
  text: string;
  field: string | null;
}

export interface ConversationEntry {
  id: number;
  stream: string;
  endpoints: [string, string];
}

export interface MessageTypeEntry {
  id: number;
  protocol: string;
  message: string;
  code: number | null;
}

/** Traffic figures of one TCP connection or UDP flow, as tshark's conversation tables count them. */
export interface FlowFigures {
  stream: string;
  a: string;
  b: string;
  framesAtoB: number;
  framesBtoA: number;
  bytesAtoB: number;
  bytesBtoA: number;
  gaps: number;
  protocol: string | null;
}

/** A note about no single message: a frame's malformed header, a stream's skipped bytes. */
export interface LooseNote extends NoteEntry {
  frame: number;
  stream: string | null;
}

export interface ProgressFigures {
  bytesRead: number;
  frames: number;
  messages: number;
}

export interface Batch {
  type: 'batch';
  rows: RowBatch | null;
  notes: NoteEntry[];
  conversations: ConversationEntry[];
  types: MessageTypeEntry[];
  /** New field-store keys and shared values, appended to the service's tables in order. */
  keys: string[];
  values: string[];
  groups: GroupDescriptor[];
  bindings: FlowBinding[];
  /** Replay log runs written for this batch: [group, offset, length] triples. */
  runs: Float64Array;
  /** Pairing of earlier requests that changed: index, status, partner, latency. */
  pairUpdates: { index: number; status: number; partner: number; latency: number }[];
  looseNotes: LooseNote[];
  /** Key-log text a pcapng secrets block added, with the frame after which it applies. */
  secrets: { afterFrame: number; text: string; source: string }[];
  damage: { offset: number; reason: string }[];
  keyProblems: { source: string; text: string }[];
  progress: ProgressFigures;
  /** Set now and then, and with the last batch. */
  flowFigures: FlowFigures[] | null;
}

export interface LoadFinished {
  type: 'done';
  state: 'done' | 'cancelled';
  format: string | null;
  frames: number;
  bytes: number;
  undecoded: number;
  /** Requests still waiting for an answer when the pass ended, by index. */
  unanswered: number[];
  elapsedMs: number;
}

export interface ExportFinished {
  type: 'exported';
  lines: number;
}

export interface WorkerFailed {
  type: 'failed';
  error: string;
}

/** The worker has loaded its code and protocols: a job starts at once. */
export interface WorkerReady {
  type: 'ready';
}

export type WorkerToService = WorkerReady | Batch | LoadFinished | ExportFinished | WorkerFailed;

/** Pair status codes in the columns; 0 is "neither request nor response". */
export const PAIR_STATUSES = [null, 'matched', 'unanswered', 'orphan', 'duplicate', 'mismatch', 'cancelled'] as const;
export const SEVERITY_CODES = ['info', 'warning', 'error'] as const;
