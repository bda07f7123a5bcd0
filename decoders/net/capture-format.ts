/** Capture file formats Peerscope reads, told apart by their first four bytes. */
export type CaptureFormat = 'pcap' | 'pcap-nsec' | 'pcapng';

export interface CaptureMagic {
  format: CaptureFormat;
  /** Byte order of the file's header fields; for pcapng, of the first section (each section says its own). */
  littleEndian: boolean;
}

/** pcap's magic in the writer's byte order: a1b2c3d4 (microseconds), a1b23c4d (nanoseconds). */
export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOS = 0xa1b23c4d;
/** pcapng's Section Header Block type, a byte palindrome, so the same in both byte orders. */
export const PCAPNG_MAGIC = 0x0a0d0d0a;

/** The format a file starting with `head` (at least 4 bytes) is in, or null if none. */
export function detectCaptureFormat(head: Uint8Array): CaptureMagic | null {
  if (head.length < 4) return null;
  const big = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const little = ((head[3]! << 24) | (head[2]! << 16) | (head[1]! << 8) | head[0]!) >>> 0;
  if (big === PCAPNG_MAGIC) return { format: 'pcapng', littleEndian: pcapngLittleEndian(head) };
  if (big === PCAP_MAGIC_MICROS) return { format: 'pcap', littleEndian: false };
  if (little === PCAP_MAGIC_MICROS) return { format: 'pcap', littleEndian: true };
  if (big === PCAP_MAGIC_NANOS) return { format: 'pcap-nsec', littleEndian: false };
  if (little === PCAP_MAGIC_NANOS) return { format: 'pcap-nsec', littleEndian: true };
  return null;
}

/** pcapng's byte-order magic 0x1a2b3c4d sits at offset 8 of the SHB; little endian if it is not there yet. */
function pcapngLittleEndian(head: Uint8Array): boolean {
  return head.length < 12 || head[8] !== 0x1a;
}

/** The first bytes as hex, for an error message about an unknown format. */
export function describeMagic(head: Uint8Array): string {
  if (head.length === 0) return 'an empty file';
  let hex = '';
  for (let i = 0; i < Math.min(4, head.length); i++) hex += head[i]!.toString(16).padStart(2, '0');
  return `magic 0x${hex}`;
}
