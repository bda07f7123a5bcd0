/**
 * Writes pcap and pcapng files as chunks of bytes, for tests and the benchmark generator. Each method returns
 * the bytes of one header, record or block, so a caller can stream a file of any size.
 */

/** A capture timestamp: whole seconds since the epoch and nanoseconds within the second. */
export interface Timestamp {
  seconds: number;
  nanoseconds: number;
}

export type CaptureTime = number | Timestamp;

export function toTimestamp(time: CaptureTime): Timestamp {
  if (typeof time !== 'number') return time;
  let seconds = Math.floor(time);
  let nanoseconds = Math.round((time - seconds) * 1e9);
  if (nanoseconds >= 1e9) {
    seconds += 1;
    nanoseconds -= 1e9;
  }
  return { seconds, nanoseconds };
}

export interface PcapWriterOptions {
  linkType: number;
  /** Nanosecond resolution (magic a1b23c4d) instead of microseconds. */
  nanoseconds?: boolean;
  littleEndian?: boolean;
  snapLength?: number;
}

export interface PacketToWrite {
  time: CaptureTime;
  /** The captured bytes. */
  data: Uint8Array;
  /** Length on the wire; the captured length when absent. */
  originalLength?: number;
}

/** Classic libpcap format (draft-ietf-opsawg-pcap). */
export class PcapWriter {
  private readonly littleEndian: boolean;

  constructor(private readonly options: PcapWriterOptions) {
    this.littleEndian = options.littleEndian ?? true;
  }

  header(): Uint8Array {
    const out = new Uint8Array(24);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, this.littleEndian);
    view.setUint16(4, 2, this.littleEndian);
    view.setUint16(6, 4, this.littleEndian);
    view.setUint32(16, this.options.snapLength ?? 262144, this.littleEndian);
    view.setUint32(20, this.options.linkType, this.littleEndian);
    return out;
  }

  record(packet: PacketToWrite): Uint8Array {
    const out = new Uint8Array(16 + packet.data.length);
    this.recordHeader(out, 0, packet);
    out.set(packet.data, 16);
    return out;
  }

  /** Writes a record header at `at` of `out` (for writers that batch records into one buffer). */
  recordHeader(out: Uint8Array, at: number, packet: PacketToWrite): void {
    const t = toTimestamp(packet.time);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const fraction = this.options.nanoseconds ? t.nanoseconds : Math.floor(t.nanoseconds / 1000);
    view.setUint32(at, t.seconds, this.littleEndian);
    view.setUint32(at + 4, fraction, this.littleEndian);
    view.setUint32(at + 8, packet.data.length, this.littleEndian);
    view.setUint32(at + 12, packet.originalLength ?? packet.data.length, this.littleEndian);
  }
}

export interface InterfaceToWrite {
  linkType: number;
  snapLength?: number;
  /** Raw if_tsresol byte: 6 = microseconds (default), 9 = nanoseconds, 0x80 | n = 2^-n seconds. */
  tsresol?: number;
  /** if_tsoffset, seconds. */
  tsoffset?: number;
  name?: string;
}

export interface EnhancedPacketToWrite extends PacketToWrite {
  interfaceId: number;
  comments?: string[];
}

/** pcapng (draft-ietf-opsawg-pcapng): blocks in either byte order, several sections and interfaces. */
export class PcapngWriter {
  private littleEndian = true;
  private interfaces: InterfaceToWrite[] = [];

  sectionHeader(options: { littleEndian?: boolean; comment?: string } = {}): Uint8Array {
    this.littleEndian = options.littleEndian ?? true;
    this.interfaces = [];
    const fixed = new Uint8Array(16);
    const view = new DataView(fixed.buffer);
    view.setUint32(0, 0x1a2b3c4d, this.littleEndian);
    view.setUint16(4, 1, this.littleEndian);
    view.setUint16(6, 0, this.littleEndian);
    view.setBigInt64(8, -1n, this.littleEndian);
    const shbOptions = options.comment === undefined ? [] : [option(1, utf8(options.comment), this.littleEndian)];
    return this.block(0x0a0d0d0a, fixed, shbOptions);
  }

  interfaceDescription(iface: InterfaceToWrite): Uint8Array {
    this.interfaces.push(iface);
    const fixed = new Uint8Array(8);
    const view = new DataView(fixed.buffer);
    view.setUint16(0, iface.linkType, this.littleEndian);
    view.setUint32(4, iface.snapLength ?? 0, this.littleEndian);
    const opts: Uint8Array[] = [];
    if (iface.name !== undefined) opts.push(option(2, utf8(iface.name), this.littleEndian));
    if (iface.tsresol !== undefined) opts.push(option(9, Uint8Array.of(iface.tsresol), this.littleEndian));
    if (iface.tsoffset !== undefined) {
      const value = new Uint8Array(8);
      new DataView(value.buffer).setBigInt64(0, BigInt(iface.tsoffset), this.littleEndian);
      opts.push(option(14, value, this.littleEndian));
    }
    return this.block(1, fixed, opts);
  }

  enhancedPacket(packet: EnhancedPacketToWrite): Uint8Array {
    const fixed = new Uint8Array(20 + padded(packet.data.length));
    const view = new DataView(fixed.buffer);
    const ticks = this.ticks(packet.interfaceId, packet.time);
    view.setUint32(0, packet.interfaceId, this.littleEndian);
    view.setUint32(4, Number(ticks >> 32n), this.littleEndian);
    view.setUint32(8, Number(ticks & 0xffffffffn), this.littleEndian);
    view.setUint32(12, packet.data.length, this.littleEndian);
    view.setUint32(16, packet.originalLength ?? packet.data.length, this.littleEndian);
    fixed.set(packet.data, 20);
    return this.block(
      6,
      fixed,
      (packet.comments ?? []).map((c) => option(1, utf8(c), this.littleEndian)),
    );
  }

  /** Obsolete Packet Block (type 2), as old writers produced. */
  obsoletePacket(packet: EnhancedPacketToWrite): Uint8Array {
    const fixed = new Uint8Array(20 + padded(packet.data.length));
    const view = new DataView(fixed.buffer);
    const ticks = this.ticks(packet.interfaceId, packet.time);
    view.setUint16(0, packet.interfaceId, this.littleEndian);
    view.setUint32(4, Number(ticks >> 32n), this.littleEndian);
    view.setUint32(8, Number(ticks & 0xffffffffn), this.littleEndian);
    view.setUint32(12, packet.data.length, this.littleEndian);
    view.setUint32(16, packet.originalLength ?? packet.data.length, this.littleEndian);
    fixed.set(packet.data, 20);
    return this.block(2, fixed, []);
  }

  /** Simple Packet Block: `data` is what was captured (interface 0's snap length applies). */
  simplePacket(packet: { data: Uint8Array; originalLength?: number }): Uint8Array {
    const fixed = new Uint8Array(4 + padded(packet.data.length));
    new DataView(fixed.buffer).setUint32(0, packet.originalLength ?? packet.data.length, this.littleEndian);
    fixed.set(packet.data, 4);
    return this.block(3, fixed, [], false);
  }

  nameResolution(entries: readonly { address: Uint8Array; names: string[] }[]): Uint8Array {
    const records = entries.map((e) => {
      const names = e.names.map((n) => [...utf8(n), 0]).flat();
      return option(e.address.length === 4 ? 1 : 2, Uint8Array.from([...e.address, ...names]), this.littleEndian);
    });
    return this.block(4, concat([...records, new Uint8Array(4)]), [], false);
  }

  decryptionSecrets(secretsType: number, data: Uint8Array): Uint8Array {
    const fixed = new Uint8Array(8 + padded(data.length));
    const view = new DataView(fixed.buffer);
    view.setUint32(0, secretsType, this.littleEndian);
    view.setUint32(4, data.length, this.littleEndian);
    fixed.set(data, 8);
    return this.block(0x0a, fixed, []);
  }

  interfaceStatistics(interfaceId: number, time: CaptureTime): Uint8Array {
    const fixed = new Uint8Array(12);
    const view = new DataView(fixed.buffer);
    const ticks = this.ticks(interfaceId, time);
    view.setUint32(0, interfaceId, this.littleEndian);
    view.setUint32(4, Number(ticks >> 32n), this.littleEndian);
    view.setUint32(8, Number(ticks & 0xffffffffn), this.littleEndian);
    return this.block(5, fixed, []);
  }

  /** Any block type with the given body, e.g. an unknown or custom block the reader must skip. */
  rawBlock(type: number, body: Uint8Array): Uint8Array {
    return this.block(type, padTo4(body), [], false);
  }

  /** Timestamp units of interface `interfaceId` for `time`, less its if_tsoffset. */
  private ticks(interfaceId: number, time: CaptureTime): bigint {
    const iface = this.interfaces[interfaceId];
    if (!iface) throw new Error(`no interface ${interfaceId} in this section`);
    const t = toTimestamp(time);
    const seconds = BigInt(t.seconds - (iface.tsoffset ?? 0));
    const resolution = iface.tsresol ?? 6;
    const exponent = BigInt(resolution & 0x7f);
    const perSecond = resolution & 0x80 ? 2n ** exponent : 10n ** exponent;
    return seconds * perSecond + (BigInt(t.nanoseconds) * perSecond) / 1_000_000_000n;
  }

  private block(type: number, fixed: Uint8Array, options: Uint8Array[], endOfOptions = true): Uint8Array {
    const opts =
      options.length > 0 ? concat(endOfOptions ? [...options, new Uint8Array(4)] : options) : new Uint8Array(0);
    const length = 12 + fixed.length + opts.length;
    const out = new Uint8Array(length);
    const view = new DataView(out.buffer);
    view.setUint32(0, type, this.littleEndian);
    view.setUint32(4, length, this.littleEndian);
    out.set(fixed, 8);
    out.set(opts, 8 + fixed.length);
    view.setUint32(length - 4, length, this.littleEndian);
    return out;
  }
}

/** An option (or NRB record): code, length, value padded to 4. */
function option(code: number, value: Uint8Array, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(4 + padded(value.length));
  const view = new DataView(out.buffer);
  view.setUint16(0, code, littleEndian);
  view.setUint16(2, value.length, littleEndian);
  out.set(value, 4);
  return out;
}

function padded(length: number): number {
  return (length + 3) & ~3;
}

function padTo4(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(padded(bytes.length));
  out.set(bytes);
  return out;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
