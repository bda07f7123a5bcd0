import type { Direction, StreamPosition } from '../core/dissector';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { note } from '../core/notes';
import type { TalkHost, TalkPayload, TalkSession } from '../discv5/talk';
import { utpFlowState, type UtpFlowState } from '../utp/flow-state';
import type { UtpStreamAnnouncement } from '../utp/stream-announcement';
import type { DecodedContentKey } from './content-keys/content-key-field';
import { FlowVersion } from './flow-version';
import { decodePortalMessage, type DecodedPortalMessage, type PortalDecodeContext } from './message-decoder';
import { portalNetworkOf, type PortalNetworkId } from './networks';
import { PORTAL_NOTES } from './note-kinds';
import { findContentStreamReader, offerStreamReader } from './utp-stream-content';

/** A request of this flow, kept until answered: what its answer needs. */
interface PendingRequest {
  message: string;
  keys: DecodedContentKey[];
  network: PortalNetworkId | null;
  /** Its message index (for the links a uTP stream shows). */
  index: number | null;
  /** Nodes answers seen, and how many the first said there are. */
  nodesSeen: number;
  nodesTotal: number;
}

const other = (d: Direction): Direction => (d === 0 ? 1 : 0);

/**
 * The Portal messages of one discv5 flow (all networks). Each TALKREQ/TALKRESP payload is decoded with what the
 * flow knows: the network of the protocol id, the version from the ENRs or earlier messages, and for a response the
 * request it answers (its keys type the content; its offered keys count the Accept). Responses are paired by the
 * engine on the discv5 request id; this session adds what pairing alone cannot: the parts of a multi-message Nodes,
 * and the uTP streams Content and Accept announce.
 */
export class PortalSession implements TalkSession {
  private readonly version: FlowVersion;
  private readonly utp: UtpFlowState;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly pinged: [boolean, boolean] = [false, false];
  /** FindNodes whose Nodes parts all arrived, by key: a further Nodes is one too many. */
  private readonly nodesDone = new Map<string, number>();

  constructor(private readonly host: TalkHost) {
    this.version = new FlowVersion(host);
    this.utp = utpFlowState(host);
  }

  talk(direction: Direction, talk: TalkPayload, at: StreamPosition): void {
    this.utp.sweep(at);
    const requester = talk.kind === 'request' ? direction : other(direction);
    const key = `${requester}:${talk.requestId}`;
    const request = talk.kind === 'response' ? this.pending.get(key) : undefined;
    const context: PortalDecodeContext = {
      kind: talk.kind,
      requestId: talk.requestId,
      network: portalNetworkOf(talk.protocolId) ?? request?.network ?? null,
      request: request ? { message: request.message, keys: request.keys } : null,
    };
    const version = this.version.current();
    if (version) context.version = version;
    const month = this.version.month();
    if (month) context.month = month;
    const result = decodePortalMessage(talk.payload, context);
    this.version.observe(result.version);
    if (talk.kind === 'request') this.checkFirstPing(direction, result);
    else if (request) this.answered(key, request, direction, result, talk, at);
    else if (result.decoded.message === 'Nodes' && this.nodesDone.has(key)) {
      const text = `a further Nodes for request id ${talk.requestId}, whose ${this.nodesDone.get(key)} announced parts all arrived`;
      addNote(result.decoded.tree, 'warning', PORTAL_NOTES.nodesUnexpected, text);
    }
    this.host.emit(direction, { ...result.decoded, sources: talk.sources }, at);
    if (talk.kind === 'request' && result.reading) {
      const index = this.host.pendingRequest(other(direction), talk.requestId);
      this.pending.set(key, {
        message: result.decoded.message,
        keys: result.keys,
        network: context.network ?? null,
        index: index && index.message === result.decoded.message ? index.index : null,
        nodesSeen: 0,
        nodesTotal: 1,
      });
    }
  }

  /** The flow ended: announced streams that never appeared are reported (see UtpFlowState.end). */
  end(at: StreamPosition): void {
    this.utp.end(at);
  }

  /** ping-extensions/extensions.md: the first Ping between two nodes MUST be type 0 (client info). */
  private checkFirstPing(direction: Direction, result: DecodedPortalMessage): void {
    if (result.decoded.message !== 'Ping') return;
    const first = !this.pinged[direction];
    this.pinged[direction] = true;
    const type = result.decoded.tree.children?.find((c) => c.name === 'payload_type');
    if (first && type && typeof type.value === 'number' && type.value !== 0) {
      addNote(type, 'info', PORTAL_NOTES.pingFirstType, `the first Ping of this side uses type ${type.value}, not 0`);
    }
  }

  /** A response to a request of this flow: Nodes parts, and the uTP stream a connection id announces. */
  private answered(
    key: string,
    request: PendingRequest,
    direction: Direction,
    result: DecodedPortalMessage,
    talk: TalkPayload,
    at: StreamPosition,
  ): void {
    const tree = result.decoded.tree;
    if (result.decoded.message === 'Nodes' && request.message === 'FindNodes') {
      this.nodesPart(key, request, result);
      return;
    }
    this.pending.delete(key);
    const cid = result.connectionId;
    if (cid === null) return;
    const isContent = result.decoded.message === 'Content' && request.message === 'FindContent';
    const isAccept = result.decoded.message === 'Accept' && request.message === 'Offer';
    if (!isContent && !isAccept) return;
    const accepted = isAccept ? request.keys.filter((_, i) => result.accepted?.[i] === true) : request.keys;
    const requester = other(direction);
    const what = isContent
      ? `the content of ${keyText(request.keys[0])}`
      : `${accepted.length} of ${request.keys.length} offered items`;
    const stream: Field = {
      name: 'utp_stream',
      shape: 'struct',
      generated: true,
      display: `uTP stream ${cid}: the ${request.message} sender opens it (ST_SYN ${cid}) and ${isContent ? 'receives' : 'sends'} ${what}`,
      children: [
        generatedLeaf('connection_id', cid, `acceptor sends ${cid}, initiator ${(cid + 1) & 0xffff}`),
        generatedLeaf(
          'opened_by',
          `${request.message} sender`,
          `the side that sent ${request.message} (request id ${talk.requestId})`,
        ),
        generatedLeaf('carries', what),
      ],
    };
    tree.children!.push(stream);
    if (isAccept && accepted.length === 0) return;
    const announcement: UtpStreamAnnouncement = {
      connectionId: cid,
      initiator: requester,
      dataSender: isContent ? direction : requester,
      at,
      description: `${result.decoded.message} to ${request.message}${request.index !== null ? ` #${request.index}` : ''} (request id ${talk.requestId}): ${what}`,
      requestIndex: request.index,
      reader: isContent
        ? findContentStreamReader(request.keys[0] ?? null, result.version)
        : offerStreamReader(accepted, result.version.version === 'seed'),
      missing: (when, reason) => {
        const text = `${result.decoded.message} (request id ${talk.requestId}) announced uTP connection id ${cid}: ${reason}`;
        this.host.streamNote(direction, note('warning', PORTAL_NOTES.utpMissing, text), when);
      },
    };
    this.utp.announce(announcement);
  }

  /**
   * Nodes answers may come as `total` messages with the request's id: each is a Nodes whose `responseParts` (the
   * first one's total) keeps the FindNodes open in the pairing until the last, with its part number.
   */
  private nodesPart(key: string, request: PendingRequest, result: DecodedPortalMessage): void {
    const tree = result.decoded.tree;
    request.nodesSeen++;
    if (request.nodesSeen === 1) request.nodesTotal = Math.max(1, result.nodesTotal ?? 1);
    if (request.nodesTotal > 1) {
      result.decoded.responseParts = request.nodesTotal;
      const part = generatedLeaf(
        'part',
        request.nodesSeen,
        `Nodes message ${request.nodesSeen} of ${request.nodesTotal}`,
      );
      tree.children!.splice(1, 0, part);
    }
    if (result.nodesTotal !== null && request.nodesSeen > 1 && result.nodesTotal !== request.nodesTotal) {
      addNote(
        tree,
        'warning',
        PORTAL_NOTES.nodesTotal,
        `total ${result.nodesTotal}, but the first Nodes said ${request.nodesTotal}`,
      );
    }
    if (request.nodesSeen >= request.nodesTotal) {
      this.pending.delete(key);
      this.nodesDone.set(key, request.nodesTotal);
    }
  }
}

function keyText(key: DecodedContentKey | undefined): string {
  if (!key) return 'the requested key';
  return key.reading ? `${key.reading.kind.label} ${shortHex(key.bytes)}` : `key ${shortHex(key.bytes)}`;
}

function shortHex(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex.length > 20 ? `0x${hex.slice(0, 20)}…` : `0x${hex}`;
}
