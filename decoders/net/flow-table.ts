import { copyBytes } from '../core/bytes';
import type { IpPacket } from './ip-packet';

/**
 * A flow's 4-tuple as first seen (a = source of its first packet), plus the link to the next entry with the
 * same hash. TCP connections and UDP flows extend it so that a lookup needs no key string and no allocation.
 */
export class FlowEntry {
  nextInBucket: FlowEntry | null = null;

  constructor(
    readonly hash: number,
    readonly addressA: Uint8Array,
    readonly portA: number,
    readonly addressB: Uint8Array,
    readonly portB: number,
  ) {}
}

/** The direction of a packet relative to the entry `FlowTable.find` returned: 0 = a->b. */
export type Direction = 0 | 1;

/**
 * Flows keyed by their 4-tuple in either direction. The hash is symmetric in the two endpoints, so both
 * directions of a flow land in the same bucket; the bucket chain is compared against the packet's bytes.
 */
export class FlowTable<T extends FlowEntry> {
  private readonly buckets = new Map<number, T>();
  /** Direction of the packet given to the last successful `find`. */
  direction: Direction = 0;

  find(ip: IpPacket, hash: number, srcPort: number, dstPort: number): T | undefined {
    const b = ip.bytes;
    for (let entry: FlowEntry | null = this.buckets.get(hash) ?? null; entry !== null; entry = entry.nextInBucket) {
      if (entry.hash !== hash || entry.addressA.length !== ip.addressLength) continue;
      if (
        entry.portA === srcPort &&
        entry.portB === dstPort &&
        sameAddress(entry.addressA, b, ip.srcOffset) &&
        sameAddress(entry.addressB, b, ip.dstOffset)
      ) {
        this.direction = 0;
        return entry as T;
      }
      if (
        entry.portA === dstPort &&
        entry.portB === srcPort &&
        sameAddress(entry.addressA, b, ip.dstOffset) &&
        sameAddress(entry.addressB, b, ip.srcOffset)
      ) {
        this.direction = 1;
        return entry as T;
      }
    }
    return undefined;
  }

  add(entry: T): void {
    entry.nextInBucket = this.buckets.get(entry.hash) ?? null;
    this.buckets.set(entry.hash, entry);
  }

  /** Puts `fresh` where `old` was (a new TCP stream on a reused 4-tuple). */
  replace(old: T, fresh: T): void {
    fresh.nextInBucket = old.nextInBucket;
    old.nextInBucket = null;
    let entry: FlowEntry | undefined = this.buckets.get(old.hash);
    if (entry === old) {
      this.buckets.set(old.hash, fresh);
      return;
    }
    while (entry && entry.nextInBucket !== old) entry = entry.nextInBucket ?? undefined;
    if (entry) entry.nextInBucket = fresh;
  }
}

/** A hash of the packet's 4-tuple that is the same for both directions. */
export function flowHash(ip: IpPacket, srcPort: number, dstPort: number): number {
  const a = endpointHash(ip.bytes, ip.srcOffset, ip.addressLength, srcPort);
  const b = endpointHash(ip.bytes, ip.dstOffset, ip.addressLength, dstPort);
  return (a ^ b) | 0;
}

function endpointHash(bytes: Uint8Array, offset: number, length: number, port: number): number {
  let h = Math.imul(port + 1, 0x9e3779b1);
  for (let i = 0; i < length; i += 4) {
    const word =
      (bytes[offset + i]! << 24) |
      (bytes[offset + i + 1]! << 16) |
      (bytes[offset + i + 2]! << 8) |
      bytes[offset + i + 3]!;
    h = Math.imul(h ^ word, 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameAddress(address: Uint8Array, bytes: Uint8Array, offset: number): boolean {
  for (let i = 0; i < address.length; i++) if (address[i] !== bytes[offset + i]) return false;
  return true;
}

/** Copies the packet's source or destination address for a new flow entry. */
export function copyAddress(ip: IpPacket, offset: number): Uint8Array {
  return copyBytes(ip.bytes, offset, offset + ip.addressLength);
}
