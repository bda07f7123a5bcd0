import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ProtocolRegistry } from '../../decoders/core/registry';
import { createDiscv5Protocol, isTalkProtocol, type Discv5Ciphers } from '../../decoders/discv5';
import { eth2rpc } from '../../decoders/eth2rpc';
import { hobbits } from '../../decoders/hobbits';
import { portal } from '../../decoders/portal';
import { utp } from '../../decoders/utp';
import { rlpxProtocols } from '../rlpx/p2p-protocol';

/** The one place protocols are registered. */
export function defaultRegistry(): ProtocolRegistry {
  const registry = new ProtocolRegistry().register(hobbits).register(eth2rpc);
  for (const protocol of rlpxProtocols) registry.register(protocol);
  // Carried in discv5 TALKREQ/TALKRESP: the Portal networks and the uTP streams their content travels on.
  registry.register(portal).register(utp);
  // discv5 hands TALKREQ/TALKRESP to the carried protocols registered here (Portal, uTP).
  registry.register(
    createDiscv5Protocol({ ciphers: nodeDiscv5Ciphers, talkProtocols: () => registry.all().filter(isTalkProtocol) }),
  );
  return registry;
}

/** discv5's AES from Node's crypto (decoders stay free of platform imports). */
export const nodeDiscv5Ciphers: Discv5Ciphers = {
  aes128Ctr(key, iv, data) {
    const cipher = createCipheriv('aes-128-ctr', key, iv);
    return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
  },
  aes128GcmOpen(key, nonce, sealed, aad) {
    const decipher = createDecipheriv('aes-128-gcm', key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]));
    } catch {
      return null;
    }
  },
};
