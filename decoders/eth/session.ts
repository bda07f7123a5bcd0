import type { Direction, StreamPosition } from '../core/dissector';
import { addNote, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import type { CapabilityHost, CapabilityMessage, CapabilitySession } from '../devp2p/capability';
import {
  checkBodyAgainstHeader,
  checkReceiptsAgainstHeader,
  commitmentsOf,
  type HeaderCommitments,
} from '../ethereum/block-checks';
import { BoundedMap, RequestMemory } from '../ethereum/capability/request-memory';
import { UNKNOWN_MESSAGE } from '../ethereum/capability/unknown-message';
import { generatedCode, readMessage, type WireProtocol } from '../ethereum/capability/wire-message';
import { bigintOf, childNamed, hexOf, specChildren } from '../ethereum/field-values';
import { ethDeclaration } from './declaration';
import { ETH_MESSAGES } from './message-table';
import { ETH_NOTES } from './note-kinds';
import { versionedWire } from './wire';

interface EthRequest {
  message: string;
  tree: Field;
}

/**
 * One eth connection: Status first and consistent with the peer's (caps/eth.md §Status), and each response against
 * its request — header counts and origin, bodies and receipts against headers seen, pooled transactions requested.
 */
export class EthSession implements CapabilitySession {
  private readonly seen: [boolean, boolean] = [false, false];
  private readonly statuses: [Field | null, Field | null] = [null, null];
  private readonly requests = new RequestMemory<EthRequest>();
  private readonly headers = new BoundedMap<string, HeaderCommitments>();

  /** The messages as this connection's version reads them: built once, not per message. */
  private readonly wire: WireProtocol;

  constructor(
    private readonly host: CapabilityHost,
    private readonly version: number,
  ) {
    this.wire = versionedWire(ethDeclaration, ETH_MESSAGES, version, 'request-id');
  }

  message(direction: Direction, m: CapabilityMessage, at: StreamPosition): void {
    const read = readMessage(this.wire, m.code, m.payload, 0, m.payload.length, this.version);
    if (read.message === UNKNOWN_MESSAGE) read.tree.children!.unshift(generatedCode(m.code));
    const decoded: DecodedMessage = { protocol: 'eth', ...read, bytes: m.payload, sources: m.sources };
    if (!this.seen[direction]) {
      this.seen[direction] = true;
      if (decoded.message !== 'Status') {
        addNote(
          decoded.tree,
          'warning',
          ETH_NOTES.statusFirst,
          `the first eth message must be Status, not ${decoded.message}`,
        );
      }
    }
    if (decoded.message === 'Status') this.onStatus(direction, decoded.tree);
    else if (decoded.requestId !== null) this.onRequestOrResponse(direction, decoded, m.payload);
    this.rememberHeaders(decoded);
    this.host.emit(direction, decoded, at);
  }

  private onStatus(direction: Direction, status: Field): void {
    if (this.statuses[direction]) {
      addNote(status, 'warning', ETH_NOTES.statusRepeated, 'a second Status on this connection');
      return;
    }
    this.statuses[direction] = status;
    const version = childNamed(status, 'vsn') ?? childNamed(status, 'version');
    if (version && bigintOf(version) !== BigInt(this.version)) {
      addNote(
        version,
        'error',
        ETH_NOTES.statusVersion,
        `version ${String(version.value)}, but eth/${this.version} was negotiated`,
      );
    }
    const peer = this.statuses[direction === 0 ? 1 : 0];
    if (!peer) return;
    for (const [key, kind] of [
      ['networkid', ETH_NOTES.statusNetwork],
      ['genesis', ETH_NOTES.statusGenesis],
    ] as const) {
      const own = childNamed(status, key);
      const theirs = childNamed(peer, key);
      if (own && theirs && own.value !== theirs.value) {
        addNote(own, 'error', kind, `${key} ${String(own.value)} differs from the peer's ${String(theirs.value)}`);
      }
    }
  }

  private onRequestOrResponse(direction: Direction, decoded: DecodedMessage, payload: Uint8Array): void {
    const id = decoded.requestId!;
    if (ethDeclaration.message(decoded.message)?.answeredBy) {
      this.requests.remember(direction, id, { message: decoded.message, tree: decoded.tree });
      return;
    }
    const request = this.requests.take(direction, id);
    if (!request) return;
    switch (decoded.message) {
      case 'BlockHeaders':
        return this.checkHeaders(decoded.tree, request.tree);
      case 'BlockBodies':
      case 'Receipts':
        return this.checkPerBlock(decoded.message, decoded.tree, request.tree, payload);
      case 'PooledTransactions':
        return checkPooled(decoded.tree, request.tree);
    }
  }

  private checkHeaders(tree: Field, request: Field): void {
    const list = specChildren(childNamed(tree, 'headers'));
    const limit = bigintOf(childNamed(request, 'limit'));
    if (limit !== null && BigInt(list.length) > limit) {
      addNote(tree, 'error', ETH_NOTES.responseCount, `${list.length} headers for a limit of ${limit}`);
    }
    const start = childNamed(request, 'startblock');
    const first = list[0];
    if (!start || !first) return;
    const byHash = typeof start.value === 'string' && start.value.startsWith('0x');
    const got = byHash ? hexOf(childNamed(first, 'hash')) : bigintOf(childNamed(first, 'number'));
    const wanted = byHash ? hexOf(start) : bigintOf(start);
    if (got !== null && wanted !== null && got !== wanted) {
      addNote(
        first,
        'error',
        ETH_NOTES.responseHeader,
        `the first header is ${String(got)}, the query starts at ${String(wanted)}`,
      );
    }
  }

  /** Bodies and (consensus-encoded) receipts, block by block, against the headers seen for the requested hashes. */
  private checkPerBlock(message: string, tree: Field, request: Field, payload: Uint8Array): void {
    const items = specChildren(childNamed(tree, message === 'BlockBodies' ? 'bodies' : 'receipts'));
    const hashes = specChildren(childNamed(request, 'hashes'));
    if (items.length > hashes.length) {
      addNote(
        tree,
        'error',
        ETH_NOTES.responseCount,
        `${items.length} ${message === 'BlockBodies' ? 'bodies' : 'receipt lists'} for ${hashes.length} hashes`,
      );
    }
    items.forEach((item, i) => {
      const header = this.headers.get(hexOf(hashes[i]) ?? '');
      if (!header) return;
      // eth/69+ receipts leave the bloom out: their root cannot be recomputed without it.
      const consensus = specChildren(item).every((receipt) => childNamed(receipt, 'logsBloom') !== undefined);
      const mismatches =
        message === 'BlockBodies'
          ? checkBodyAgainstHeader(item, header, payload)
          : consensus
            ? [checkReceiptsAgainstHeader(item, header, payload)].filter((m) => m !== null)
            : [];
      for (const m of mismatches) {
        addNote(
          m.field,
          'error',
          ETH_NOTES.responseRoot,
          `${m.what} ${m.computed} ≠ ${m.expected} of block ${header.number}`,
        );
      }
    });
  }

  private rememberHeaders(decoded: DecodedMessage): void {
    const headers =
      decoded.message === 'NewBlock'
        ? [childNamed(childNamed(decoded.tree, 'block'), 'header')]
        : decoded.message === 'BlockHeaders'
          ? specChildren(childNamed(decoded.tree, 'headers'))
          : [];
    for (const header of headers) {
      const commitments = header ? commitmentsOf(header) : null;
      if (commitments) this.headers.set(commitments.hash, commitments);
    }
  }
}

/** PooledTransactions may skip unavailable transactions, never add others (caps/eth.md §PooledTransactions). */
function checkPooled(tree: Field, request: Field): void {
  const wanted = new Set(specChildren(childNamed(request, 'txhashes')).map((h) => hexOf(h)));
  for (const tx of specChildren(childNamed(tree, 'transactions'))) {
    const hash = hexOf(childNamed(tx, 'hash'));
    if (hash && !wanted.has(hash))
      addNote(tx, 'warning', ETH_NOTES.unrequested, `transaction ${hash} was not requested`);
  }
}
