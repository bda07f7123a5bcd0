import { readRlpHeader, rlpUint } from '../codecs/rlp';
import type { Direction, StreamPosition } from '../core/dissector';
import { addNote, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { ByteReader, DecodeError } from '../core/reader';
import type { CapabilityHost, CapabilityMessage, CapabilitySession } from '../devp2p/capability';
import { commitmentsOf, type HeaderCommitments } from '../ethereum/block-checks';
import { BoundedMap, RequestMemory } from '../ethereum/capability/request-memory';
import { UNKNOWN_MESSAGE } from '../ethereum/capability/unknown-message';
import { generatedCode, readMessage } from '../ethereum/capability/wire-message';
import { childNamed, specChildren } from '../ethereum/field-values';
import { RESS_ALTERNATIVES, ressDeclaration } from './declaration';
import { NODE_TYPES } from './message-forms';
import { RESS_NOTES } from './note-kinds';
import { checkResponse, type RessRequest } from './response-checks';
import { ressWire, type RessEra } from './wire';

const SEED_NAMES = new Set(Object.values(RESS_ALTERNATIVES).map((a) => a.seed));
const RETH_NAMES = new Set(Object.values(RESS_ALTERNATIVES).map((a) => a.reth));
const STATELESS = 0;
const STATEFUL = 1;

/**
 * One ress connection: the README's rules (NodeType first, no stateful↔stateful pair, requests go to the stateful
 * peer) and each response against what was requested. It also learns which message set each side uses, so the
 * bytes that read either way (the README's `[id, [header]]` is reth's one-header list) get the right name.
 */
export class RessSession implements CapabilitySession {
  private readonly seen: [boolean, boolean] = [false, false];
  private readonly nodeTypes: [number | null, number | null] = [null, null];
  private readonly eras: [RessEra | null, RessEra | null] = [null, null];
  private readonly requests = new RequestMemory<RessRequest>();
  private readonly headers = new BoundedMap<string, HeaderCommitments>();

  constructor(private readonly host: CapabilityHost) {}

  message(direction: Direction, m: CapabilityMessage, at: StreamPosition): void {
    const { era, expected } = this.reading(direction, m);
    const read = readMessage(ressWire(era, expected), m.code, m.payload, 0, m.payload.length, null);
    if (read.message === UNKNOWN_MESSAGE) read.tree.children!.unshift(generatedCode(m.code));
    const decoded: DecodedMessage = { protocol: 'ress', ...read, bytes: m.payload, sources: m.sources };
    this.learnEra(direction, decoded);
    this.checkFirst(direction, decoded);
    if (decoded.message === 'NodeType') this.onNodeType(direction, decoded.tree);
    else if (decoded.requestId !== null) this.onRequestOrResponse(direction, decoded, m.payload);
    this.host.emit(direction, decoded, at);
  }

  /**
   * A response takes the era of the request it answers, and is expected to be that request's answer; a request
   * takes the era its sender (or the peer) used.
   */
  private reading(direction: Direction, m: CapabilityMessage): { era: RessEra; expected: string | undefined } {
    const id = peekRequestId(m.payload);
    const pending = id === null ? undefined : this.host.pendingRequest(direction, id);
    const expected = pending ? ressDeclaration.message(pending.message)?.answeredBy?.[0] : undefined;
    if (pending && SEED_NAMES.has(pending.message)) return { era: 'seed', expected };
    if (pending && RETH_NAMES.has(pending.message)) return { era: 'reth', expected };
    return { era: this.eras[direction] ?? this.eras[direction === 0 ? 1 : 0] ?? 'reth', expected };
  }

  private learnEra(direction: Direction, decoded: DecodedMessage): void {
    const form = childNamed(decoded.tree, 'form')?.value;
    if (SEED_NAMES.has(decoded.message) || form === 'readme' || form === 'wire-entries') this.eras[direction] = 'seed';
    else if (RETH_NAMES.has(decoded.message)) this.eras[direction] = 'reth';
  }

  /** README §Basic operation: "a NodeType message must be sent" before any other message. */
  private checkFirst(direction: Direction, decoded: DecodedMessage): void {
    if (this.seen[direction]) return;
    this.seen[direction] = true;
    if (decoded.message !== 'NodeType') {
      addNote(
        decoded.tree,
        'warning',
        RESS_NOTES.nodeTypeFirst,
        `the first ress message must be NodeType, not ${decoded.message}`,
      );
    }
  }

  private onNodeType(direction: Direction, tree: Field): void {
    const field = childNamed(tree, 'nodetype');
    const value = typeof field?.value === 'number' ? field.value : null;
    if (this.nodeTypes[direction] !== null) {
      addNote(tree, 'warning', RESS_NOTES.nodeTypeRepeated, 'a second NodeType from this side');
      return;
    }
    if (field && NODE_TYPES[value ?? -1] === undefined) {
      addNote(
        field,
        'error',
        RESS_NOTES.nodeTypeValue,
        `node type ${String(field.value)}: 0 (stateless) or 1 (stateful)`,
      );
      return;
    }
    this.nodeTypes[direction] = value;
    if (value === STATEFUL && this.nodeTypes[direction === 0 ? 1 : 0] === STATEFUL) {
      addNote(
        tree,
        'error',
        RESS_NOTES.combination,
        'stateful ↔ stateful: an invalid combination, the session is terminated',
      );
    }
  }

  private onRequestOrResponse(direction: Direction, decoded: DecodedMessage, payload: Uint8Array): void {
    const id = decoded.requestId!;
    if (ressDeclaration.message(decoded.message)?.answeredBy) {
      this.requests.remember(direction, id, { message: decoded.message, tree: decoded.tree });
      if (this.nodeTypes[direction === 0 ? 1 : 0] === STATELESS) {
        addNote(
          decoded.tree,
          'warning',
          RESS_NOTES.requestPeer,
          'sent to a stateless peer: ress requests go to the stateful peer',
        );
      }
      return;
    }
    const request = this.requests.take(direction, id);
    if (request) checkResponse(decoded.message, decoded.tree, request, payload, this.headers);
    const headers =
      decoded.message === 'Header'
        ? [childNamed(decoded.tree, 'header')]
        : specChildren(childNamed(decoded.tree, 'headers'));
    for (const header of headers) {
      const commitments = header ? commitmentsOf(header) : null;
      if (commitments) this.headers.set(commitments.hash, commitments);
    }
  }
}

/** The request id of `[request-id, ...]` without decoding the rest, or null. */
function peekRequestId(payload: Uint8Array): string | null {
  try {
    const list = readRlpHeader(payload, 0, payload.length);
    if (!list.isList) return null;
    const id = rlpUint(64).decode(new ByteReader(payload, list.payloadStart, list.payloadEnd), 'request-id');
    return String(id.value);
  } catch (e) {
    if (e instanceof DecodeError) return null;
    throw e;
  }
}
