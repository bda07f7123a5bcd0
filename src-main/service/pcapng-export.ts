import { PEERSCOPE_SECRETS_TYPE } from '../engine/analyze-capture';

const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 0x00000001;
const ENHANCED_PACKET = 0x00000006;
const DECRYPTION_SECRETS = 0x0000000a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const PCAP_MICROS = 0xa1b2c3d4;
const PCAP_NANOS = 0xa1b23c4d;
const IF_TSRESOL = 9;
const SHB_USERAPPL = 4;

/**
 * The capture as pcapng with a Decryption Secrets Block of Peerscope's type (`PSKL`) holding `keyLog`, placed
 * after each section header so every packet follows it. A pcapng file keeps its blocks byte for byte (its own
 * secrets blocks included); a pcap file becomes one section with one interface, timestamps kept exactly (its
 * resolution becomes the interface's if_tsresol). Whatever follows damage in the input is left out.
 */
export function pcapngWithSecrets(file: Uint8Array, keyLog: string): Uint8Array {
  const secrets = new TextEncoder().encode(keyLog);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length >= 4 && view.getUint32(0, true) === SECTION_HEADER) return rewritePcapng(file, view, secrets);
  return convertPcap(file, view, secrets);
}

function rewritePcapng(file: Uint8Array, view: DataView, secrets: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  let littleEndian = true;
  for (let at = 0; at + 12 <= file.length;) {
    const type = view.getUint32(at, littleEndian);
    if (type === SECTION_HEADER) littleEndian = view.getUint32(at + 8, true) === BYTE_ORDER_MAGIC;
    const length = view.getUint32(at + 4, littleEndian);
    if (length < 12 || length % 4 !== 0 || at + length > file.length) break;
    out.push(file.subarray(at, at + length));
    if (type === SECTION_HEADER && secrets.length > 0) out.push(secretsBlock(secrets, littleEndian));
    at += length;
  }
  return concat(out);
}

function convertPcap(file: Uint8Array, view: DataView, secrets: Uint8Array): Uint8Array {
  if (file.length < 24) throw new Error('not a pcap or pcapng capture');
  const magicLe = view.getUint32(0, true);
  const magicBe = view.getUint32(0, false);
  const littleEndian = magicLe === PCAP_MICROS || magicLe === PCAP_NANOS;
  if (!littleEndian && magicBe !== PCAP_MICROS && magicBe !== PCAP_NANOS)
    throw new Error('not a pcap or pcapng capture');
  const nanos = (littleEndian ? magicLe : magicBe) === PCAP_NANOS;
  const linkType = view.getUint32(20, littleEndian) & 0x03ffffff;
  const snapLength = view.getUint32(16, littleEndian);
  const out: Uint8Array[] = [sectionHeader()];
  if (secrets.length > 0) out.push(secretsBlock(secrets, true));
  out.push(interfaceBlock(linkType, snapLength, nanos ? 9 : 6));
  const perSecond = nanos ? 1_000_000_000n : 1_000_000n;
  for (let at = 24; at + 16 <= file.length;) {
    const seconds = view.getUint32(at, littleEndian);
    const fraction = view.getUint32(at + 4, littleEndian);
    const captured = view.getUint32(at + 8, littleEndian);
    const original = view.getUint32(at + 12, littleEndian);
    if (at + 16 + captured > file.length) break;
    const units = BigInt(seconds) * perSecond + BigInt(fraction);
    out.push(enhancedPacket(units, file.subarray(at + 16, at + 16 + captured), original));
    at += 16 + captured;
  }
  return concat(out);
}

/** Blocks are built little-endian. */
class BlockBuilder {
  private readonly parts: number[] = [];
  private readonly bytes: Uint8Array[] = [];

  u16(value: number): this {
    return this.raw(Uint8Array.of(value & 0xff, value >>> 8));
  }

  u32(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, true);
    return this.raw(b);
  }

  raw(bytes: Uint8Array): this {
    this.bytes.push(bytes);
    this.parts.push(bytes.length);
    return this;
  }

  /** Bytes padded to a multiple of 4. */
  padded(bytes: Uint8Array): this {
    this.raw(bytes);
    return this.raw(new Uint8Array((4 - (bytes.length % 4)) % 4));
  }

  option(code: number, value: Uint8Array): this {
    return this.u16(code).u16(value.length).padded(value);
  }

  block(type: number): Uint8Array {
    const body = concat(this.bytes);
    const length = body.length + 12;
    const out = new Uint8Array(length);
    const view = new DataView(out.buffer);
    view.setUint32(0, type, true);
    view.setUint32(4, length, true);
    out.set(body, 8);
    view.setUint32(length - 4, length, true);
    return out;
  }
}

function sectionHeader(): Uint8Array {
  return new BlockBuilder()
    .u32(BYTE_ORDER_MAGIC)
    .u16(1)
    .u16(0)
    .u32(0xffffffff)
    .u32(0xffffffff) // section length unknown
    .option(SHB_USERAPPL, new TextEncoder().encode('Peerscope'))
    .u32(0) // end of options
    .block(SECTION_HEADER);
}

function interfaceBlock(linkType: number, snapLength: number, resolution: number): Uint8Array {
  return new BlockBuilder()
    .u16(linkType)
    .u16(0)
    .u32(snapLength)
    .option(IF_TSRESOL, Uint8Array.of(resolution))
    .u32(0)
    .block(INTERFACE_DESCRIPTION);
}

function enhancedPacket(units: bigint, data: Uint8Array, originalLength: number): Uint8Array {
  return new BlockBuilder()
    .u32(0)
    .u32(Number(units >> 32n))
    .u32(Number(units & 0xffffffffn))
    .u32(data.length)
    .u32(originalLength)
    .padded(data)
    .block(ENHANCED_PACKET);
}

/** A Decryption Secrets Block in the section's byte order. */
function secretsBlock(secrets: Uint8Array, littleEndian: boolean): Uint8Array {
  const block = new BlockBuilder()
    .u32(PEERSCOPE_SECRETS_TYPE)
    .u32(secrets.length)
    .padded(secrets)
    .block(DECRYPTION_SECRETS);
  if (littleEndian) return block;
  // Every field of this block is a 32-bit word (the secrets bytes aside): swap those words.
  const view = new DataView(block.buffer);
  for (const at of [0, 4, 8, 12, block.length - 4]) view.setUint32(at, view.getUint32(at, true), false);
  return block;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
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
