import type { Protocol, TcpProtocol } from '../../decoders/core/dissector';
import { createP2pProtocol } from '../../decoders/devp2p';
import type { Capability } from '../../decoders/devp2p/capability';
import { eth, snap } from '../../decoders/eth';
import { les } from '../../decoders/les';
import { ress } from '../../decoders/ress';
import { nodeAes } from './node-aes';

/** The RLPx capabilities Peerscope decodes; a new one is one more entry here. */
export const rlpxCapabilities: readonly Capability[] = [eth, les, ress, snap];

/** RLPx + p2p with node:crypto's AES (decoders stay platform-free), handing capability messages to the above. */
export const p2p: TcpProtocol = createP2pProtocol({ aes: nodeAes, capabilities: rlpxCapabilities });

/**
 * What the engine registers for RLPx: the transport and every capability, whose declarations pair their requests
 * (the engine looks a message's protocol up in the registry).
 */
export const rlpxProtocols: readonly Protocol[] = [p2p, ...rlpxCapabilities];
