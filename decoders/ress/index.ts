import type { Capability } from '../devp2p/capability';
import { decodeWireMessage, encodeWireMessage } from '../ethereum/capability/wire-message';
import { ressDeclaration, ressLength } from './declaration';
import { RessSession } from './session';
import { ressWire } from './wire';

/** ress as an RLPx capability (advertised as ress/1; the README says ress/0: both read alike). */
export const ress: Capability = {
  transport: 'carried',
  capability: 'ress',
  declaration: ressDeclaration,
  length: ressLength,
  open: (host) => new RessSession(host),
  decodeMessage: (bytes) => decodeWireMessage(ressWire(), bytes),
  encodeMessage: (json, options) => encodeWireMessage(ressWire(), json, options),
};

export { RESS_NOTES } from './note-kinds';
