import { toHex } from '../core/bytes';
import type { KeyStore } from '../core/keys';
import { keyMaterialOf, type KeyMaterial } from './key-material';
import type { KeyLogLineProblem } from './keylog';
import { NodeDirectory } from './node-directory';
import { SessionTable } from './sessions';

/**
 * What one pass over a capture has learned that every discv5 flow shares: node ids, records, sessions and
 * challenges. The engine reads a capture twice with the same key store (pairing first, printing second) and
 * both passes must decode alike, so a frame number that does not grow means a new pass and a fresh start.
 */
export class CaptureKnowledge {
  nodes = new NodeDirectory();
  sessions = new SessionTable();
  private material: KeyMaterial | null = null;
  private lastFrame = 0;
  private readonly reported = new Set<string>();

  /**
   * Called with every datagram before it is read: starts afresh on a new pass and takes in keys added since
   * (pcapng secrets blocks). Returns key-log problems not reported yet in this pass.
   */
  begin(frame: number, keys: KeyStore): KeyLogLineProblem[] {
    if (frame <= this.lastFrame) {
      this.nodes = new NodeDirectory();
      this.sessions = new SessionTable();
      this.material = null;
      this.reported.clear();
    }
    this.lastFrame = frame;
    const material = keyMaterialOf(keys);
    if (material === this.material) return [];
    this.material = material;
    for (const nodeKey of material.nodeKeys) this.nodes.learnNodeKey(nodeKey);
    for (const id of material.ids) this.nodes.learnId(id);
    for (const logged of material.sessions) {
      this.sessions.addSession({
        initiatorId: logged.initiatorId,
        recipientId: logged.recipientId,
        keys: logged.keys,
        origin: `key log ${logged.source}`,
        token: toHex(logged.token),
        frame: 0,
      });
    }
    const fresh = material.problems.filter((p) => !this.reported.has(p.source));
    for (const p of fresh) this.reported.add(p.source);
    return fresh;
  }
}

/** One CaptureKnowledge per key store (one analysis), kept by the protocol instance. */
export class KnowledgeByKeyStore {
  private readonly byStore = new WeakMap<KeyStore, CaptureKnowledge>();

  of(keys: KeyStore): CaptureKnowledge {
    let knowledge = this.byStore.get(keys);
    if (!knowledge) {
      knowledge = new CaptureKnowledge();
      this.byStore.set(keys, knowledge);
    }
    return knowledge;
  }
}
