import { toHex } from '../core/bytes';
import type { KeyStore } from '../core/keys';
import { identityOfPrivateKey } from '../enr';
import { readDiscv5KeyLog, type KeyLogLineProblem, type LoggedSession } from './keylog';

/**
 * What the user's keys give discv5, computed once per version of the key store: node keys with their ids and
 * public keys (from --node-key and DISCV5_NODEKEY lines), logged sessions, and every node id the keys name — the
 * ids that can unmask headers before any packet has been read.
 */
export interface NodeKey {
  id: Uint8Array;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  /** Where the key came from, for the notes. */
  origin: string;
}

export interface KeyMaterial {
  readonly version: number;
  readonly nodeKeys: readonly NodeKey[];
  readonly sessions: readonly LoggedSession[];
  readonly problems: readonly KeyLogLineProblem[];
  /** Node ids named by the keys, without repeats. */
  readonly ids: readonly Uint8Array[];
}

const cache = new WeakMap<KeyStore, KeyMaterial>();

export function keyMaterialOf(keys: KeyStore): KeyMaterial {
  const cached = cache.get(keys);
  if (cached && cached.version === keys.version) return cached;
  const log = readDiscv5KeyLog(keys);
  const nodeKeys: NodeKey[] = [];
  const add = (privateKey: Uint8Array, origin: string): void => {
    const identity = identityOfPrivateKey(privateKey);
    if (identity) nodeKeys.push({ id: identity.nodeId, privateKey, publicKey: identity.publicKey, origin });
  };
  for (const privateKey of keys.nodeKeys) add(privateKey, 'node key');
  for (const logged of log.nodeKeys) add(logged.privateKey, `node key from ${logged.source}`);
  const ids = new Map<string, Uint8Array>();
  for (const k of nodeKeys) ids.set(toHex(k.id), k.id);
  for (const s of log.sessions) {
    ids.set(toHex(s.initiatorId), s.initiatorId);
    ids.set(toHex(s.recipientId), s.recipientId);
  }
  const material: KeyMaterial = {
    version: keys.version,
    nodeKeys,
    sessions: log.sessions,
    problems: log.problems,
    ids: [...ids.values()],
  };
  cache.set(keys, material);
  return material;
}
