import type { Capability } from '../devp2p/capability';
import { decodeWireMessage, encodeWireMessage } from '../ethereum/capability/wire-message';
import { ethDeclaration } from './declaration';
import { ETH_LATEST_VERSION, ETH_MESSAGES, ethLength } from './message-table';
import { EthSession } from './session';
import { versionedWire } from './wire';

const latest = versionedWire(ethDeclaration, ETH_MESSAGES, ETH_LATEST_VERSION, 'request-id');

/** eth (eth/66–eth/72) as an RLPx capability, so a session that also speaks LES or ress reads in full. */
export const eth: Capability = {
  transport: 'carried',
  capability: 'eth',
  declaration: ethDeclaration,
  length: ethLength,
  open: (host, version) => new EthSession(host, version),
  decodeMessage: (bytes) => decodeWireMessage(latest, bytes),
  encodeMessage: (json, options) => encodeWireMessage(latest, json, options),
};

export { ETH_NOTES } from './note-kinds';
export { snap } from './snap';
