/**
 * The `<sample>.sent.json` manifests: what every peer of a recording sent, written by the peers themselves as they
 * send, so the tests can hold Peerscope's decoding against the ground truth.
 *
 * Values are canonical JSON: unsigned integers as decimal strings (a uint64 may exceed 2^53), byte strings as
 * lowercase 0x-hex, text as text. Keys are dotted paths through the message as its spec names the parts: Hobbits
 * `header.id`, `body.body.bodies.0.slot` (the EWP body, its BSON `body` element, the container's fields), eth2 RPC
 * `id`, `method_id`, `body.start_slot`, `result.roots.1.block_root`; `<list>.length` counts a list's items.
 */

export type Side = 'client' | 'server';

export type SentValue = string | number | boolean;

export interface SentMessage {
  direction: Side;
  /** The message as the spec names it (what the sender meant to send, also when it is deliberately malformed). */
  message: string;
  /** Request id as decimal text; null for messages without one (GOSSIP, PING, PONG). */
  requestId: string | null;
  /** The message's main values, header included. */
  values: Record<string, SentValue>;
  /** Bytes of the whole framed message as written to the socket. */
  length: number;
}

export interface SentConnection {
  /** The client's local port: the connection's name in the manifest (the server's port is shared). */
  clientPort: number;
  serverPort: number;
  /** How this conversation writes its messages (`spec`, `artemis`, `lodestar` for Hobbits; `ssz` for eth2 RPC). */
  form: string;
  /** What the conversation is about, in a few words. */
  story: string;
  /** Every message of both peers in the order the writes began. Per direction this is exactly the wire order. */
  messages: SentMessage[];
}

/** Points at one message of a connection: `position` indexes `SentConnection.messages`. */
export interface MessageRef {
  clientPort: number;
  position: number;
  direction: Side;
  message: string;
  requestId: string | null;
}

export interface SentManifest {
  capture: string;
  format: 'pcap' | 'pcapng';
  recorder: 'tcpdump' | 'dumpcap';
  protocol: 'hobbits' | 'eth2rpc';
  seed: number;
  connections: SentConnection[];
  /** The one request no peer answers, and why. */
  unanswered: MessageRef & { reason: string };
  /** The one message built broken on purpose, how, and the value paths (prefixes) the breakage hides. */
  malformed: MessageRef & { reason: string; unreadable: string[] };
}

interface Flag {
  position: number;
  reason: string;
}

/** Canonical forms of the values the peers send. */
export const canonical = {
  uint: (value: bigint | number): string => BigInt(value).toString(),
  bytes: (value: Uint8Array): string => `0x${Buffer.from(value).toString('hex')}`,
};

/**
 * Collects one connection's messages as they are written. The peers of a connection run in the same process, so
 * the order of `record` calls is the order the writes began.
 */
export class ConnectionLog {
  readonly messages: SentMessage[] = [];
  clientPort = 0;
  flagged: { unanswered?: Flag; malformed?: Flag & { unreadable: string[] } } = {};

  constructor(
    readonly form: string,
    readonly story: string,
  ) {}

  record(message: SentMessage): number {
    this.messages.push(message);
    return this.messages.length - 1;
  }

  markUnanswered(position: number, reason: string): void {
    this.flagged.unanswered = { position, reason };
  }

  markMalformed(position: number, reason: string, unreadable: string[]): void {
    this.flagged.malformed = { position, reason, unreadable };
  }

  private flaggedRef(flag: Flag): MessageRef & { reason: string } {
    return { ...this.ref(flag.position), reason: flag.reason };
  }

  unansweredRef(): MessageRef & { reason: string } {
    return this.flaggedRef(this.flagged.unanswered!);
  }

  malformedRef(): MessageRef & { reason: string; unreadable: string[] } {
    const flag = this.flagged.malformed!;
    return { ...this.flaggedRef(flag), unreadable: flag.unreadable };
  }

  toJson(serverPort: number): SentConnection {
    return { clientPort: this.clientPort, serverPort, form: this.form, story: this.story, messages: this.messages };
  }

  ref(position: number): MessageRef {
    const m = this.messages[position]!;
    return {
      clientPort: this.clientPort,
      position,
      direction: m.direction,
      message: m.message,
      requestId: m.requestId,
    };
  }
}

/** Builds a manifest from the connection logs; exactly one unanswered request and one malformed message. */
export function buildManifest(
  base: Omit<SentManifest, 'connections' | 'unanswered' | 'malformed'>,
  serverPort: number,
  logs: readonly ConnectionLog[],
): SentManifest {
  const unanswered = logs.filter((l) => l.flagged.unanswered !== undefined);
  const malformed = logs.filter((l) => l.flagged.malformed !== undefined);
  if (unanswered.length !== 1 || malformed.length !== 1) {
    throw new Error(
      `${base.capture}: expected one unanswered request and one malformed message, got ${unanswered.length} and ${malformed.length}`,
    );
  }
  return {
    ...base,
    connections: logs.map((l) => l.toJson(serverPort)),
    unanswered: unanswered[0]!.unansweredRef(),
    malformed: malformed[0]!.malformedRef(),
  };
}
