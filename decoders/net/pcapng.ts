import { formatIpv4, formatIpv6 } from './ip-address';
import type { CaptureDamage, CaptureRecord, NameRecord } from './types';

/** What the pcapng parser reports. Record data is only valid during the call. */
export interface PcapngHandlers {
  record(rec: CaptureRecord): void;
  /** A Decryption Secrets Block: its secrets type, data, and the data's file offset. */
  secrets?(secretsType: number, data: Uint8Array, offset: number): void;
  /** Entries of Name Resolution Blocks, as they come. */
  names?(record: NameRecord): void;
  /** The file cannot be read past this point; parsing stopped. */
  damage(problem: CaptureDamage): void;
}

/** An Interface Description Block of the current section. */
export interface PcapngInterface {
  linkType: number;
  /** 0: no limit. */
  snapLength: number;
  /** if_tsresol as timestamp units per second. */
  ticksPerSecond: number;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSeconds: number;
  name?: string;
}

// Block types (pcapng draft §4, §5).
const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 0x00000001;
const OBSOLETE_PACKET = 0x00000002;
const SIMPLE_PACKET = 0x00000003;
const NAME_RESOLUTION = 0x00000004;
const ENHANCED_PACKET = 0x00000006;
const DECRYPTION_SECRETS = 0x0000000a;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Type, length, and the trailing length: the smallest block. */
const MIN_BLOCK = 12;
/**
 * The largest block accepted (16 MiB, what tshark allows a packet, plus room for options): a larger length is
 * damage, and buffering it would let one bad length field claim unbounded memory.
 */
const MAX_BLOCK_LENGTH = 16 * 1024 * 1024 + 65536;
/** Name Resolution entries kept; a file may hold more than anyone needs. */
const MAX_NAME_RECORDS = 1 << 16;

const OPT_END = 0;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

const NRB_END = 0;
const NRB_IPV4 = 1;
const NRB_IPV6 = 2;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * A push parser for pcapng (draft-ietf-opsawg-pcapng): feed it chunks of the file in order, it reports packets
 * as records. Whole blocks are read in place from the chunk; only a block split across chunks is copied. After
 * damage it stops and ignores further input; everything before the damage has been reported.
 */
export class PcapngParser {
  /** Packet records reported so far. */
  frames = 0;
  damaged = false;
  readonly names: NameRecord[] = [];
  private interfaces: PcapngInterface[] = [];
  private littleEndian = true;
  private sections = 0;
  /** File offset of the first byte not yet parsed (the start of `carry` when it holds bytes). */
  private offset = 0;
  /** A block split across chunks, being completed. */
  private carry = new Uint8Array(0);
  private carried = 0;
  /** Position in its bytes of the block being parsed, which starts at file offset `offset`. */
  private blockPos = 0;
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewBytes: Uint8Array | null = null;

  constructor(private readonly handlers: PcapngHandlers) {}

  push(chunk: Uint8Array): void {
    if (this.damaged) return;
    let pos = this.carried > 0 ? this.completeCarriedBlock(chunk) : 0;
    while (pos >= 0 && pos < chunk.length && !this.damaged) {
      const remaining = chunk.length - pos;
      const length = remaining < MIN_BLOCK ? -1 : this.blockLength(chunk, pos);
      if (length === 0) return;
      if (length < 0 || remaining < length) {
        this.startCarry(chunk.subarray(pos));
        return;
      }
      this.block(chunk, pos, length);
      this.offset += length;
      pos += length;
    }
  }

  /** End of input: a block still incomplete was cut short. */
  end(): void {
    if (this.damaged || this.carried === 0) return;
    const length = this.carried >= MIN_BLOCK ? this.blockLength(this.carry, 0) : -1;
    if (length === 0) return;
    this.fail(
      length < 0
        ? `truncated block header: ${this.carried} of at least ${MIN_BLOCK} bytes`
        : `truncated block: its length is ${length} bytes, only ${this.carried} are in the file`,
    );
  }

  /** Adds chunk bytes to the carried block; returns where the chunk's own blocks start, or -1 if all was used. */
  private completeCarriedBlock(chunk: Uint8Array): number {
    let pos = 0;
    if (this.carried < MIN_BLOCK) {
      pos = this.appendCarry(chunk, 0, MIN_BLOCK - this.carried);
      if (this.carried < MIN_BLOCK) return -1;
    }
    const length = this.blockLength(this.carry, 0);
    if (length === 0) return -1;
    pos = this.appendCarry(chunk, pos, length - this.carried);
    if (this.carried < length) return -1;
    this.block(this.carry, 0, length);
    this.offset += length;
    this.carried = 0;
    if (this.carry.length > 1 << 20) this.carry = new Uint8Array(0);
    return pos;
  }

  private startCarry(rest: Uint8Array): void {
    this.carried = 0;
    this.appendCarry(rest, 0, rest.length);
  }

  /** Copies up to `want` bytes of `chunk` from `pos` into the carry; returns the position after them. */
  private appendCarry(chunk: Uint8Array, pos: number, want: number): number {
    const n = Math.min(want, chunk.length - pos);
    if (this.carried + n > this.carry.length) {
      const grown = new Uint8Array(Math.max(this.carried + n, Math.min(2 * this.carry.length, MAX_BLOCK_LENGTH), 4096));
      grown.set(this.carry.subarray(0, this.carried));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(pos, pos + n), this.carried);
    this.carried += n;
    return pos + n;
  }

  /**
   * The total length of the block at `pos` (at least 12 bytes available), validated; 0 after reporting damage.
   * A Section Header Block first sets the byte order its length is written in.
   */
  private blockLength(bytes: Uint8Array, pos: number): number {
    const view = this.viewOf(bytes);
    const type = view.getUint32(pos, this.littleEndian);
    if (type === SECTION_HEADER) {
      const magic = view.getUint32(pos + 8, false);
      if (magic === BYTE_ORDER_MAGIC) this.littleEndian = false;
      else if (magic === swap32(BYTE_ORDER_MAGIC)) this.littleEndian = true;
      else return this.fail(`section header has byte-order magic 0x${hex32(magic)}, not 0x1a2b3c4d`);
    } else if (this.sections === 0) {
      return this.fail(`block type 0x${hex32(type)} before the first section header`);
    }
    const length = view.getUint32(pos + 4, this.littleEndian);
    if (length < MIN_BLOCK) return this.fail(`block length ${length} is less than the minimum of ${MIN_BLOCK}`);
    if (length % 4 !== 0) return this.fail(`block length ${length} is not a multiple of 4`);
    if (length > MAX_BLOCK_LENGTH)
      return this.fail(`block length ${length} exceeds the maximum of ${MAX_BLOCK_LENGTH}`);
    return length;
  }

  /** One whole block at `pos` of `bytes`, which lies at `this.offset` in the file. */
  private block(bytes: Uint8Array, pos: number, length: number): void {
    const view = this.viewOf(bytes);
    const le = this.littleEndian;
    this.blockPos = pos;
    const trailing = view.getUint32(pos + length - 4, le);
    if (trailing !== length) {
      this.fail(`trailing block length ${trailing} does not match the leading length ${length}`);
      return;
    }
    const body = pos + 8;
    const bodyEnd = pos + length - 4;
    switch (view.getUint32(pos, le)) {
      case SECTION_HEADER:
        return this.sectionHeader(view, body, bodyEnd);
      case INTERFACE_DESCRIPTION:
        return this.interfaceDescription(bytes, view, body, bodyEnd);
      case ENHANCED_PACKET:
        return this.enhancedPacket(bytes, view, body, bodyEnd);
      case SIMPLE_PACKET:
        return this.simplePacket(bytes, view, body, bodyEnd);
      case OBSOLETE_PACKET:
        return this.obsoletePacket(bytes, view, body, bodyEnd);
      case NAME_RESOLUTION:
        return this.nameResolution(bytes, view, body, bodyEnd);
      case DECRYPTION_SECRETS:
        return this.decryptionSecrets(bytes, view, body, bodyEnd);
      default:
        // Interface statistics, custom and unknown blocks: skipped by their length.
        return;
    }
  }

  private sectionHeader(view: DataView, body: number, bodyEnd: number): void {
    if (bodyEnd - body < 16) return void this.fail('section header block is too short');
    const major = view.getUint16(body + 4, this.littleEndian);
    if (major !== 1)
      return void this.fail(`unsupported pcapng version ${major}.${view.getUint16(body + 6, this.littleEndian)}`);
    this.sections++;
    this.interfaces = [];
  }

  private interfaceDescription(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    if (bodyEnd - body < 8) return void this.fail('interface description block is too short');
    const le = this.littleEndian;
    const iface: PcapngInterface = {
      linkType: view.getUint16(body, le),
      snapLength: view.getUint32(body + 4, le),
      ticksPerSecond: 1e6,
      offsetSeconds: 0,
    };
    forEachOption(view, body + 8, bodyEnd, le, (code, at, length) => {
      if (code === IF_TSRESOL && length >= 1) iface.ticksPerSecond = ticksPerSecond(bytes[at]!);
      else if (code === IF_TSOFFSET && length >= 8) iface.offsetSeconds = Number(view.getBigInt64(at, le));
      else if (code === IF_NAME) iface.name = utf8.decode(bytes.subarray(at, at + length));
    });
    this.interfaces.push(iface);
  }

  private enhancedPacket(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    if (bodyEnd - body < 20) return void this.fail('enhanced packet block is too short');
    const le = this.littleEndian;
    const interfaceId = view.getUint32(body, le);
    const capturedLength = view.getUint32(body + 12, le);
    const originalLength = view.getUint32(body + 16, le);
    this.packet(
      bytes,
      view,
      body + 20,
      bodyEnd,
      interfaceId,
      view.getUint32(body + 4, le),
      view.getUint32(body + 8, le),
      capturedLength,
      originalLength,
    );
  }

  private obsoletePacket(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    if (bodyEnd - body < 20) return void this.fail('packet block is too short');
    const le = this.littleEndian;
    const interfaceId = view.getUint16(body, le);
    const capturedLength = view.getUint32(body + 12, le);
    const originalLength = view.getUint32(body + 16, le);
    this.packet(
      bytes,
      view,
      body + 20,
      bodyEnd,
      interfaceId,
      view.getUint32(body + 4, le),
      view.getUint32(body + 8, le),
      capturedLength,
      originalLength,
    );
  }

  /** Shared by EPB and PB: data, padding, then options. */
  private packet(
    bytes: Uint8Array,
    view: DataView,
    dataStart: number,
    bodyEnd: number,
    interfaceId: number,
    timeHigh: number,
    timeLow: number,
    capturedLength: number,
    originalLength: number,
  ): void {
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) return void this.failInterface(interfaceId);
    if (capturedLength > bodyEnd - dataStart) {
      return void this.fail(
        `packet block's captured length ${capturedLength} exceeds the ${bodyEnd - dataStart} bytes the block holds`,
      );
    }
    const time = timeHigh * (4294967296 / iface.ticksPerSecond) + timeLow / iface.ticksPerSecond + iface.offsetSeconds;
    const optionsStart = dataStart + padded(capturedLength);
    const comment =
      optionsStart < bodyEnd ? packetComment(bytes, view, optionsStart, bodyEnd, this.littleEndian) : undefined;
    this.emit(bytes, dataStart, capturedLength, originalLength, time, iface, interfaceId, comment);
  }

  /** SPB: interface 0, no timestamp, captured length implied by the snap length. */
  private simplePacket(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    if (bodyEnd - body < 4) return void this.fail('simple packet block is too short');
    const iface = this.interfaces[0];
    if (iface === undefined) return void this.failInterface(0);
    const originalLength = view.getUint32(body, this.littleEndian);
    const capturedLength = iface.snapLength === 0 ? originalLength : Math.min(originalLength, iface.snapLength);
    if (capturedLength > bodyEnd - body - 4) {
      return void this.fail(
        `simple packet block holds ${bodyEnd - body - 4} bytes, its packet needs ${capturedLength}`,
      );
    }
    this.emit(bytes, body + 4, capturedLength, originalLength, 0, iface, 0, undefined);
  }

  private emit(
    bytes: Uint8Array,
    dataStart: number,
    capturedLength: number,
    originalLength: number,
    time: number,
    iface: PcapngInterface,
    interfaceId: number,
    comment: string | undefined,
  ): void {
    const rec: CaptureRecord = {
      frame: ++this.frames,
      time,
      linkType: iface.linkType,
      data: bytes.subarray(dataStart, dataStart + capturedLength),
      originalLength,
      fileOffset: this.offset + (dataStart - this.blockPos),
      interfaceId,
    };
    if (comment !== undefined) rec.comment = comment;
    this.handlers.record(rec);
  }

  private nameResolution(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    const le = this.littleEndian;
    let at = body;
    while (at + 4 <= bodyEnd) {
      const type = view.getUint16(at, le);
      const length = view.getUint16(at + 2, le);
      const value = at + 4;
      if (type === NRB_END || value + length > bodyEnd) return;
      const addressLength = type === NRB_IPV4 ? 4 : type === NRB_IPV6 ? 16 : 0;
      if (addressLength > 0 && length > addressLength) {
        const address = addressLength === 4 ? formatIpv4(bytes, value) : formatIpv6(bytes, value);
        this.addNames({ address, names: zeroTerminatedStrings(bytes, value + addressLength, value + length) });
      }
      at = value + padded(length);
    }
  }

  private addNames(record: NameRecord): void {
    if (this.names.length < MAX_NAME_RECORDS) this.names.push(record);
    this.handlers.names?.(record);
  }

  private decryptionSecrets(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    if (bodyEnd - body < 8) return void this.fail('decryption secrets block is too short');
    const secretsType = view.getUint32(body, this.littleEndian);
    const length = view.getUint32(body + 4, this.littleEndian);
    if (length > bodyEnd - body - 8) {
      return void this.fail(
        `decryption secrets length ${length} exceeds the ${bodyEnd - body - 8} bytes the block holds`,
      );
    }
    const dataStart = body + 8;
    this.handlers.secrets?.(
      secretsType,
      bytes.subarray(dataStart, dataStart + length),
      this.offset + (dataStart - this.blockPos),
    );
  }

  /** One DataView per chunk, not per block. */
  private viewOf(bytes: Uint8Array): DataView {
    if (bytes !== this.viewBytes) {
      this.viewBytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.view;
  }

  private failInterface(interfaceId: number): void {
    this.fail(`packet refers to interface ${interfaceId}, the section has ${this.interfaces.length}`);
  }

  /** Reports damage at the current block and stops; returns 0 for `blockLength`. */
  private fail(reason: string): number {
    this.damaged = true;
    this.handlers.damage({ offset: this.offset, reason });
    return 0;
  }
}

/** if_tsresol: 10^-n seconds, or 2^-n when the top bit is set. */
function ticksPerSecond(resolution: number): number {
  const exponent = resolution & 0x7f;
  return resolution & 0x80 ? 2 ** exponent : 10 ** exponent;
}

/** Calls `visit` with each option's code, value offset and length until opt_endofopt or the end. */
function forEachOption(
  view: DataView,
  start: number,
  end: number,
  littleEndian: boolean,
  visit: (code: number, at: number, length: number) => void,
): void {
  let at = start;
  while (at + 4 <= end) {
    const code = view.getUint16(at, littleEndian);
    const length = view.getUint16(at + 2, littleEndian);
    if (code === OPT_END || at + 4 + length > end) return;
    visit(code, at + 4, length);
    at += 4 + padded(length);
  }
}

/** The packet's opt_comment values, joined by newlines when there are several. */
function packetComment(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  littleEndian: boolean,
): string | undefined {
  let comment: string | undefined;
  forEachOption(view, start, end, littleEndian, (code, at, length) => {
    if (code !== OPT_COMMENT) return;
    const text = utf8.decode(bytes.subarray(at, at + length));
    comment = comment === undefined ? text : `${comment}\n${text}`;
  });
  return comment;
}

/** NUL-terminated strings between `start` and `end` (the last may lack its terminator). */
function zeroTerminatedStrings(bytes: Uint8Array, start: number, end: number): string[] {
  const out: string[] = [];
  let from = start;
  for (let at = start; at <= end; at++) {
    if (at === end || bytes[at] === 0) {
      if (at > from) out.push(utf8.decode(bytes.subarray(from, at)));
      from = at + 1;
    }
  }
  return out;
}

function padded(length: number): number {
  return (length + 3) & ~3;
}

function swap32(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}
