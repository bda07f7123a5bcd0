/**
 * The one typed API between the UI and the engine. Electron serves it over IPC (contextBridge preload), the web
 * mode over a WebSocket; the renderer sees the same `PeerscopeApi` either way. Every value crossing it is plain
 * JSON (bytes as 0x-hex strings, or base64 where marked), so both transports carry it unchanged.
 */
import type { JsonObject, JsonValue } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import type { Severity } from '../../decoders/core/notes';
import type { PairInfo, PairStatus } from '../../decoders/core/pairing';

export type CaptureId = string;

/** Where a capture comes from: a path (Electron dialogs, recent files, `peerscope web FILE`), a bundled sample,
 * bytes the browser read from the file chooser or a drop (web mode, small files), or a file the browser sent
 * ahead with an HTTP upload (web mode, any size: `uploadCapture` in src-main/web/upload-client.ts). */
export type OpenSource =
  | { kind: 'path'; path: string }
  | { kind: 'sample'; name: string }
  | { kind: 'upload'; name: string; base64: string }
  | { kind: 'uploaded'; uploadId: string; name: string };

export interface OpenOptions {
  /** `tcp.port==9000:eth2rpc` rules. */
  decodeAs?: string[];
}

/** Key material to decode with: key-log text (RLPx, discv5 lines) and node private keys (hex). */
export interface KeyMaterial {
  keylogText?: string;
  keylogName?: string;
  nodeKeys?: string[];
}

export interface SampleInfo {
  /** Stable name to open it with (`hobbits`). */
  name: string;
  title: string;
  description: string;
  file: string;
  size: number;
  /** Key files shipped with it, loaded automatically when the sample is opened. */
  keyFiles: string[];
}

export interface RecentFile {
  path: string;
  name: string;
  openedAt: number;
}

export interface CaptureInfo {
  id: CaptureId;
  name: string;
  path: string | null;
  size: number;
  format: string | null;
}

/** Progress of the pass that reads a capture; rows appear while it runs. */
export interface LoadProgress {
  id: CaptureId;
  bytesRead: number;
  totalBytes: number;
  frames: number;
  messages: number;
  state: 'loading' | 'done' | 'cancelled' | 'failed';
  error?: string;
  /** File damage found so far (offset + reason). */
  damage: { offset: number; reason: string }[];
}

export type ColumnKey =
  'index' | 'time' | 'src' | 'dst' | 'protocol' | 'message' | 'requestId' | 'pair' | 'length' | 'info';

/** One line of the message list: what the columns show, no field tree. */
export interface MessageRow {
  index: number;
  frame: number;
  time: number;
  stream: string;
  src: string;
  dst: string;
  protocol: string;
  message: string;
  code: number | null;
  requestId: string | null;
  pair: PairInfo | null;
  /** Bytes of the message as it stood on the wire. */
  length: number;
  /** Short summary of the message's fields, as a Wireshark Info column. */
  info: string;
  /** The highest severity among its notes, or null when it has none. */
  severity: Severity | null;
  noteCount: number;
}

export interface ViewSpec {
  /** Display filter (the CLI's language); empty shows every message. */
  filter: string;
  sort?: { column: ColumnKey; descending: boolean };
}

export interface FilterProblem {
  message: string;
  position: number;
  length: number;
  suggestion?: string;
}

export interface ViewState {
  id: CaptureId;
  filter: string;
  sort: ViewSpec['sort'] | null;
  /** Rows in the view. */
  count: number;
  /** Messages in the capture so far. */
  total: number;
  /** How long applying the view took. */
  elapsedMs: number;
  /** Set when the filter does not compile; the previous view stays. */
  error: FilterProblem | null;
}

/** A Field of decoders/core/field.ts as JSON. */
export interface FieldNode {
  name: string;
  label?: string;
  shape: 'leaf' | 'struct' | 'list';
  value?: JsonValue;
  display?: string;
  start?: number;
  end?: number;
  source?: string;
  generated?: boolean;
  encoding?: boolean;
  notes?: { severity: Severity; kind: string; text: string; field: string | null }[];
  children?: FieldNode[];
}

export interface MessageDetail {
  /** The `inspect --json` object of the message, final pairing included. */
  record: MessageRecord;
  tree: FieldNode;
  /** The byte sources the tree's ranges refer to; the first is the message itself (fields without `source`). */
  sources: { name: string; base64: string }[];
  /** Human protocol/message description from the declaration. */
  summary: string;
}

export interface ExpertGroup {
  severity: Severity;
  kind: string;
  count: number;
  /**
   * The first notes of this group (capped), to jump to: `index` is the message, or null for a note about no single
   * message (a frame's malformed header, bytes skipped in a stream), which names its frame and stream instead.
   */
  items: { index: number | null; frame: number | null; stream: string | null; text: string; field: string | null }[];
}

export interface ConversationRow {
  stream: string;
  a: string;
  b: string;
  protocol: string | null;
  framesAtoB: number;
  framesBtoA: number;
  bytesAtoB: number;
  bytesBtoA: number;
  gaps: number;
  messages: number;
  unanswered: number;
}

export interface PeerRow {
  address: string;
  conversations: number;
  messages: number;
  bytes: number;
  protocols: string[];
  unanswered: number;
}

export interface Statistics {
  messages: { protocol: string; message: string; count: number; bytes: number }[];
  pairs: Record<PairStatus, number>;
  /** Response times of matched pairs, in milliseconds. */
  latency: {
    count: number;
    p50: number | null;
    p90: number | null;
    p99: number | null;
    max: number | null;
    histogram: { fromMs: number; toMs: number; count: number }[];
  };
}

export interface ProtocolInfo {
  name: string;
  title: string;
  transport: 'tcp' | 'udp' | 'carried';
  messages: { name: string; code: number | null; summary: string }[];
  /** JSON Schema of one message as `decode` prints it and `encode` reads it (the composer validates against it). */
  schema: JsonObject;
}

export interface DecodeResult {
  record: Omit<MessageRecord, 'index' | 'frame' | 'time' | 'stream' | 'src' | 'dst' | 'pair'>;
  tree: FieldNode;
  sources: { name: string; base64: string }[];
}

export type EncodeResult = { hex: string } | { error: string; path: string };

export interface FilterCompletion {
  from: number;
  to: number;
  options: string[];
}

export interface PeerscopeApi {
  about(): Promise<{ version: string; mode: 'electron' | 'web' }>;
  listSamples(): Promise<SampleInfo[]>;
  recentFiles(): Promise<RecentFile[]>;
  /** The captures open now (a web page opened after `peerscope web FILE`, or reconnecting, picks them up). */
  openCaptures(): Promise<CaptureInfo[]>;
  /** Starts reading; progress and new rows arrive as events. Resolves once the capture is registered. */
  openCapture(source: OpenSource, options?: OpenOptions): Promise<CaptureInfo>;
  cancelLoad(id: CaptureId): Promise<void>;
  closeCapture(id: CaptureId): Promise<void>;
  progress(id: CaptureId): Promise<LoadProgress>;
  setView(id: CaptureId, spec: ViewSpec): Promise<ViewState>;
  /** Rows `start … start+count` of the current view. */
  getRows(id: CaptureId, start: number, count: number): Promise<MessageRow[]>;
  /** The row of message `index` in the current view, or null when filtered out. */
  rowOf(id: CaptureId, index: number): Promise<number | null>;
  getMessage(id: CaptureId, index: number): Promise<MessageDetail>;
  expertInfo(id: CaptureId): Promise<ExpertGroup[]>;
  conversations(id: CaptureId): Promise<{ conversations: ConversationRow[]; peers: PeerRow[] }>;
  statistics(id: CaptureId): Promise<Statistics>;
  /** Adds keys and decodes the capture again with them. */
  loadKeys(id: CaptureId, keys: KeyMaterial): Promise<CaptureInfo>;
  checkFilter(filter: string): Promise<FilterProblem | null>;
  completeFilter(filter: string, cursor: number): Promise<FilterCompletion>;
  protocols(): Promise<ProtocolInfo[]>;
  decode(protocol: string, hex: string): Promise<DecodeResult>;
  encode(protocol: string, message: JsonObject): Promise<EncodeResult>;
  /** The current view as JSON Lines (`inspect --json`) or CSV of the columns. */
  exportView(id: CaptureId, format: 'jsonl' | 'csv'): Promise<{ name: string; text: string }>;
  /** The capture re-written as pcapng, with the loaded keys in a Decryption Secrets Block. */
  exportPcapng(id: CaptureId): Promise<{ name: string; base64: string }>;
}

/** Events the engine pushes to the UI. */
export type PeerscopeEvent =
  | { type: 'progress'; progress: LoadProgress }
  /**
   * New rows (and pairing updates) are available: `total` messages so far, `viewCount` rows in the current view.
   * `reset`: the capture is being read again (keys loaded): rows fetched before are gone.
   */
  | { type: 'rows'; id: CaptureId; total: number; viewCount: number; reset?: boolean }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; text: string; time: number }
  /** The Electron menu asked for something the UI does (Open, Load Keys, Export…). */
  | { type: 'menu'; command: string; payload?: JsonValue };

export const API_METHODS = [
  'about',
  'listSamples',
  'recentFiles',
  'openCaptures',
  'openCapture',
  'cancelLoad',
  'closeCapture',
  'progress',
  'setView',
  'getRows',
  'rowOf',
  'getMessage',
  'expertInfo',
  'conversations',
  'statistics',
  'loadKeys',
  'checkFilter',
  'completeFilter',
  'protocols',
  'decode',
  'encode',
  'exportView',
  'exportPcapng',
] as const satisfies readonly (keyof PeerscopeApi)[];

/** Every API method is listed above: the transports dispatch only these names. */
type UnlistedMethod = Exclude<keyof PeerscopeApi, (typeof API_METHODS)[number]>;
export const API_METHODS_COMPLETE: [UnlistedMethod] extends [never] ? true : never = true;
