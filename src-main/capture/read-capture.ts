import { createReadStream } from 'node:fs';
import { addAbortSignal, Readable } from 'node:stream';
import { describeMagic, detectCaptureFormat, type CaptureFormat } from '../../decoders/net/capture-format';
import type { CaptureDamage, CaptureRecord, NameRecord } from '../../decoders/net/types';
import type { CaptureFormatReader } from './capture-format-reader';
import { PcapRecordReader } from './pcap-record-reader';
import { PcapngRecordReader } from './pcapng-record-reader';

export interface CaptureHandlers {
  /** One packet record; its data is only valid during the call. */
  record(rec: CaptureRecord): void;
  /** A pcapng Decryption Secrets Block: secrets type, data, file offset of the data. */
  secrets?(secretsType: number, data: Uint8Array, offset: number): void;
  /** A pcapng Name Resolution Block entry. */
  names?(record: NameRecord): void;
  /** The file cannot be read past `offset`; reading stopped there. */
  damage(problem: CaptureDamage): void;
}

export interface CaptureFileInfo {
  format: CaptureFormat;
  frames: number;
  /** Bytes read from the file or stream. */
  bytes: number;
  damaged: boolean;
}

export interface ReadCaptureOptions {
  signal?: AbortSignal;
  /** Names the input in error messages (the path for files; `stdin`, `tcpdump` for streams). */
  name?: string;
}

/** Large reads: per-chunk costs (a syscall, a stream event, pcap-parser's buffer join) vanish. */
const CHUNK_SIZE = 1 << 20;
/** Enough to hold a pcap file header, and the magic of either format. */
const HEAD_SIZE = 24;

/** Reads a pcap or pcapng file, streamed; resolves when the file is read or damage stopped it. */
export function readCaptureFile(
  path: string,
  handlers: CaptureHandlers,
  options: ReadCaptureOptions = {},
): Promise<CaptureFileInfo> {
  const input = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  return readCaptureStream(input, handlers, { ...options, name: options.name ?? path });
}

/**
 * Reads a capture from a stream (stdin, `tcpdump -w -`). Throws when the input is in neither format; damage in
 * the file is reported to `handlers.damage`, not thrown. An aborted read rejects with the signal's reason.
 */
export async function readCaptureStream(
  input: NodeJS.ReadableStream,
  handlers: CaptureHandlers,
  options: ReadCaptureOptions = {},
): Promise<CaptureFileInfo> {
  const name = options.name ?? 'capture stream';
  const signal = options.signal;
  signal?.throwIfAborted();
  if (signal && input instanceof Readable) addAbortSignal(signal, input);
  const head: Buffer[] = [];
  let headLength = 0;
  let reader: CaptureFormatReader | null = null;
  let format: CaptureFormat = 'pcap';
  let bytes = 0;
  for await (const piece of input) {
    signal?.throwIfAborted();
    const chunk = asBuffer(piece);
    bytes += chunk.length;
    if (reader !== null) {
      reader.push(chunk);
    } else {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < HEAD_SIZE) continue;
      ({ reader, format } = openReader(Buffer.concat(head), name, handlers));
    }
    if (reader.stopped) break;
  }
  if (reader === null) ({ reader, format } = openReader(Buffer.concat(head), name, handlers));
  reader.end();
  return { format, frames: reader.frames, bytes, damaged: reader.damaged };
}

/** Picks the reader for the file's magic and gives it the bytes read so far. */
function openReader(
  head: Buffer,
  name: string,
  handlers: CaptureHandlers,
): { reader: CaptureFormatReader; format: CaptureFormat } {
  const magic = detectCaptureFormat(head);
  if (magic === null) throw new Error(`${name}: not a pcap or pcapng capture (${describeMagic(head)})`);
  const reader = magic.format === 'pcapng' ? new PcapngRecordReader(handlers) : new PcapRecordReader(magic, handlers);
  reader.push(head);
  return { reader, format: magic.format };
}

function asBuffer(piece: unknown): Buffer {
  if (Buffer.isBuffer(piece)) return piece;
  if (piece instanceof Uint8Array) return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  throw new TypeError('capture stream must yield bytes, not text (is an encoding set on it?)');
}
