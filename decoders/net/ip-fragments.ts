import { note, type Note } from '../core/notes';
import { copyBytes } from '../core/bytes';
import type { FrameProblems, IpPacket } from './ip-packet';
import type { FrameInfo } from './types';

export interface FragmentLimits {
  /** Capture-time seconds after the first fragment at which an incomplete datagram is given up. */
  timeoutSeconds: number;
  /** Fragment bytes held over all pending datagrams. */
  maxPendingBytes: number;
  maxPendingDatagrams: number;
}

export const DEFAULT_FRAGMENT_LIMITS: FragmentLimits = {
  // Linux gives up after 30 s (net.ipv4.ipfrag_time); a datagram taking longer was lost.
  timeoutSeconds: 30,
  maxPendingBytes: 16 * 1024 * 1024,
  maxPendingDatagrams: 4096,
};

/** The largest datagram payload an IP header can describe. */
const MAX_DATAGRAM = 65535;

interface FragmentPiece {
  start: number;
  bytes: Uint8Array;
}

interface PendingDatagram {
  key: string;
  firstFrame: number;
  firstTime: number;
  /** Source then destination address, copied from the first fragment seen. */
  addresses: Uint8Array;
  addressLength: 4 | 16;
  /** Transport protocol: IPv4's header field, IPv6's next header after the fragment header at offset 0. */
  protocol: number;
  /** Non-overlapping, sorted by start. */
  pieces: FragmentPiece[];
  heldBytes: number;
  /** Datagram payload length, known once the last fragment (MF clear) arrived; -1 before. */
  totalLength: number;
}

/**
 * Reassembles fragmented IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) datagrams. Overlapping fragments keep the
 * bytes that arrived first, with a note when a later copy differs. Memory is bounded by `FragmentLimits`.
 */
export class IpFragmentReassembler {
  /** In order of first fragment, so the oldest datagram is the first entry. */
  private readonly pending = new Map<string, PendingDatagram>();
  private heldBytes = 0;

  constructor(
    private readonly limits: FragmentLimits,
    private readonly noteFrame: (frame: number, note: Note) => void,
  ) {}

  /**
   * Adds the fragment `packet` describes. Returns the whole datagram when this fragment completed it, else null.
   */
  add(packet: IpPacket, at: FrameInfo, problems: FrameProblems): ReassembledDatagram | null {
    this.expire(at.time);
    const length = packet.payloadEnd - packet.payloadOffset;
    if (length < packet.payloadLength) {
      problems.report(
        'warning',
        'ip.fragment.truncated',
        'fragment was cut short by the capture; its datagram cannot be reassembled',
      );
      return null;
    }
    const end = packet.fragmentOffset + length;
    if (end > MAX_DATAGRAM) {
      problems.report(
        'error',
        'ip.fragment.too-long',
        `fragment ends at byte ${end}, beyond the largest datagram of ${MAX_DATAGRAM}`,
      );
      return null;
    }
    const datagram = this.datagramFor(packet, at);
    if (packet.fragmentOffset === 0) datagram.protocol = packet.protocol;
    if (!packet.moreFragments) this.setTotalLength(datagram, end, problems);
    const bytes = packet.bytes.subarray(packet.payloadOffset, packet.payloadEnd);
    this.insert(datagram, packet.fragmentOffset, bytes, problems);
    if (!isComplete(datagram)) {
      this.enforceLimits();
      return null;
    }
    this.remove(datagram);
    return { bytes: assemble(datagram), addressLength: datagram.addressLength, protocol: datagram.protocol };
  }

  /** End of capture: every datagram still waiting gets a note on its first frame. */
  finish(): void {
    for (const datagram of [...this.pending.values()])
      this.giveUp(datagram, 'the capture ended before all its fragments arrived');
  }

  private datagramFor(packet: IpPacket, at: FrameInfo): PendingDatagram {
    const key = fragmentKey(packet);
    let datagram = this.pending.get(key);
    if (!datagram) {
      const addresses = new Uint8Array(2 * packet.addressLength);
      addresses.set(packet.bytes.subarray(packet.srcOffset, packet.srcOffset + packet.addressLength), 0);
      addresses.set(
        packet.bytes.subarray(packet.dstOffset, packet.dstOffset + packet.addressLength),
        packet.addressLength,
      );
      datagram = {
        key,
        firstFrame: at.frame,
        firstTime: at.time,
        addresses,
        addressLength: packet.addressLength,
        protocol: packet.protocol,
        pieces: [],
        heldBytes: 0,
        totalLength: -1,
      };
      this.pending.set(key, datagram);
    }
    return datagram;
  }

  private setTotalLength(datagram: PendingDatagram, total: number, problems: FrameProblems): void {
    if (datagram.totalLength >= 0) {
      if (datagram.totalLength !== total) {
        problems.report(
          'warning',
          'ip.fragment.overlap',
          `a second last fragment ends at ${total}, not ${datagram.totalLength}`,
        );
      }
      return;
    }
    datagram.totalLength = total;
    // Pieces past the end came from fragments that contradict the last one: drop those bytes.
    const kept: FragmentPiece[] = [];
    for (const piece of datagram.pieces) {
      const pieceEnd = piece.start + piece.bytes.length;
      if (piece.start >= total) this.release(datagram, piece.bytes.length);
      else if (pieceEnd > total) {
        this.release(datagram, pieceEnd - total);
        kept.push({ start: piece.start, bytes: piece.bytes.subarray(0, total - piece.start) });
      } else kept.push(piece);
    }
    datagram.pieces = kept;
  }

  /** Inserts the parts of [start, start + bytes.length) not yet held; earlier bytes win. */
  private insert(datagram: PendingDatagram, start: number, bytes: Uint8Array, problems: FrameProblems): void {
    let end = start + bytes.length;
    if (datagram.totalLength >= 0) end = Math.min(end, datagram.totalLength);
    let cursor = start;
    let conflict = false;
    const pieces = datagram.pieces;
    let i = 0;
    while (i < pieces.length && pieces[i]!.start + pieces[i]!.bytes.length <= cursor) i++;
    while (cursor < end) {
      const next = pieces[i];
      const holeEnd = next === undefined ? end : Math.min(end, next.start);
      if (cursor < holeEnd) {
        const copy = copyBytes(bytes, cursor - start, holeEnd - start);
        pieces.splice(i, 0, { start: cursor, bytes: copy });
        datagram.heldBytes += copy.length;
        this.heldBytes += copy.length;
        i++;
        cursor = holeEnd;
        continue;
      }
      if (next === undefined) break;
      const overlapEnd = Math.min(end, next.start + next.bytes.length);
      if (!conflict && !sameBytes(next.bytes, cursor - next.start, bytes, cursor - start, overlapEnd - cursor))
        conflict = true;
      cursor = overlapEnd;
      i++;
    }
    if (conflict) {
      problems.report(
        'warning',
        'ip.fragment.overlap',
        'overlapping fragment carries different bytes; the bytes seen first are kept',
      );
    }
  }

  private expire(now: number): void {
    for (const datagram of this.pending.values()) {
      if (now - datagram.firstTime <= this.limits.timeoutSeconds) break;
      this.giveUp(datagram, `not all fragments arrived within ${this.limits.timeoutSeconds} s`);
    }
  }

  private enforceLimits(): void {
    for (const datagram of this.pending.values()) {
      if (this.heldBytes <= this.limits.maxPendingBytes && this.pending.size <= this.limits.maxPendingDatagrams) break;
      this.giveUp(datagram, 'too many fragments were waiting for reassembly');
    }
  }

  private giveUp(datagram: PendingDatagram, why: string): void {
    this.remove(datagram);
    this.noteFrame(
      datagram.firstFrame,
      note('warning', 'ip.fragment.incomplete', `fragmented datagram dropped: ${why}`),
    );
  }

  private remove(datagram: PendingDatagram): void {
    this.pending.delete(datagram.key);
    this.heldBytes -= datagram.heldBytes;
  }

  private release(datagram: PendingDatagram, bytes: number): void {
    datagram.heldBytes -= bytes;
    this.heldBytes -= bytes;
  }
}

export interface ReassembledDatagram {
  /** [src][dst][transport bytes], as `IpPacket.setDatagram` takes it. */
  bytes: Uint8Array;
  addressLength: 4 | 16;
  protocol: number;
}

/** IPv4 datagrams are identified by (src, dst, id, protocol), IPv6 ones by (src, dst, id). */
function fragmentKey(packet: IpPacket): string {
  const b = packet.bytes;
  let key = packet.addressLength === 4 ? `4:${packet.protocol}:${packet.fragmentId}:` : `6:${packet.fragmentId}:`;
  for (let i = 0; i < packet.addressLength; i++) key += String.fromCharCode(b[packet.srcOffset + i]!);
  for (let i = 0; i < packet.addressLength; i++) key += String.fromCharCode(b[packet.dstOffset + i]!);
  return key;
}

function isComplete(datagram: PendingDatagram): boolean {
  return datagram.totalLength >= 0 && datagram.heldBytes === datagram.totalLength;
}

function assemble(datagram: PendingDatagram): Uint8Array {
  const out = new Uint8Array(datagram.addresses.length + datagram.totalLength);
  out.set(datagram.addresses, 0);
  for (const piece of datagram.pieces) out.set(piece.bytes, datagram.addresses.length + piece.start);
  return out;
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
