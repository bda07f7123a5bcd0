/**
 * Portal network protocol identifiers (TALKREQ `protocol` bytes), by era: portal-wire-protocol.md "Protocol
 * identifiers" from the seed (2021-10) to the current spec (2025-07), specs/portal.md §2. An id kept its number
 * while its network changed (0x500C was transaction gossip, then the beacon network), so an id maps to every
 * network it ever named; the content keys on the wire tell which one applies.
 */

export type NetworkKind =
  | 'history'
  | 'legacy-history'
  | 'state'
  | 'beacon'
  | 'transaction-gossip'
  | 'header-gossip'
  | 'canonical-indices'
  | 'canonical-transaction-index'
  | 'verkle-state'
  | 'head-mpt-state';

export interface NetworkMeaning {
  network: NetworkKind;
  /** As the spec of that era names it. */
  name: string;
  /** First and (exclusive) last month the spec gave the id this meaning, `YYYY-MM`. */
  from: string;
  until?: string;
}

export interface PortalNetworkId {
  id: number;
  chain: 'mainnet' | 'angelfood' | 'sepolia';
  meanings: readonly NetworkMeaning[];
}

type Row = readonly [low: number, meanings: readonly NetworkMeaning[]];

const m = (network: NetworkKind, name: string, from: string, until?: string): NetworkMeaning =>
  until === undefined ? { network, name, from } : { network, name, from, until };

/** Mainnet ids by their low byte. */
const MAINNET: readonly Row[] = [
  [0x00, [m('history', 'Execution History Network', '2025-07')]],
  [0x09, [m('head-mpt-state', 'Execution Head-MPT State Network', '2025-07')]],
  [0x0a, [m('state', 'State Network', '2021-10')]],
  [0x0b, [m('legacy-history', 'History Network (Execution Legacy History since 2025-07)', '2021-10')]],
  [
    0x0c,
    [
      m('transaction-gossip', 'Transaction Gossip Network', '2021-10', '2024-05'),
      m('beacon', 'Beacon Chain Network', '2024-05'),
    ],
  ],
  [
    0x0d,
    [
      m('header-gossip', 'Header Gossip Network', '2021-10', '2022-09'),
      m('canonical-transaction-index', 'Execution Canonical Transaction Index Network', '2022-09'),
    ],
  ],
  [
    0x0e,
    [
      m('canonical-indices', 'Canonical Indices Network', '2021-10', '2022-09'),
      m('verkle-state', 'Execution Verkle State Network', '2024-05'),
    ],
  ],
  [0x0f, [m('transaction-gossip', 'Execution Transaction Gossip Network', '2024-05')]],
  // Beacon light-client gossip channels and DHT (2021-11 to 2024-05); the legacy beacon spec still names 0x501A.
  [0x1a, [m('beacon', 'Beacon light client (bc-light-client-snapshot)', '2021-11', '2024-05')]],
  [0x1b, [m('beacon', 'Beacon light client (bc-light-client-update)', '2021-11', '2024-05')]],
  [0x1c, [m('beacon', 'Beacon state DHT', '2021-11', '2024-05')]],
];

/** Testnets: the mainnet networks at 0x504X (angelfood, 2024-05 on) and 0x505X (Sepolia, 2025-05 on). */
const TESTNET_NETWORKS: readonly [number, NetworkKind, string][] = [
  [0x00, 'history', 'Execution History Network'],
  [0x09, 'head-mpt-state', 'Execution Head-MPT State Network'],
  [0x0a, 'state', 'Execution State Network'],
  [0x0b, 'legacy-history', 'Execution Legacy History Network'],
  [0x0c, 'beacon', 'Beacon Chain Network'],
  [0x0d, 'canonical-transaction-index', 'Execution Canonical Transaction Index Network'],
  [0x0e, 'verkle-state', 'Execution Verkle State Network'],
  [0x0f, 'transaction-gossip', 'Execution Transaction Gossip Network'],
];

function table(): Map<number, PortalNetworkId> {
  const out = new Map<number, PortalNetworkId>();
  for (const [low, meanings] of MAINNET) out.set(0x5000 | low, { id: 0x5000 | low, chain: 'mainnet', meanings });
  for (const [base, chain, from] of [
    [0x5040, 'angelfood', '2024-05'],
    [0x5050, 'sepolia', '2025-05'],
  ] as const) {
    for (const [low, network, name] of TESTNET_NETWORKS) {
      out.set(base | low, { id: base | low, chain, meanings: [m(network, name, from)] });
    }
  }
  return out;
}

const NETWORK_IDS = table();

/** The Portal network a TALKREQ protocol id names, or undefined when it is no Portal id. */
export function portalNetworkOf(protocolId: Uint8Array | null | undefined): PortalNetworkId | undefined {
  if (!protocolId || protocolId.length !== 2) return undefined;
  return NETWORK_IDS.get((protocolId[0]! << 8) | protocolId[1]!);
}

export function portalNetworkById(id: number): PortalNetworkId | undefined {
  return NETWORK_IDS.get(id);
}

/** Every protocol id the table knows (for `handles` and the composer). */
export function portalNetworkIds(): PortalNetworkId[] {
  return [...NETWORK_IDS.values()];
}

export function networkKinds(entry: PortalNetworkId | undefined | null): NetworkKind[] | null {
  return entry ? [...new Set(entry.meanings.map((x) => x.network))] : null;
}

/** `0x500b`, as the JSON of the `network` field. */
export function networkIdHex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

export function describeNetwork(entry: PortalNetworkId): string {
  const names = entry.meanings.map((x) => (x.until ? `${x.name} (until ${x.until})` : x.name)).join(' / ');
  return `${networkIdHex(entry.id).toUpperCase().replace('0X', '0x')} ${names}${entry.chain === 'mainnet' ? '' : ` (${entry.chain})`}`;
}

/** The id of a network by kind on mainnet, newest meaning first (for the composer: `"network": "history"`). */
export function mainnetIdOf(network: NetworkKind): number | undefined {
  let best: { id: number; from: string } | undefined;
  for (const entry of NETWORK_IDS.values()) {
    if (entry.chain !== 'mainnet') continue;
    for (const meaning of entry.meanings) {
      if (meaning.network === network && (!best || meaning.from > best.from))
        best = { id: entry.id, from: meaning.from };
    }
  }
  return best?.id;
}
