import type { Capability } from '../devp2p/capability';
import { decodeWireMessage, encodeWireMessage } from '../ethereum/capability/wire-message';
import { lesDeclaration } from './declaration';
import { lesLength } from './message-table';
import { LesSession } from './session';
import { lesWire } from './wire';

/** LES (les/1–les/4) as an RLPx capability; `decode les HEX` reads `rlp(code) ‖ payload` at les/4. */
export const les: Capability = {
  transport: 'carried',
  capability: 'les',
  declaration: lesDeclaration,
  length: lesLength,
  open: (host, version) => new LesSession(host, version),
  decodeMessage: (bytes) => decodeWireMessage(lesWire(), bytes),
  encodeMessage: (json, options) => encodeWireMessage(lesWire(), json, options),
};

export { LES_NOTES } from './note-kinds';
