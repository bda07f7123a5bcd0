import type { Direction, TcpProtocol } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { Capability, CapabilityHost, CapabilityMessage } from '../../../decoders/devp2p/capability';
import { createP2pProtocol } from '../../../decoders/devp2p';
import { nodeAes } from '../../../src-main/rlpx/node-aes';
import { runPlaybook, type PlaybookEvent, type PlaybookResult } from '../../support/dissector-playbook';
import type { Write } from './in-memory-session';

/** What a test capability was handed, per message. */
export interface HandedMessage {
  version: number;
  direction: Direction;
  message: CapabilityMessage;
  initiator: Direction;
  senderId: Uint8Array | undefined;
}

/**
 * A capability for dissector tests: records every message the RLPx dissector hands it and emits it as protocol
 * `name` with the relative code as message name, so the records show where it went.
 */
export function recordingCapability(name: string, length: number): { capability: Capability; handed: HandedMessage[] } {
  const handed: HandedMessage[] = [];
  const capability = {
    transport: 'carried',
    capability: name,
    declaration: { name } as Capability['declaration'],
    length: () => length,
    open: (host: CapabilityHost, version: number) => ({
      message(direction: Direction, message: CapabilityMessage, at: { frame: number; time: number }) {
        handed.push({ version, direction, message, initiator: host.initiator, senderId: host.nodeId(direction) });
        host.emit(
          direction,
          {
            protocol: name,
            message: `code${message.code}`,
            code: message.code,
            requestId: null,
            tree: { name, shape: 'struct', start: 0, end: message.payload.length, children: [] },
            bytes: message.payload,
            sources: message.sources,
          },
          at,
        );
      },
    }),
    decodeMessage: () => {
      throw new Error('not used');
    },
    encodeMessage: () => new Uint8Array(0),
  } satisfies Capability;
  return { capability, handed };
}

export function p2pWith(capabilities: Capability[] = []): TcpProtocol {
  return createP2pProtocol({ aes: nodeAes, capabilities });
}

export function keysFor(...lines: string[]): KeyStore {
  const keys = new KeyStore();
  for (const [i, line] of lines.entries()) keys.addKeyLog(line, `test-${i}.log`);
  return keys;
}

/** Each write as one stream event, optionally ending both directions. */
export function eventsOf(writes: readonly Write[], end = false): PlaybookEvent[] {
  const events: PlaybookEvent[] = writes.map((w) => ({ dir: w.dir, data: w.data }));
  if (end) events.push({ dir: 0, end: true }, { dir: 1, end: true });
  return events;
}

export function dissect(protocol: TcpProtocol, events: PlaybookEvent[], keys = new KeyStore()): PlaybookResult {
  return runPlaybook(protocol, events, keys);
}

/** Records without what depends on how bytes were cut into events (frames, times, indexes, pair links). */
export function essentials(records: MessageRecord[]) {
  return records.map((r) => ({
    src: r.src,
    protocol: r.protocol,
    message: r.message,
    code: r.code,
    fields: r.fields,
    notes: r.notes.map((n) => n.kind),
  }));
}
