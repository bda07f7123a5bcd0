import { EventEmitter } from 'node:events';
import pcapParser from 'pcap-parser';
import { PCAP_MAGIC_MICROS, type CaptureMagic } from '../../decoders/net/capture-format';
import type { CaptureDamage, CaptureRecord } from '../../decoders/net/types';
import type { CaptureFormatReader } from './capture-format-reader';

const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/**
 * The largest record accepted, as tshark checks (WTAP_MAX_PACKET_SIZE_STANDARD). pcap-parser buffers until a
 * record is whole, so without this check one corrupt length would make it hold the rest of the file.
 */
const MAX_PCAP_RECORD = 262144;
/** The link type sits in the low bits; the high ones may carry FCS information. */
const LINKTYPE_MASK = 0x03ffffff;

export interface PcapRecordHandlers {
  record(rec: CaptureRecord): void;
  damage(problem: CaptureDamage): void;
}

/**
 * Classic pcap through pcap-parser, which is event based and takes a stream: it is given a stand-in stream that
 * this reader pushes chunks into, so that reading, format detection, abort and the damage checks it lacks stay
 * here.
 *
 * pcap-parser knows only the microsecond magic. A nanosecond file has the same layout with the fraction in
 * nanoseconds, so its magic is presented to pcap-parser as the microsecond magic of the same byte order, and
 * the fraction it reports is read as nanoseconds.
 */
export class PcapRecordReader implements CaptureFormatReader {
  frames = 0;
  damaged = false;
  stopped = false;
  private readonly input = new ParserInput();
  private readonly fractionsPerSecond: number;
  private linkType = 0;
  /** Bytes given to pcap-parser, and the file offset up to which it has reported whole records. */
  private fed = 0;
  private consumed = FILE_HEADER;
  private pendingCapturedLength = 0;

  constructor(
    private readonly magic: CaptureMagic,
    private readonly handlers: PcapRecordHandlers,
  ) {
    this.fractionsPerSecond = magic.format === 'pcap-nsec' ? 1e9 : 1e6;
    const parser = pcapParser.parse(this.input);
    parser.on('globalHeader', (header) => {
      this.linkType = header.linkLayerType & LINKTYPE_MASK;
    });
    parser.on('packetHeader', (header) => this.recordHeader(header));
    parser.on('packet', (packet) => this.packet(packet));
    parser.on('error', (error) => this.fail(4, error.message));
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    if (this.fed === 0) {
      if (!this.supportedVersion(chunk)) return;
      chunk = this.presentMagic(chunk);
    }
    this.fed += chunk.length;
    this.input.emit('data', chunk);
  }

  end(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.fed < FILE_HEADER) {
      this.report(0, `pcap file header is cut short: ${this.fed} of ${FILE_HEADER} bytes`);
      return;
    }
    const left = this.fed - this.consumed;
    if (left === 0) return;
    if (left < RECORD_HEADER) {
      this.report(this.consumed, `truncated record header: ${left} of ${RECORD_HEADER} bytes`);
    } else {
      this.report(
        this.consumed,
        `truncated record: ${this.pendingCapturedLength} bytes captured, only ${left - RECORD_HEADER} are in the file`,
      );
    }
  }

  /** Version 2.x, what every writer produces; pcap-parser's own check would let 3.4 and 1.4 through. */
  private supportedVersion(first: Buffer): boolean {
    if (first.length < 8) return true;
    const read = (at: number): number => (this.magic.littleEndian ? first.readUInt16LE(at) : first.readUInt16BE(at));
    if (read(4) === 2) return true;
    this.fail(4, `unsupported pcap version ${read(4)}.${read(6)}`);
    return false;
  }

  /** The first chunk, with a nanosecond magic rewritten to the microsecond one pcap-parser accepts. */
  private presentMagic(chunk: Buffer): Buffer {
    if (this.magic.format !== 'pcap-nsec') return chunk;
    const copy = Buffer.from(chunk);
    if (this.magic.littleEndian) copy.writeUInt32LE(PCAP_MAGIC_MICROS, 0);
    else copy.writeUInt32BE(PCAP_MAGIC_MICROS, 0);
    return copy;
  }

  private recordHeader(header: pcapParser.PacketHeader): void {
    this.pendingCapturedLength = header.capturedLength;
    if (header.capturedLength > MAX_PCAP_RECORD) {
      this.fail(
        this.consumed,
        `record has ${header.capturedLength} captured bytes, more than the maximum of ${MAX_PCAP_RECORD}`,
      );
    }
  }

  private packet(packet: pcapParser.Packet): void {
    if (this.stopped) return;
    const { header, data } = packet;
    const fileOffset = this.consumed + RECORD_HEADER;
    this.consumed = fileOffset + data.length;
    this.handlers.record({
      frame: ++this.frames,
      time: header.timestampSeconds + header.timestampMicroseconds / this.fractionsPerSecond,
      linkType: this.linkType,
      // A plain Uint8Array view: downstream `slice()` must copy, which a Buffer's does not.
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      originalLength: header.originalLength,
      fileOffset,
      interfaceId: 0,
    });
  }

  /** Damage that ends the file: nothing after it is read. */
  private fail(offset: number, reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.report(offset, reason);
  }

  private report(offset: number, reason: string): void {
    this.damaged = true;
    this.handlers.damage({ offset, reason });
  }
}

/** The stream pcap-parser listens to; chunks are pushed into it synchronously. */
class ParserInput extends EventEmitter {
  pause(): this {
    return this;
  }

  resume(): this {
    return this;
  }
}
