import type { TcpProtocol } from '../core/dissector';
import { HobbitsConnection } from './connection';
import { hobbitsDeclaration } from './declaration';
import { detectEwp } from './framing';
import { decodeHobbitsMessage } from './message-decoder';
import { encodeHobbitsMessage } from './message-encoder';

/** Hobbits: EWP framing (binary version 3 and the text lines before it) carrying RPC, GOSSIP and PING messages. */
export const hobbits: TcpProtocol = {
  transport: 'tcp',
  declaration: hobbitsDeclaration,
  detect: detectEwp,
  open: (host) => new HobbitsConnection(host),
  decodeMessage: (bytes) => decodeHobbitsMessage(bytes),
  encodeMessage: (message, options) => encodeHobbitsMessage(message, options),
};
