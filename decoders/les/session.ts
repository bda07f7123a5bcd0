import { toHex } from '../core/bytes';
import type { Direction, StreamPosition } from '../core/dissector';
import { addNote, generatedLeaf, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import type { CapabilityHost, CapabilityMessage, CapabilitySession } from '../devp2p/capability';
import { UNKNOWN_MESSAGE } from '../ethereum/capability/unknown-message';
import { generatedCode, readMessage } from '../ethereum/capability/wire-message';
import { BoundedMap, RequestMemory } from '../ethereum/capability/request-memory';
import { cancelRequests } from '../ethereum/capability/request-cancellation';
import { commitmentsOf, type HeaderCommitments } from '../ethereum/block-checks';
import { bigintOf, childNamed, specChildren } from '../ethereum/field-values';
import { BufferEstimate } from './flow-control';
import { compareStatuses, flowControlParams, itemCount } from './status-fields';
import { LES_NOTES } from './note-kinds';
import { checkReply, type LesRequest } from './reply-checks';
import { REQUIRED_STATUS_KEYS } from './status-keys';
import { lesWire } from './wire';

/**
 * One LES connection at the negotiated version: decodes each message, then applies the rules that need what the
 * connection saw before (les.md): Status first and consistent between the peers, Announce as the client asked,
 * signed announcements against the sender's node key, the client's flow-control buffer estimate, StopMsg and
 * ResumeMsg, and each reply against its request.
 */
export class LesSession implements CapabilitySession {
  private readonly seen: [boolean, boolean] = [false, false];
  private readonly statuses: [Field | null, Field | null] = [null, null];
  /** The side whose Status announced flow-control parameters: the server. */
  private server: Direction | null = null;
  /** What the client asked for in its Status (les/2 announceType; 1 "simple" when absent). */
  private announceType = 1n;
  private lastAnnouncedTd: bigint | null = null;
  private readonly estimate = new BufferEstimate();
  private stopped = false;
  private readonly requests = new RequestMemory<LesRequest>();
  private readonly cancelled = new Set<string>();
  private readonly headers = new BoundedMap<string, HeaderCommitments>();

  constructor(
    private readonly host: CapabilityHost,
    private readonly version: number,
  ) {}

  message(direction: Direction, m: CapabilityMessage, at: StreamPosition): void {
    const read = readMessage(lesWire(this.version), m.code, m.payload, 0, m.payload.length, this.version);
    if (read.message === UNKNOWN_MESSAGE) read.tree.children!.unshift(generatedCode(m.code));
    const decoded: DecodedMessage = { protocol: 'les', ...read, bytes: m.payload, sources: m.sources };
    let cancelled: string[] = [];
    this.checkFirst(direction, decoded);
    switch (decoded.message) {
      case 'Status':
        this.onStatus(direction, decoded.tree, at);
        break;
      case 'Announce':
        this.onAnnounce(direction, decoded.tree);
        break;
      case 'StopMsg':
        cancelled = this.onStop(direction, decoded.tree);
        break;
      case 'ResumeMsg':
        this.onResume(decoded.tree, at);
        break;
      default:
        if (decoded.requestId !== null) this.onRequestOrReply(direction, decoded, m.payload, at);
    }
    this.host.emit(direction, decoded, at);
    if (cancelled.length > 0) cancelRequests(this.host, direction === 0 ? 1 : 0, cancelled);
  }

  /** les.md §Status: "sent just after the connection is established and prior to any other LES messages". */
  private checkFirst(direction: Direction, decoded: DecodedMessage): void {
    if (this.seen[direction]) return;
    this.seen[direction] = true;
    if (decoded.message !== 'Status') {
      addNote(
        decoded.tree,
        'warning',
        LES_NOTES.statusFirst,
        `the first LES message must be Status, not ${decoded.message}`,
      );
    }
  }

  private onStatus(direction: Direction, status: Field, at: StreamPosition): void {
    if (this.statuses[direction]) {
      addNote(status, 'warning', LES_NOTES.statusRepeated, 'a second Status on this connection');
      return;
    }
    this.statuses[direction] = status;
    const version = childNamed(status, 'protocolVersion');
    if (version && bigintOf(version) !== BigInt(this.version)) {
      addNote(
        version,
        'error',
        LES_NOTES.statusVersion,
        `protocolVersion ${String(version.value)}, but les/${this.version} was negotiated`,
      );
    }
    const required = this.version >= 4 ? [...REQUIRED_STATUS_KEYS, 'forkID'] : REQUIRED_STATUS_KEYS;
    const missing = required.filter((key) => !childNamed(status, key));
    if (missing.length > 0)
      addNote(status, 'error', LES_NOTES.statusMissing, `required keys missing: ${missing.join(', ')}`);
    const params = flowControlParams(status);
    if (params) {
      this.server = direction;
      this.estimate.start(params, at.time);
    }
    const announceType = bigintOf(childNamed(status, 'announceType'));
    if (announceType !== null && !params) this.announceType = announceType;
    const peer = this.statuses[direction === 0 ? 1 : 0];
    if (peer) compareStatuses(status, peer);
  }

  private onAnnounce(direction: Direction, tree: Field): void {
    if (this.server !== null && direction !== this.server) {
      addNote(tree, 'warning', LES_NOTES.announceUnwanted, 'Announce from the client: servers announce heads');
    } else if (this.announceType === 0n) {
      addNote(tree, 'warning', LES_NOTES.announceUnwanted, 'the client asked for no announcements (announceType 0)');
    }
    const signer = childNamed(tree, 'signer');
    if (this.announceType === 2n && !signer) {
      addNote(
        tree,
        'warning',
        LES_NOTES.announceUnsigned,
        'the client asked for signed announcements (announceType 2): no sign',
      );
    }
    if (signer && typeof signer.value === 'string') this.checkSigner(direction, signer);
    const td = bigintOf(childNamed(tree, 'headTd'));
    if (td !== null) {
      if (this.lastAnnouncedTd !== null && td <= this.lastAnnouncedTd) {
        addNote(
          childNamed(tree, 'headTd')!,
          'warning',
          LES_NOTES.announceTd,
          `headTd ${td} is not above the previous announcement's ${this.lastAnnouncedTd}`,
        );
      }
      this.lastAnnouncedTd = td;
    }
  }

  private checkSigner(direction: Direction, signer: Field): void {
    const nodeId = this.host.nodeId(direction);
    if (!nodeId) {
      addNote(
        signer,
        'info',
        LES_NOTES.announceSigner,
        'the sender’s node id is not known (no handshake seen): signature not checked',
      );
    } else if (toHex(nodeId) !== signer.value) {
      addNote(
        signer,
        'error',
        LES_NOTES.announceSignature,
        `signed by ${String(signer.value).slice(0, 18)}…, not by the sender ${toHex(nodeId).slice(0, 18)}…`,
      );
    } else signer.display = 'the sender’s node key: signature valid';
  }

  /** StopMsg cancels every request not yet answered (les.md §StopMsg, §ResumeMsg). */
  private onStop(direction: Direction, tree: Field): string[] {
    const client: Direction = direction === 0 ? 1 : 0;
    this.stopped = true;
    this.estimate.stop();
    const cancelled = this.requests.takeAll(client);
    if (cancelled.length > 0) {
      const list = cancelled.map(({ id, value }) => {
        const pending = this.host.pendingRequest(direction, id);
        this.cancelled.add(id);
        return `${value.message} reqID ${id}${pending ? ` (#${pending.index})` : ''}`;
      });
      addNote(
        tree,
        'info',
        LES_NOTES.stopCancelled,
        `cancels ${cancelled.length} unanswered request(s), which will not be answered: ${list.join(', ')}`,
      );
    }
    return cancelled.map((c) => c.id);
  }

  private onResume(tree: Field, at: StreamPosition): void {
    if (!this.stopped) addNote(tree, 'info', LES_NOTES.resumeUnstopped, 'no StopMsg before: a plain buffer update');
    this.stopped = false;
    const bv = bigintOf(childNamed(tree, 'BV'));
    if (bv !== null) this.addBle(tree, this.estimate.resume(Number(bv), at.time));
  }

  private onRequestOrReply(
    direction: Direction,
    decoded: DecodedMessage,
    payload: Uint8Array,
    at: StreamPosition,
  ): void {
    const id = decoded.requestId!;
    const declared = lesWire(this.version).declaration.message(decoded.message);
    if (declared?.answeredBy) {
      this.onRequest(direction, decoded, at);
      return;
    }
    const bvField = childNamed(decoded.tree, 'BV');
    const bv = bigintOf(bvField);
    if (bv !== null) {
      const limit = this.estimate.limit;
      if (limit !== null && Number(bv) > limit) {
        addNote(bvField!, 'warning', LES_NOTES.bvAboveLimit, `BV ${bv} above the buffer limit BL ${limit}`);
      }
      this.addBle(decoded.tree, this.estimate.reply(id, Number(bv), at.time));
    }
    const request = this.requests.take(direction, id);
    if (!request && this.cancelled.delete(id)) {
      addNote(decoded.tree, 'warning', LES_NOTES.stopAnswered, `answers reqID ${id}, which a StopMsg cancelled`);
    }
    if (request) checkReply(decoded.message, decoded.tree, request, payload, this.headers);
    for (const header of specChildren(childNamed(decoded.tree, 'headers'))) {
      const commitments = commitmentsOf(header);
      if (commitments) this.headers.set(commitments.hash, commitments);
    }
  }

  private onRequest(direction: Direction, decoded: DecodedMessage, at: StreamPosition): void {
    const id = decoded.requestId!;
    this.requests.remember(direction, id, { message: decoded.message, tree: decoded.tree });
    this.cancelled.delete(id);
    if (this.stopped && direction !== this.server) {
      addNote(decoded.tree, 'warning', LES_NOTES.stopRequest, 'sent after StopMsg, before ResumeMsg');
    }
    if (this.server === null || direction === this.server) return;
    const charge = this.estimate.request(id, decoded.code!, itemCount(decoded.message, decoded.tree), at.time);
    if (!charge) return;
    if (charge.kind === 'no-cost') {
      addNote(decoded.tree, 'info', LES_NOTES.noCost, `the server's MRC table has no cost for ${decoded.message}`);
      return;
    }
    decoded.tree.children!.push(
      generatedLeaf('maxCost', charge.maxCost, 'BaseCost + ReqCost · N from the server’s MRC table'),
    );
    this.addBle(decoded.tree, charge.ble);
    if (charge.breach) {
      addNote(
        decoded.tree,
        'warning',
        LES_NOTES.breach,
        `sent while the buffer estimate BLE was ${Math.floor(charge.bleBefore)}, below MaxCost ${charge.maxCost}: the client broke flow control`,
      );
    }
  }

  private addBle(tree: Field, ble: number | null): void {
    if (ble === null) return;
    const value = Math.floor(ble);
    tree.children!.push(
      generatedLeaf('BLE', value, `client buffer estimate after this message${value < 0 ? ' (negative)' : ''}`),
    );
  }
}
