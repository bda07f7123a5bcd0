import type { Detection } from '../core/dissector';
import type { KeyStore } from '../core/keys';
import { keyMaterialOf } from './key-material';
import type { HeaderMasks } from './masking';
import { MAX_PACKET_SIZE, MIN_PACKET_SIZE, PROTOCOL_VERSION } from './packet-layout';
import { readStaticHeader } from './static-header';

/**
 * Recognises a discv5 datagram (the engine asks about the first datagrams of every UDP flow). A header only
 * reveals "discv5" when unmasked with its recipient's node id, so only the ids the user's keys name can tell:
 * node keys, DISCV5_NODEKEY and DISCV5 key-log lines. Conservative: without such an id the answer is `no`, and
 * `--decode-as udp.port==N:discv5` opens a flow whose ids the capture itself will reveal. Ids learned from other
 * flows are left out on purpose: the engine reads a capture twice and both passes must detect alike.
 */
export function detectDiscv5(datagram: Uint8Array, keys: KeyStore | undefined, masks: HeaderMasks): Detection {
  if (!keys || datagram.length < MIN_PACKET_SIZE || datagram.length > MAX_PACKET_SIZE) return 'no';
  for (const id of keyMaterialOf(keys).ids) {
    const unmasked = masks.unmask(datagram, id);
    if (unmasked && readStaticHeader(unmasked.packet).version === PROTOCOL_VERSION) return 'yes';
  }
  return 'no';
}
