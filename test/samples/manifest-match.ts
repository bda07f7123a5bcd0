import type { JsonValue } from '../../decoders/core/json';
import type { SentConnection, SentMessage, SentValue, Side } from '../../samples/recording/manifest';
import type { SampleMessage } from './analyzed-sample';

/** How the tests line Peerscope's output up with a sample's manifest. */

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

/** The messages Peerscope decoded from what `side` of `connection` sent, in the order they were sent. */
export function decodedFrom(
  messages: readonly SampleMessage[],
  connection: SentConnection,
  side: Side,
): SampleMessage[] {
  const [from, to] =
    side === 'client' ? [connection.clientPort, connection.serverPort] : [connection.serverPort, connection.clientPort];
  return messages.filter((m) => portOf(m.record.src) === from && portOf(m.record.dst) === to);
}

/** The manifest's messages of one side, with their positions in the connection's list. */
export function sentFrom(connection: SentConnection, side: Side): { position: number; sent: SentMessage }[] {
  return connection.messages.flatMap((sent, position) => (sent.direction === side ? [{ position, sent }] : []));
}

/** Pairs each manifest message (by position) with the decoded message of its direction at the same rank. */
export function decodedByPosition(
  messages: readonly SampleMessage[],
  connection: SentConnection,
): Map<number, SampleMessage> {
  const out = new Map<number, SampleMessage>();
  for (const side of ['client', 'server'] as const) {
    const decoded = decodedFrom(messages, connection, side);
    sentFrom(connection, side).forEach(({ position }, rank) => {
      const m = decoded[rank];
      if (m) out.set(position, m);
    });
  }
  return out;
}

/**
 * Which messages answer which, from what the peers sent: a server message answers the client request with its
 * request id; PONGs answer PINGs first-in first-out. Positions index the connection's messages.
 */
export function expectedPairs(connection: SentConnection): { request: number; response: number }[] {
  const pairs: { request: number; response: number }[] = [];
  const open = new Map<string, number>();
  const pings: number[] = [];
  connection.messages.forEach((m, position) => {
    if (m.direction === 'client' && m.message === 'PING') pings.push(position);
    else if (m.direction === 'server' && m.message === 'PONG')
      pairs.push({ request: pings.shift()!, response: position });
    else if (m.requestId !== null && m.direction === 'client') open.set(m.requestId, position);
    else if (m.requestId !== null && open.has(m.requestId)) {
      pairs.push({ request: open.get(m.requestId)!, response: position });
      open.delete(m.requestId);
    }
  });
  return pairs;
}

/**
 * The value at a manifest path in a message's decoded fields, in the manifest's canonical form; undefined when
 * the path leads nowhere. BSON keeps the width a number was written with (`{"$numberLong": "5"}`) and marks hex-like
 * text (`{"$string": "0x…"}`): those wrappers stand for the value inside them.
 */
export function decodedValue(fields: JsonValue, path: string): SentValue | undefined {
  let at: JsonValue | undefined = fields;
  for (const segment of path.split('.')) {
    if (Array.isArray(at)) at = segment === 'length' ? at.length : at[Number(segment)];
    else if (at !== null && typeof at === 'object') at = at[segment];
    else return undefined;
  }
  return canonicalOf(at);
}

function canonicalOf(value: JsonValue | undefined): SentValue | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value === null || value === undefined || Array.isArray(value)) return undefined;
  const wrapped = value.$numberLong ?? value.$numberInt ?? value.$numberDouble ?? value.$string;
  if (typeof wrapped !== 'string') return undefined;
  // A double that holds an integer is the integer (Lodestar's ids).
  return value.$numberDouble !== undefined && Number.isSafeInteger(Number(wrapped)) ? String(Number(wrapped)) : wrapped;
}

/** The manifest values of a message, without those the malformed message's breakage hides. */
export function readableValues(sent: SentMessage, unreadable: readonly string[] = []): Record<string, SentValue> {
  const hidden = (path: string) => unreadable.some((p) => path === p || path.startsWith(`${p}.`));
  return Object.fromEntries(Object.entries(sent.values).filter(([path]) => !hidden(path)));
}
