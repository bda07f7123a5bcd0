import type { Capability } from './capability';
import { BASE_PROTOCOL_LENGTH } from './p2p-declaration';

/** A capability as a Hello announces it. */
export interface AdvertisedCapability {
  name: string;
  version: number;
}

/** A shared capability with its message-id range; `offset` is null once a capability before it has unknown length. */
export interface NegotiatedCapability extends AdvertisedCapability {
  offset: number | null;
  length: number | undefined;
}

/**
 * Message-id counts of capabilities Peerscope has no decoder for, so that the offsets of those after them are still
 * known (rlpx.md §7 table: geth's protocol lengths; reth's ress). A registered Capability's own `length` wins.
 */
export const WELL_KNOWN_CAPABILITY_LENGTHS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  eth: { 66: 17, 67: 17, 68: 17, 69: 18, 70: 18, 71: 20, 72: 22 },
  snap: { 1: 8, 2: 10 },
  les: { 2: 22, 3: 24, 4: 24 },
  ress: { 1: 9 },
};

export type CapabilityLength = (name: string, version: number) => number | undefined;

/** Lengths from the registered capabilities first, then the well-known table. */
export function capabilityLengths(capabilities: readonly Capability[] = []): CapabilityLength {
  return (name, version) =>
    capabilities.find((c) => c.capability === name)?.length(version) ?? WELL_KNOWN_CAPABILITY_LENGTHS[name]?.[version];
}

/**
 * rlpx.md §7: the capabilities both Hellos name with the same version, only the highest shared version of each
 * name, sorted by name, taking consecutive id ranges from 0x10 in that order.
 */
export function negotiateCapabilities(
  ours: readonly AdvertisedCapability[],
  theirs: readonly AdvertisedCapability[],
  lengthOf: CapabilityLength,
): NegotiatedCapability[] {
  const highest = new Map<string, number>();
  for (const a of ours) {
    if (!theirs.some((b) => b.name === a.name && b.version === a.version)) continue;
    if ((highest.get(a.name) ?? -1) < a.version) highest.set(a.name, a.version);
  }
  const names = [...highest.keys()].sort(compareNames);
  let offset: number | null = BASE_PROTOCOL_LENGTH;
  return names.map((name) => {
    const version = highest.get(name)!;
    const length = lengthOf(name, version);
    const entry: NegotiatedCapability = { name, version, offset, length };
    offset = offset === null || length === undefined ? null : offset + length;
    return entry;
  });
}

/** Byte-wise order of ASCII names (geth sorts Go strings, i.e. bytes). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type CodeOwner =
  { kind: 'capability'; capability: NegotiatedCapability; code: number } | { kind: 'unassigned'; reason: string };

/** Which capability a wire message id (≥ 0x10) falls in, and its capability-relative code. */
export function capabilityOfCode(negotiated: readonly NegotiatedCapability[], wireCode: number): CodeOwner {
  for (const c of negotiated) {
    if (c.offset === null) {
      return {
        kind: 'unassigned',
        reason: `the offset of ${c.name}/${c.version} is unknown (a capability before it has no known length)`,
      };
    }
    if (c.length === undefined) {
      if (wireCode >= c.offset) {
        return {
          kind: 'unassigned',
          reason: `${c.name}/${c.version} starts at 0x${c.offset.toString(16)} but its length is unknown`,
        };
      }
      continue;
    }
    if (wireCode >= c.offset && wireCode < c.offset + c.length)
      return { kind: 'capability', capability: c, code: wireCode - c.offset };
  }
  return { kind: 'unassigned', reason: `message id 0x${wireCode.toString(16)} is beyond every negotiated capability` };
}

export function capabilityLabel(c: AdvertisedCapability): string {
  return `${c.name}/${c.version}`;
}
