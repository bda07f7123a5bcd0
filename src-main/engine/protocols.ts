import { ProtocolRegistry } from '../../decoders/core/registry';
import { createDiscv5Protocol, isTalkProtocol } from '../../decoders/discv5';
import { eth2rpc } from '../../decoders/eth2rpc';
import { hobbits } from '../../decoders/hobbits';
import { portal } from '../../decoders/portal';
import { utp } from '../../decoders/utp';
import { rlpxProtocols } from '../rlpx/p2p-protocol';
import { nodeAes } from './node-aes';

/** The one place protocols are registered. */
export function defaultRegistry(): ProtocolRegistry {
  const registry = new ProtocolRegistry().register(hobbits).register(eth2rpc);
  for (const protocol of rlpxProtocols) registry.register(protocol);
  // Carried in discv5 TALKREQ/TALKRESP: the Portal networks and the uTP streams their content travels on.
  registry.register(portal).register(utp);
  // discv5 hands TALKREQ/TALKRESP to the carried protocols registered here (Portal, uTP).
  registry.register(createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => registry.all().filter(isTalkProtocol) }));
  return registry;
}
