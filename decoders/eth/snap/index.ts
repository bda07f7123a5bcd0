import type { Capability } from '../../devp2p/capability';
import { decodeWireMessage, encodeWireMessage } from '../../ethereum/capability/wire-message';
import { SNAP_LATEST_VERSION, SNAP_MESSAGES, snapLength } from '../message-table';
import { versionedWire } from '../wire';
import { snapDeclaration } from './declaration';
import { SnapSession } from './session';

const latest = versionedWire(snapDeclaration, SNAP_MESSAGES, SNAP_LATEST_VERSION, 'reqID');

/** snap (snap/1, snap/2) as an RLPx capability. */
export const snap: Capability = {
  transport: 'carried',
  capability: 'snap',
  declaration: snapDeclaration,
  length: snapLength,
  open: (host, version) => new SnapSession(host, version),
  decodeMessage: (bytes) => decodeWireMessage(latest, bytes),
  encodeMessage: (json, options) => encodeWireMessage(latest, json, options),
};
