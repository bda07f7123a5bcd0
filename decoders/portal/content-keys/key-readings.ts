import { ContainerType } from '@chainsafe/ssz';
import { sszFits } from '../../codecs/ssz';
import type { NetworkKind } from '../networks';
import { BEACON_KEYS, TRANSACTION_INDEX_KEYS } from './beacon-keys';
import { inEra, type ContentKeyKind, type KeyValue } from './content-key-kind';
import { HISTORY_KEYS, LEGACY_HISTORY_KEYS } from './history-keys';
import { STATE_KEYS } from './state-keys';

/** Every content key layout of every network and era. */
export const CONTENT_KEY_KINDS: readonly ContentKeyKind[] = [
  ...HISTORY_KEYS,
  ...LEGACY_HISTORY_KEYS,
  ...STATE_KEYS,
  ...BEACON_KEYS,
  ...TRANSACTION_INDEX_KEYS,
];

/** What helps choose among key layouts that fit the same bytes. */
export interface KeyContext {
  /** The networks the TALKREQ protocol id can mean; null when not known (a message decoded on its own). */
  networks: readonly NetworkKind[] | null;
  /** The month (`YYYY-MM`) the traffic seems to be from, when something tells. */
  month?: string;
  /** The message carrying the key (ephemeral header keys belong to one of them). */
  message?: 'FindContent' | 'Offer';
}

/** One way to read a key: its layout and its decoded value. */
export interface KeyReading {
  kind: ContentKeyKind;
  value: KeyValue;
  /** Where the value starts (after the selector). */
  valueStart: number;
  /** The key is one of a network other than the ones the protocol id names. */
  otherNetwork: boolean;
}

/**
 * Every layout that reads `bytes[start, end)` without error, best first: a layout of the flow's network before one
 * of another network; of the traffic's era (when known) before others; of the spec before one only the test
 * vectors used; meant for the carrying message; then the newest.
 */
export function keyReadings(bytes: Uint8Array, start: number, end: number, context: KeyContext): KeyReading[] {
  const out: (KeyReading & { rank: number[] })[] = [];
  for (const kind of CONTENT_KEY_KINDS) {
    const valueStart = kind.selector === null ? start : start + 1;
    if (kind.selector !== null && (end <= start || bytes[start] !== kind.selector)) continue;
    if (!sszFits(kind.type, bytes, valueStart, end)) continue;
    const otherNetwork = context.networks !== null && !context.networks.includes(kind.network);
    const value = deserialize(kind, bytes.subarray(valueStart, end));
    if (value === null || (kind.valid && !kind.valid(value))) continue;
    out.push({
      kind,
      value,
      valueStart,
      otherNetwork,
      rank: [
        otherNetwork ? 1 : 0,
        context.month !== undefined && !inEra(kind, context.month) ? 1 : 0,
        kind.vectorsOnly ? 1 : 0,
        kind.only !== undefined && context.message !== undefined && kind.only !== context.message ? 1 : 0,
      ],
    });
  }
  out.sort(
    (a, b) => compareRanks(a.rank, b.rank) || (a.kind.from < b.kind.from ? 1 : a.kind.from > b.kind.from ? -1 : 0),
  );
  return out.map(({ rank: _rank, ...reading }) => reading);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The key's value as the SSZ library reads it (for the content id); a container's fields by name. */
function deserialize(kind: ContentKeyKind, bytes: Uint8Array): KeyValue | null {
  try {
    const value = kind.type.deserialize(bytes);
    if (kind.type instanceof ContainerType) return value as KeyValue;
    return { [kind.valueName ?? 'value']: value };
  } catch {
    return null;
  }
}

export function contentKeyKind(id: string): ContentKeyKind | undefined {
  return CONTENT_KEY_KINDS.find((k) => k.id === id);
}
