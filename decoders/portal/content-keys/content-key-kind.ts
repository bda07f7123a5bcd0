import type { Type } from '@chainsafe/ssz';
import type { NetworkKind } from '../networks';

/** What a content key asks for; the content decoders switch on it (content-values/). */
export type ContentType =
  | 'legacy-history.header'
  | 'legacy-history.body'
  | 'legacy-history.receipts'
  | 'legacy-history.epoch-accumulator'
  | 'legacy-history.master-accumulator'
  | 'legacy-history.ephemeral-headers'
  | 'legacy-history.ephemeral-header'
  | 'history.body'
  | 'history.receipts'
  | 'state.account-trie-node'
  | 'state.contract-trie-node'
  | 'state.contract-code'
  | 'state.draft'
  | 'beacon.bootstrap'
  | 'beacon.updates-by-range'
  | 'beacon.finality-update'
  | 'beacon.optimistic-update'
  | 'beacon.historical-summaries'
  | 'transaction-index';

/** The decoded key as the SSZ library gives it (byte vectors as Uint8Array, integers as number or bigint). */
export type KeyValue = Record<string, unknown>;

/**
 * One content key layout of one network in one era (the network specs' "content key" definitions, gathered in
 * specs/portal.md §5): `selector ‖ SSZ(type)`, and how its content id is derived.
 */
export interface ContentKeyKind {
  /** Stable id: `legacy-history.block_header_by_hash`. */
  id: string;
  network: NetworkKind;
  /** What the tree shows beside the selector: `block header by hash`. */
  label: string;
  /** The selector byte; null for the seed-era history key, which had none. */
  selector: number | null;
  /** The SSZ type after the selector. */
  type: Type<unknown>;
  /** For a type that is no container: the name its value is shown under. */
  valueName?: string;
  /** The months (`YYYY-MM`) in which the spec defined this key: [from, until). */
  from: string;
  until?: string;
  /** Defined by a revision of the test vectors rather than the spec text (ranked below the spec's keys). */
  vectorsOnly?: boolean;
  /** How the content id is derived, in one line. */
  idRule: string;
  /** The content id of a key (`key` is the whole key, selector included); null when no id is defined. */
  contentId(key: Uint8Array, value: KeyValue): Uint8Array | null;
  /** What the key's content is. */
  content: ContentType | ((value: KeyValue) => ContentType | null);
  /** Values the layout reads but the spec does not allow (the seed key's content_type beyond 1–3). */
  valid?(value: KeyValue): boolean;
  /** Keys used with one message only (ephemeral headers). */
  only?: 'FindContent' | 'Offer';
}

export function inEra(kind: ContentKeyKind, month: string): boolean {
  return kind.from <= month && (kind.until === undefined || month < kind.until);
}

export function contentTypeOf(kind: ContentKeyKind, value: KeyValue): ContentType | null {
  return typeof kind.content === 'function' ? kind.content(value) : kind.content;
}
