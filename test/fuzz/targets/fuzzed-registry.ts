import { ProtocolRegistry } from '../../../decoders/core/registry';
import { eth2rpc } from '../../../decoders/eth2rpc';
import { hobbits } from '../../../decoders/hobbits';

/**
 * The protocols the campaign has seeds for, registered as the engine registers them. Not `defaultRegistry()`: a
 * protocol registered there without seeds here would be fuzzed blind, and its findings would hide among these.
 */
export function fuzzedRegistry(): ProtocolRegistry {
  return new ProtocolRegistry().register(hobbits).register(eth2rpc);
}
