import type { SentMessage } from './manifest';

/** A message built and ready to write, with what the manifest says about it. */
export interface OutgoingMessage {
  bytes: Uint8Array;
  sent: Omit<SentMessage, 'direction' | 'length'>;
  /** Set on the message built broken on purpose: how it is broken, and which parts (path prefixes) it hides. */
  malformed?: { reason: string; unreadable: string[] };
  /** Set on the request no peer will answer: why. */
  unanswered?: string;
}
