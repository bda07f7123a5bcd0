import { copyBytes, toHex } from '../core/bytes';
import { enrIdentity, enrPairMap, enrSequence, type EnrRecord } from '../enr';
import type { NodeKey } from './key-material';

/** What the capture and the keys told about one node. */
export interface KnownNode {
  id: Uint8Array;
  /** Compressed secp256k1 public key, from an ENR or a node key. */
  publicKey?: Uint8Array;
  /** Its static private key, when the user supplied it. */
  nodeKey?: NodeKey;
  /** Its newest ENR seen: sequence number and key/value bytes (string payloads, list values as whole RLP). */
  record?: { seq: bigint | null; pairs: ReadonlyMap<string, Uint8Array> };
}

/**
 * Every node id seen in a capture (src-ids, ENRs in NODES and handshakes, the keys' ids), with public keys and
 * records. Headers are masked with the recipient's id, so these are the ids worth trying to unmask with.
 */
export class NodeDirectory {
  private readonly nodes = new Map<string, KnownNode>();

  get size(): number {
    return this.nodes.size;
  }

  node(id: Uint8Array): KnownNode | undefined {
    return this.nodes.get(toHex(id));
  }

  learnId(id: Uint8Array): KnownNode {
    const key = toHex(id);
    let node = this.nodes.get(key);
    if (!node) {
      node = { id: copyBytes(id) };
      this.nodes.set(key, node);
    }
    return node;
  }

  learnNodeKey(nodeKey: NodeKey): void {
    const node = this.learnId(nodeKey.id);
    node.nodeKey ??= nodeKey;
    node.publicKey ??= nodeKey.publicKey;
  }

  /** Learns a v4 record's node (keeping the record with the highest sequence number); null for other records. */
  learnRecord(record: EnrRecord): KnownNode | null {
    const identity = enrIdentity(record);
    if (!identity) return null;
    const node = this.learnId(identity.nodeId);
    node.publicKey ??= identity.publicKey;
    const seq = enrSequence(record);
    if (!node.record || (seq !== null && (node.record.seq === null || seq >= node.record.seq))) {
      node.record = { seq, pairs: enrPairMap(record) };
    }
    return node;
  }

  /** Node ids in the order they were learned (the keys' first). */
  *ids(): IterableIterator<Uint8Array> {
    for (const node of this.nodes.values()) yield node.id;
  }
}
