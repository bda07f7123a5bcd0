import { ProtocolRegistry } from '../../decoders/core/registry';
import { eth2rpc } from '../../decoders/eth2rpc';
import { hobbits } from '../../decoders/hobbits';

/** The one place protocols are registered. */
export function defaultRegistry(): ProtocolRegistry {
  return new ProtocolRegistry().register(hobbits).register(eth2rpc);
}
