import { addNote, type Field } from '../core/field';
import { bigintOf, childNamed, specChildren } from '../ethereum/field-values';
import type { FlowControlParams } from './flow-control';
import { LES_NOTES } from './note-kinds';

/** What the LES session reads out of decoded Status messages and requests. */

/** N, the number of items a request asks for (les.md: MaxCost = BaseCost + ReqCost · N). */
export function itemCount(message: string, tree: Field): number {
  if (message === 'GetBlockHeaders') return Number(bigintOf(childNamed(tree, 'maxHeaders')) ?? 0n);
  const list = childNamed(tree, 'hashes') ?? childNamed(tree, 'requests') ?? childNamed(tree, 'transactions');
  return specChildren(list).length;
}

export function flowControlParams(status: Field): FlowControlParams | null {
  const bl = bigintOf(childNamed(status, 'flowControl/BL'));
  const mrr = bigintOf(childNamed(status, 'flowControl/MRR'));
  if (bl === null || mrr === null) return null;
  const costs = new Map<number, { base: number; req: number }>();
  for (const entry of specChildren(childNamed(status, 'flowControl/MRC'))) {
    const code = bigintOf(childNamed(entry, 'msgCode'));
    const base = bigintOf(childNamed(entry, 'baseCost'));
    const req = bigintOf(childNamed(entry, 'reqCost'));
    if (code !== null && base !== null && req !== null)
      costs.set(Number(code), { base: Number(base), req: Number(req) });
  }
  return { bl: Number(bl), mrr: Number(mrr), costs };
}

/** geth refuses a peer on another network or genesis (les/peer.go handshake). */
export function compareStatuses(status: Field, peer: Field): void {
  for (const [key, kind] of [
    ['networkId', LES_NOTES.statusNetwork],
    ['genesisHash', LES_NOTES.statusGenesis],
  ] as const) {
    const own = childNamed(status, key);
    const theirs = childNamed(peer, key);
    if (own && theirs && own.value !== theirs.value) {
      addNote(own, 'error', kind, `${key} ${String(own.value)} differs from the peer's ${String(theirs.value)}`);
    }
  }
}
