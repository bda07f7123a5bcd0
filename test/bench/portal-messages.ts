/**
 * What the Portal benchmark's nodes say: Portal wire messages as composer JSON, turned into TALKREQ/TALKRESP
 * payloads by Peerscope's `portalTalkPayload`, and content moved over uTP as `utpTransferPackets` cuts it. Content
 * is real: the public Portal vectors of the legacy history (0x500B), state (0x500A) and beacon (0x500C) networks.
 */
import { toHex } from '../../decoders/core/bytes';
import type { JsonObject } from '../../decoders/core/json';
import { lengthPrefixed, portalTalkPayload } from '../../decoders/portal';
import { sharedVector } from '../ethereum/support/vectors';
import type { Random } from './bench-messages';

export const NETWORKS = { history: '0x500b', state: '0x500a', beacon: '0x500c' } as const;
export type Network = (typeof NETWORKS)[keyof typeof NETWORKS];

/** One content item: its key, what FindContent returns, what an Offer sends. */
export interface ContentItem {
  name: string;
  network: Network;
  key: string;
  found: Uint8Array | null;
  offered: Uint8Array | null;
}

interface ValueVector {
  name: string;
  content_key: string;
  content_value?: string;
  content_value_offer?: string;
  content_value_retrieval?: string;
}

/** Content a Content message carries inline rather than announcing a uTP stream (it must fit one packet). */
export const INLINE_LIMIT = 1000;

const bytesOf = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.slice(2), 'hex'));

/**
 * Every content item of the vectors, with its network by the key's selector. State content differs by purpose and
 * its vectors list the two forms apart under one key: the retrieval form answers FindContent, the offer form (with
 * its proof) travels in offers.
 */
export function contentItems(): ContentItem[] {
  const { values } = sharedVector<{ values: ValueVector[] }>('portal-content-values.json');
  const byKey = new Map<string, ContentItem>();
  for (const v of values) {
    const selector = parseInt(v.content_key.slice(2, 4), 16);
    const network = selector >= 0x20 ? NETWORKS.state : selector >= 0x10 ? NETWORKS.beacon : NETWORKS.history;
    const item = byKey.get(v.content_key) ?? { name: v.name, network, key: v.content_key, found: null, offered: null };
    const found = v.content_value_retrieval ?? v.content_value;
    const offered = v.content_value_offer ?? v.content_value;
    if (found) item.found = bytesOf(found);
    if (offered) item.offered = bytesOf(offered);
    byKey.set(v.content_key, item);
  }
  return [...byKey.values()];
}

/** A Portal message of `network` as a TALKREQ/TALKRESP payload. */
export function portalPayload(network: Network, message: string, fields: JsonObject): Uint8Array {
  return portalTalkPayload({ message, fields, network }).payload;
}

const utf8Hex = (s: string): string => toHex(new TextEncoder().encode(s));
const FULL_RADIUS = (2n ** 256n - 1n).toString();

/** Portal clients as their type-0 Ping payloads describe them. */
const CLIENT_INFOS = [
  'trin/v0.3.1-4c0bb9b/linux-x86_64/rustc1.85.0',
  'fluffy/v0.2.1-a0e4f1d5/linux-x86_64/nim2.2.2',
  'shisui/v0.1.9-7a2c1f3/linux-amd64/go1.24.1',
  'ultralight/v0.4.0-1b9d2e0/linux-x64/node22.14.0',
].map(utf8Hex);

/** A node's data radius: the full range, or a fraction of it (2^256 / 2^k). */
export function dataRadius(rng: Random): string {
  const k = rng.int(4);
  return k === 0 ? FULL_RADIUS : ((2n ** 256n - 1n) >> BigInt(k)).toString();
}

/**
 * A Ping and its Pong: payload types 0 (client info), 1 (radius), 2 (radius, history headers; history only), or
 * the error Pong; `type` when given.
 */
export function pingPong(
  rng: Random,
  enrSeq: number,
  radius: [string, string],
  type?: number,
): { network: Network; ping: Uint8Array; pong: Uint8Array } {
  const roll = rng.int(10);
  const network = roll < 7 ? NETWORKS.history : roll < 9 ? NETWORKS.state : NETWORKS.beacon;
  type ??= network === NETWORKS.history ? rng.pick([0, 1, 2]) : rng.pick([0, 1]);
  const payload = (side: 0 | 1): JsonObject =>
    type === 0
      ? { client_info: rng.pick(CLIENT_INFOS), data_radius: radius[side], capabilities: [0, 1, 2, 65535] }
      : type === 1
        ? { data_radius: radius[side] }
        : { data_radius: radius[side], ephemeral_header_count: rng.between(0, 8192) };
  const ping = portalPayload(network, 'Ping', { enr_seq: enrSeq, payload_type: type, payload: payload(0) });
  // Now and then a peer refuses an extension it does not serve (error payload, type 65535).
  const pong =
    type !== 0 && rng.int(12) === 0
      ? portalPayload(network, 'Pong', {
          enr_seq: enrSeq,
          payload_type: 65535,
          payload: { error_code: 0, message: utf8Hex(`extension ${type} is not supported`) },
        })
      : portalPayload(network, 'Pong', { enr_seq: enrSeq, payload_type: type, payload: payload(1) });
  return { network, ping, pong };
}

/** The data a uTP stream carries for FindContent (one item) or an accepted Offer (each accepted item), prefixed. */
export function streamData(items: readonly Uint8Array[]): Uint8Array {
  const parts = items.map(lengthPrefixed);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
