import { decodeUtf8Strict, fromHex } from '../core/bytes';
import { addNote, fieldByPath, type Field } from '../core/field';
import type { Direction } from '../core/dissector';
import type { DecodedMessage } from '../core/message';
import { lazyMemberBytes } from '../codecs/ssz';
import { MAX_TRANSFERS, Transfer } from './beacon-types';
import {
  CUSTOM_GOODBYE_REASONS_ABOVE,
  GOODBYE_REASONS,
  MAX_BLOCK_ROOTS_COUNT,
  methodById,
  RESERVED_RESPONSE_CODES,
  RESPONSE_CODES,
  UNKNOWN_METHOD,
} from './methods';
import { ETH2RPC_NOTES } from './note-kinds';

/**
 * The spec's rules as notes with stable kinds. Message rules need only the message; connection rules need what
 * the connection saw before (the hellos, the request a response answers).
 */

/** Rules and annotations that need only the message itself. */
export function checkMessage(tree: Field, message: string): void {
  const responseCode = child(tree, 'response_code');
  if (responseCode) checkResponseCode(responseCode);
  switch (message) {
    case 'goodbye':
      return describeGoodbyeReason(fieldByPath(tree, 'body.reason'));
    case 'get_status':
      return describeUserAgent(fieldByPath(tree, 'body.user_agent'));
    case 'get_status_response':
      return describeUserAgent(fieldByPath(tree, 'result.user_agent'));
    case 'beacon_block_roots':
      return checkRootsCount(fieldByPath(tree, 'body.count'));
    case 'beacon_block_roots_response':
      return checkRootsOrder(fieldByPath(tree, 'result.roots'));
    case 'beacon_block_bodies_response':
      return checkTransfers(fieldByPath(tree, 'result.block_bodies'));
    case 'beacon_chain_state_response':
      return noteRawResult(
        tree,
        'info',
        ETH2RPC_NOTES.stateUnspecified,
        'the spec leaves this response body TBD: kept as bytes',
      );
    case UNKNOWN_METHOD: {
      const method = child(tree, 'method_id')!;
      return addNote(
        method,
        'warning',
        ETH2RPC_NOTES.unknownMethod,
        `method id ${String(method.value)} is not in the spec`,
      );
    }
  }
}

function child(tree: Field, name: string): Field | undefined {
  return tree.children?.find((c) => c.name === name);
}

function bigValue(field: Field | undefined): bigint | null {
  const v = field?.value;
  return typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? BigInt(v) : null;
}

function checkResponseCode(field: Field): void {
  const code = field.value as number;
  if (RESPONSE_CODES[code] === undefined && code < RESERVED_RESPONSE_CODES) {
    addNote(
      field,
      'warning',
      ETH2RPC_NOTES.reservedResponseCode,
      `response code ${code} is reserved (values below 1000 are the system's; 0, 10, 20, 30, 40 are defined)`,
    );
  }
}

/** §Goodbye: 1, 2, 3 are defined; custom reasons must be larger than 1000. */
function describeGoodbyeReason(field: Field | undefined): void {
  const reason = bigValue(field);
  if (reason === null) return;
  const name = GOODBYE_REASONS[Number(reason)];
  if (name !== undefined) field!.display = `${name} (${reason})`;
  else if (reason > BigInt(CUSTOM_GOODBYE_REASONS_ABOVE)) field!.display = `custom (${reason})`;
  else
    addNote(
      field!,
      'warning',
      ETH2RPC_NOTES.goodbyeReason,
      `reason ${reason} is neither defined (1, 2, 3) nor custom (> 1000)`,
    );
}

function describeUserAgent(field: Field | undefined): void {
  if (typeof field?.value !== 'string') return;
  const text = decodeUtf8Strict(fromHex(field.value));
  if (text !== null) field.display = JSON.stringify(text);
}

/** §Request beacon block roots: "The `count` parameter MUST be less than or equal to `32768`". */
function checkRootsCount(field: Field | undefined): void {
  const count = bigValue(field);
  if (count !== null && count > BigInt(MAX_BLOCK_ROOTS_COUNT)) {
    addNote(field!, 'error', ETH2RPC_NOTES.rootsCount, `count ${count} exceeds ${MAX_BLOCK_ROOTS_COUNT}`);
  }
}

/** §Request beacon block roots: "The slots MUST be returned in ascending slot order". */
function checkRootsOrder(roots: Field | undefined): void {
  let previous: bigint | null = null;
  for (const root of roots?.children ?? []) {
    if (root.encoding) continue;
    const slot = slotOf(root);
    if (slot === null) continue;
    if (previous !== null && slot <= previous) {
      addNote(root, 'error', ETH2RPC_NOTES.rootsOrder, `slot ${slot} after slot ${previous}: slots must ascend`);
      return;
    }
    previous = slot;
  }
}

/** A root's slot, read from its bytes while the element is unbuilt (a response holds thousands). */
function slotOf(root: Field): bigint | null {
  const raw = lazyMemberBytes(root, 'slot');
  if (raw === null) return bigValue(child(root, 'slot'));
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getBigUint64(0, true);
}

/** How many transfers a body holds, counted from its bytes while the body is unbuilt. */
function transferCount(body: Field): number {
  const raw = lazyMemberBytes(body, 'transfers');
  if (raw !== null) return raw.length / Transfer.fixedSize!;
  return child(body, 'transfers')?.children?.filter((c) => !c.encoding).length ?? 0;
}

/** §Max operations per block: MAX_TRANSFERS is 0 on mainnet. */
function checkTransfers(bodies: Field | undefined): void {
  for (const body of bodies?.children ?? []) {
    if (body.encoding) continue;
    const count = transferCount(body);
    if (count > MAX_TRANSFERS) {
      const transfers = child(body, 'transfers');
      addNote(
        transfers ?? body,
        'warning',
        ETH2RPC_NOTES.transfers,
        `${count} transfers; MAX_TRANSFERS is ${MAX_TRANSFERS} on mainnet`,
      );
    }
  }
}

function noteRawResult(tree: Field, severity: 'info', kind: string, text: string): void {
  const result = child(tree, 'result');
  if (result?.shape === 'leaf' && child(tree, 'response_code')?.value === 0) addNote(result, severity, kind, text);
}

/** A success result to a request whose method the spec lacks: there is no type to read it with. */
export function noteUntypedResult(tree: Field): void {
  noteRawResult(
    tree,
    'info',
    ETH2RPC_NOTES.responseUntyped,
    'answers a request whose method is not in the spec: kept as bytes',
  );
}

interface RequestContext {
  message: string;
  /** The request's limit for its response (count, max_headers, number of roots). */
  limit: bigint | null;
}

/** Keeps at most this many unanswered requests for the response checks. */
const REQUEST_MEMORY = 4096;

/** Rules across messages of one connection. Direction 0 is the initiator (the side that opened the connection). */
export class ConnectionRules {
  private readonly seen: [boolean, boolean] = [false, false];
  private readonly hellos: [Field | null, Field | null] = [null, null];
  private readonly requests = new Map<string, RequestContext>();

  check(direction: Direction, message: DecodedMessage): void {
    this.checkHandshake(direction, message);
    if (message.requestId === null) return;
    const method = methodById(message.code ?? -1);
    if (method && message.message === method.name) this.rememberRequest(direction, message);
    else if (message.message.endsWith('_response')) this.checkResponse(direction, message);
  }

  /** §Hello: the initiator's first message is hello; the responder answers with its own; networks must agree. */
  private checkHandshake(direction: Direction, message: DecodedMessage): void {
    const hello = helloBody(message);
    if (!this.seen[direction]) {
      this.seen[direction] = true;
      if (direction === 0 && message.message !== 'hello') {
        addNote(
          message.tree,
          'warning',
          ETH2RPC_NOTES.helloFirst,
          `the initiator's first message must be hello, not ${message.message}`,
        );
      }
      if (direction === 1 && !hello) {
        addNote(
          message.tree,
          'warning',
          ETH2RPC_NOTES.helloReply,
          `the responder must answer with its own hello, not ${message.message}`,
        );
      }
    }
    if (!hello || this.hellos[direction]) return;
    this.hellos[direction] = hello;
    const peer = this.hellos[direction === 0 ? 1 : 0];
    if (peer) compareHellos(hello, peer);
  }

  private rememberRequest(direction: Direction, message: DecodedMessage): void {
    const key = `${direction}:${message.requestId}`;
    if (this.requests.has(key)) return;
    if (this.requests.size >= REQUEST_MEMORY) this.requests.delete(this.requests.keys().next().value!);
    this.requests.set(key, { message: message.message, limit: responseLimit(message) });
  }

  private checkResponse(direction: Direction, message: DecodedMessage): void {
    const key = `${direction === 0 ? 1 : 0}:${message.requestId}`;
    const request = this.requests.get(key);
    if (!request) return;
    this.requests.delete(key);
    if (request.limit === null || message.message !== `${request.message}_response`) return;
    checkResponseSize(message.tree, request.message, request.limit);
  }
}

function helloBody(message: DecodedMessage): Field | null {
  const path = message.message === 'hello' ? 'body' : message.message === 'hello_response' ? 'result' : null;
  const body = path ? fieldByPath(message.tree, path) : undefined;
  return body?.shape === 'struct' ? body : null;
}

function compareHellos(hello: Field, peer: Field): void {
  for (const [name, kind] of [
    ['network_id', ETH2RPC_NOTES.networkMismatch],
    ['chain_id', ETH2RPC_NOTES.chainMismatch],
  ] as const) {
    const own = child(hello, name);
    const theirs = child(peer, name)?.value;
    if (own && theirs !== undefined && own.value !== theirs) {
      addNote(
        own,
        'warning',
        kind,
        `${name} ${String(own.value)} differs from the peer's ${String(theirs)}: peers should disconnect`,
      );
    }
  }
}

function responseLimit(request: DecodedMessage): bigint | null {
  switch (request.message) {
    case 'beacon_block_roots':
      return bigValue(fieldByPath(request.tree, 'body.count'));
    case 'beacon_block_headers':
      return bigValue(fieldByPath(request.tree, 'body.max_headers'));
    case 'beacon_block_bodies': {
      const roots = fieldByPath(request.tree, 'body.block_roots');
      return roots?.shape === 'list' ? BigInt(roots.children!.filter((c) => !c.encoding).length) : null;
    }
    default:
      return null;
  }
}

/** The response-size rules of methods 10, 11 and 12 against what their request asked for. */
function checkResponseSize(tree: Field, request: string, limit: bigint): void {
  const listPath = {
    beacon_block_roots: 'result.roots',
    beacon_block_headers: 'result.headers',
    beacon_block_bodies: 'result.block_bodies',
  }[request];
  const list = listPath ? fieldByPath(tree, listPath) : undefined;
  if (list?.shape !== 'list') return;
  const count = BigInt(list.children!.filter((c) => !c.encoding).length);
  if (request === 'beacon_block_roots' && count > limit) {
    addNote(list, 'warning', ETH2RPC_NOTES.rootsTooMany, `${count} roots for a request of count ${limit}`);
  } else if (request === 'beacon_block_headers' && count > limit) {
    addNote(list, 'error', ETH2RPC_NOTES.headersMax, `${count} headers, more than max_headers ${limit}`);
  } else if (request === 'beacon_block_bodies' && count !== limit) {
    addNote(list, 'error', ETH2RPC_NOTES.bodiesCount, `${count} bodies for ${limit} requested roots`);
  }
}
