import { RLP } from '@ethereumjs/rlp';

/**
 * Which Portal wire format a message is in. `seed` is the October–November 2021 numbering (union selectors from
 * 0x01); `v0`…`v2` are the protocol versions of protocol-version-changelog.md: v1 (2025-03) made Accept a list of
 * per-key codes and prefixed FindContent data on uTP with its length; v2 (2025-07) only moved the version into the
 * ENR key `p` with the chain id, so on the wire v1 and v2 are one format.
 */
export type PortalVersion = 'seed' | 'v0' | 'v1' | 'v2';

/** How the version was chosen, shown beside it in the tree. */
export type VersionSource =
  /** Both peers' ENRs (`pv` or `p`): the highest version they share. */
  | 'enr'
  /** The message itself: seed-era selectors, a layout that predates a version, the Accept list's shape. */
  | 'message'
  /** Earlier messages of the same flow. */
  | 'flow'
  /** Given by the caller (a test, a composer JSON). */
  | 'given'
  /** Nothing tells: the current format is assumed. */
  | 'assumed';

export interface VersionChoice {
  version: PortalVersion;
  source: VersionSource;
  reason: string;
}

export const CURRENT_VERSION: PortalVersion = 'v2';

export const VERSION_NUMBER: Readonly<Record<PortalVersion, number>> = { seed: 0, v0: 0, v1: 1, v2: 2 };

/** Whether Accept carries per-key codes (v1 on) rather than a BitList. */
export function acceptHasCodes(version: PortalVersion): boolean {
  return version === 'v1' || version === 'v2';
}

/** Whether FindContent data on uTP starts with its LEB128 length (v1 on; v0 sent the bare content until FIN). */
export function findContentStreamHasLength(version: PortalVersion): boolean {
  return version === 'v1' || version === 'v2';
}

export function versionOfNumber(n: number): PortalVersion {
  return n >= 2 ? 'v2' : n === 1 ? 'v1' : 'v0';
}

/** The protocol versions a node announces in its ENR. */
export interface EnrVersions {
  versions: number[];
  /** Where they came from: `p` (v2 on), `pv` (v1), or neither (v0 is implied). */
  key: 'p' | 'pv' | 'none';
  chainId?: bigint;
}

/**
 * Reads a node's supported versions from its decoded ENR (portal-wire-protocol.md "ENR record"):
 * `p = rlp([pv_min, pv_max, chain_id, …])` since v2; `pv` = SSZ `List[uint8, 8]` of versions in v1; neither means
 * v0 only. Values may come as the RLP item itself or as its payload; both are accepted. Unreadable values are
 * ignored (undefined), as if the ENR had not been seen.
 */
export function enrVersions(enr: ReadonlyMap<string, Uint8Array> | undefined): EnrVersions | undefined {
  if (!enr) return undefined;
  const p = enr.get('p');
  if (p) {
    const items = rlpListItems(p);
    if (!items || items.length < 2) return undefined;
    const low = Number(bigEndian(items[0]!));
    const high = Number(bigEndian(items[1]!));
    if (high < low || high - low > 255) return undefined;
    const versions = Array.from({ length: high - low + 1 }, (_, i) => low + i);
    const out: EnrVersions = { versions, key: 'p' };
    if (items[2]) out.chainId = bigEndian(items[2]);
    return out;
  }
  const pv = enr.get('pv');
  if (pv) {
    const list = stripRlpString(pv);
    if (list.length === 0 || list.length > 8) return undefined;
    return { versions: [...list], key: 'pv' };
  }
  return { versions: [0], key: 'none' };
}

/** The version two peers talk: the highest both support (portal-wire-protocol.md "Protocol Version"). */
export function negotiatedVersion(a: EnrVersions, b: EnrVersions): number | null {
  const common = a.versions.filter((v) => b.versions.includes(v));
  return common.length === 0 ? null : Math.max(...common);
}

export function describeEnrVersions(v: EnrVersions): string {
  if (v.key === 'none') return 'no pv/p key (v0 only)';
  const list = v.versions.length > 1 ? `${v.versions[0]}..${v.versions.at(-1)}` : String(v.versions[0]);
  return `${v.key}: ${list}${v.chainId !== undefined ? `, chain id ${v.chainId}` : ''}`;
}

function rlpListItems(value: Uint8Array): Uint8Array[] | null {
  if (value.length === 0 || value[0]! < 0xc0) return null;
  try {
    const decoded = RLP.decode(value);
    if (!Array.isArray(decoded)) return null;
    return decoded.filter((x): x is Uint8Array => x instanceof Uint8Array);
  } catch {
    return null;
  }
}

/** `pv` is an RLP string whose payload is the SSZ list: accept the string with or without its RLP header. */
function stripRlpString(value: Uint8Array): Uint8Array {
  const first = value[0];
  if (first !== undefined && first >= 0x80 && first <= 0xb7 && value.length === 1 + (first - 0x80)) {
    return value.subarray(1);
  }
  return value;
}

function bigEndian(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
