import { addNote } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { DEFAULT_MAX_MESSAGE, HEADER_LENGTH, startsWithPrefix } from './framing';
import { buildTree, malformedTree } from './message-tree';
import { MALFORMED, methodByName, methodByResponseName, UNKNOWN_METHOD, UNTYPED_RESPONSE } from './methods';
import {
  ambiguousAlternatives,
  CONSISTENT,
  describeReading,
  messageName,
  readingsOf,
  type PairingContext,
  type Reading,
} from './readings';
import { checkMessage, noteUntypedResult } from './rules';
import { ETH2RPC_NOTES } from './note-kinds';

export const PROTOCOL = 'eth2rpc';

export interface MessageDecodeOptions {
  /** What the stream knows about the message's id; `unknown` outside a stream. */
  context?: PairingContext | ((id: bigint) => PairingContext);
  maxMessage?: number;
  /** Read the bytes as this message (a declaration's own codec); other readings only when it does not fit at all. */
  only?: string;
}

export interface Eth2RpcDecoded {
  message: DecodedMessage;
  /** The reading chosen; null for bytes that are not a framed message. */
  reading: Reading | null;
}

/** Decodes one whole framed message, choosing its reading by consistency. Never throws. */
export function decodeEth2RpcMessage(bytes: Uint8Array, options: MessageDecodeOptions = {}): Eth2RpcDecoded {
  const context = options.only ? contextForMessage(options.only) : (options.context ?? { kind: 'unknown' });
  const all = readingsOf(bytes, context, options.maxMessage ?? DEFAULT_MAX_MESSAGE);
  const wanted = options.only ? all.filter((r) => messageName(r) === options.only) : all;
  const readings = wanted.length > 0 ? wanted : all;
  const best = readings[0];
  if (!best) return { message: malformedMessage(bytes), reading: null };
  const tree = buildTree(bytes, best);
  const name = messageName(best);
  if (options.only && name !== options.only) {
    addNote(tree, 'error', ETH2RPC_NOTES.unexpected, `not a valid ${options.only}: reads as ${describeReading(best)}`);
  }
  annotateReading(tree, best, readings);
  checkMessage(tree, name);
  const code = best.role === 'request' ? best.header.code : (best.method?.id ?? null);
  return {
    message: { protocol: PROTOCOL, message: name, code, requestId: String(best.header.id), tree, bytes },
    reading: best,
  };
}

/** The notes about how the message was read: inconsistency, ambiguity, a response type guessed without its request. */
function annotateReading(tree: DecodedMessage['tree'], best: Reading, readings: readonly Reading[]): void {
  if (best.grade < CONSISTENT) {
    const tried = [...new Set(readings.map(describeReading))].join('; ');
    addNote(
      tree,
      'error',
      ETH2RPC_NOTES.inconsistent,
      `consistent neither as a request nor as a response (tried: ${tried})`,
    );
    return;
  }
  const alternatives = ambiguousAlternatives(readings);
  if (alternatives.length > 0) {
    const also = alternatives.map(describeReading).join('; ');
    addNote(tree, 'info', ETH2RPC_NOTES.ambiguous, `read as ${describeReading(best)}; also consistent as ${also}`);
  }
  if (best.role !== 'response') return;
  if (best.inferredFrom) {
    const others = best.inferredFrom.slice(1).map((m) => `${m.name}_response`);
    const text = others.length > 0 ? `; it also fits ${others.join(', ')}` : '; no other response type fits';
    addNote(
      tree,
      'info',
      ETH2RPC_NOTES.responseInferred,
      `response type chosen without its request: ${messageName(best)}${text}`,
    );
  } else if (best.result === 'raw' && best.method === null) {
    noteUntypedResult(tree);
  }
}

/** Reading a message as a given one: a typed response as the answer to its method, a request as not pending. */
function contextForMessage(name: string): PairingContext {
  const answered = methodByResponseName(name);
  if (answered) return { kind: 'pending', method: answered };
  if (name === UNTYPED_RESPONSE) return { kind: 'pending', method: null };
  if (methodByName(name) || name === UNKNOWN_METHOD) return { kind: 'not-pending' };
  return { kind: 'unknown' };
}

function malformedMessage(bytes: Uint8Array): DecodedMessage {
  const reason = !startsWithPrefix(bytes)
    ? 'does not start with the ETH prefix (0x455448)'
    : bytes.length < HEADER_LENGTH
      ? `${bytes.length} bytes: shorter than a message header (${HEADER_LENGTH})`
      : 'no message layout fits the header (offset is not 14, and no length matches)';
  return {
    protocol: PROTOCOL,
    message: MALFORMED,
    code: null,
    requestId: null,
    tree: malformedTree(MALFORMED, bytes, reason),
    bytes,
  };
}
