import { bytesEqual, fromHex, toBareHex } from '../core/bytes';
import type { KeyStore } from '../core/keys';
import { nodeIdOfPrivateKey } from '../enr';
import type { SessionKeys } from './session-keys';

/**
 * The discv5 lines of a Peerscope key log (format: decoders/discv5/KEYLOG.md), read through the KeyStore:
 *
 *   DISCV5 <ephemeral-pubkey> <initiator-id> <recipient-id> <initiator-key> <recipient-key>
 *   DISCV5_NODEKEY <node-id> <private-key>
 */

export const DISCV5_KEYLOG_LABEL = 'DISCV5';
export const DISCV5_NODEKEY_LABEL = 'DISCV5_NODEKEY';

/** One session as a key log gives it. */
export interface LoggedSession {
  /** The handshake's ephemeral public key (33 bytes), or any other token naming the session. */
  token: Uint8Array;
  initiatorId: Uint8Array;
  recipientId: Uint8Array;
  keys: SessionKeys;
  source: string;
}

export interface LoggedNodeKey {
  id: Uint8Array;
  privateKey: Uint8Array;
  source: string;
}

export interface KeyLogLineProblem {
  source: string;
  text: string;
}

export interface Discv5KeyLog {
  sessions: LoggedSession[];
  nodeKeys: LoggedNodeKey[];
  problems: KeyLogLineProblem[];
}

/** The usable discv5 lines of the store, and why the others are not (lengths are checked here, not by the store). */
export function readDiscv5KeyLog(keys: KeyStore): Discv5KeyLog {
  const out: Discv5KeyLog = { sessions: [], nodeKeys: [], problems: [] };
  for (const entry of keys.entriesOf(DISCV5_KEYLOG_LABEL)) {
    const [initiator, recipient, initiatorKey, recipientKey] = entry.values;
    const sizes = [initiator, recipient, initiatorKey, recipientKey].map((v) => (v ?? '').length / 2);
    if (entry.values.length !== 4 || sizes[0] !== 32 || sizes[1] !== 32 || sizes[2] !== 16 || sizes[3] !== 16) {
      out.problems.push({
        source: entry.source,
        text: 'a DISCV5 line is: DISCV5 <ephemeral-pubkey> <initiator-id 32 bytes> <recipient-id 32 bytes> <initiator-key 16 bytes> <recipient-key 16 bytes>',
      });
      continue;
    }
    out.sessions.push({
      token: fromHex(entry.key),
      initiatorId: fromHex(initiator!),
      recipientId: fromHex(recipient!),
      keys: { initiatorKey: fromHex(initiatorKey!), recipientKey: fromHex(recipientKey!) },
      source: entry.source,
    });
  }
  for (const entry of keys.entriesOf(DISCV5_NODEKEY_LABEL)) {
    const claimed = fromHex(entry.key);
    const privateKey = entry.values.length === 1 ? fromHex(entry.values[0]!) : new Uint8Array(0);
    const id = privateKey.length === 32 ? nodeIdOfPrivateKey(privateKey) : null;
    if (!id) {
      out.problems.push({
        source: entry.source,
        text: 'a DISCV5_NODEKEY line is: DISCV5_NODEKEY <node-id> <private-key 32 bytes>',
      });
    } else if (!bytesEqual(id, claimed)) {
      out.problems.push({
        source: entry.source,
        text: `the private key belongs to node 0x${toBareHex(id)}, not to the node id given`,
      });
    } else {
      out.nodeKeys.push({ id, privateKey, source: entry.source });
    }
  }
  return out;
}

/** A DISCV5 key-log line (for tools that log sessions; Peerscope's tests and samples write them too). */
export function discv5KeyLogLine(session: Omit<LoggedSession, 'source'>): string {
  return [
    DISCV5_KEYLOG_LABEL,
    toBareHex(session.token),
    toBareHex(session.initiatorId),
    toBareHex(session.recipientId),
    toBareHex(session.keys.initiatorKey),
    toBareHex(session.keys.recipientKey),
  ].join(' ');
}
