import type { ConnectionLog, Side } from './manifest';
import type { Framer } from './paced-socket';

/**
 * The raw-TCP eth2 RPC states no message length ("ETH" and the SSZ wrapper, nothing more), and the 2019 clients
 * leaned on one message per write, which TCP does not keep. Both peers of a sample connection live in this
 * process, so the receiver learns each message's length from the connection log the sender wrote it to: the only
 * thing it does not read from the bytes.
 */
export function ledgerFramer(log: () => ConnectionLog, sender: Side): Framer {
  let next = 0;
  return (buffered) => {
    const sent = log().messages.filter((m) => m.direction === sender)[next];
    if (!sent || buffered.length < sent.length) return null;
    next++;
    return sent.length;
  };
}
