import type { Note } from '../core/notes';

/** One packet record of a capture file, whatever the file format. */
export interface CaptureRecord {
  /** 1-based, counts every record in the file (tshark's frame.number). */
  frame: number;
  /** Seconds since the epoch as a float (sec + frac). */
  time: number;
  /** LINKTYPE_* of the record's interface. */
  linkType: number;
  /** Captured bytes; only valid during the callback (copy what you keep). */
  data: Uint8Array;
  originalLength: number;
  /** File offset of the record's first packet-data byte. */
  fileOffset: number;
  /** 0 for pcap; the pcapng interface id within its section otherwise. */
  interfaceId: number;
  comment?: string;
}

/** The file cannot be read past `offset`: everything before it was delivered. */
export interface CaptureDamage {
  offset: number;
  reason: string;
}

/** A pcapng Name Resolution Block entry: an address and the host names it had at capture time. */
export interface NameRecord {
  /** Address as tshark prints it (dotted IPv4, RFC 5952 IPv6). */
  address: string;
  names: string[];
}

/** Where in the capture something happened. */
export interface FrameInfo {
  frame: number;
  time: number;
}

export interface Endpoint {
  ip: string;
  port: number;
}

export interface TcpConnection {
  /** tcp stream index -> "tcp:<id>" (tshark's tcp.stream). */
  id: number;
  /** a = source of the first packet seen for the stream. */
  a: Endpoint;
  b: Endpoint;
  /** Every TCP packet of the stream, including pure ACKs. */
  framesAtoB: number;
  framesBtoA: number;
  /** Payload bytes after reassembly (delivered stream bytes). */
  bytesAtoB: number;
  bytesBtoA: number;
  /** Number of gaps declared. */
  gaps: number;
  /** Slot for the engine's per-connection state. */
  user?: unknown;
}

export interface UdpFlow {
  /** udp stream index -> "udp:<id>" (tshark's udp.stream). */
  id: number;
  a: Endpoint;
  b: Endpoint;
  framesAtoB: number;
  framesBtoA: number;
  bytesAtoB: number;
  bytesBtoA: number;
  user?: unknown;
}

export type FlowDirection = 0 | 1;

export type TcpEndReason = 'fin' | 'rst' | 'capture-end';

/** What the network layers hand on. Byte arrays are only valid during the call: copy what you keep. */
export interface FlowSink {
  /** In-order stream bytes; dir 0 = a->b. */
  tcpData(conn: TcpConnection, dir: FlowDirection, bytes: Uint8Array, at: FrameInfo): void;
  /** `length` bytes of the stream were never captured. */
  tcpGap(conn: TcpConnection, dir: FlowDirection, length: number, at: FrameInfo): void;
  /** The direction ended; called once per direction. */
  tcpEnd(conn: TcpConnection, dir: FlowDirection, how: TcpEndReason, at: FrameInfo): void;
  udpDatagram(flow: UdpFlow, dir: FlowDirection, bytes: Uint8Array, at: FrameInfo): void;
  /** Malformed headers and other findings about one frame, kind like `ip.bad-header`. */
  frameNote(frame: number, note: Note): void;
}
