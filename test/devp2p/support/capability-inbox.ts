import type { RlpxEvent, RlpxPeer } from '../../../src-main/rlpx/rlpx-peer';
import { Inbox } from './inbox';

export interface ReceivedMessage {
  code: number;
  payload: Uint8Array;
}

/** The messages of one capability a Peerscope peer received, those that already came first, in arrival order. */
export function capabilityInbox(peer: RlpxPeer, capability: string): Inbox<ReceivedMessage> {
  const inbox = new Inbox<ReceivedMessage>();
  const take = (e: RlpxEvent) => {
    if (e.type === 'message' && e.capability.name === capability) inbox.push({ code: e.code, payload: e.payload });
  };
  for (const e of peer.events) take(e);
  peer.onEvent(take);
  return inbox;
}
