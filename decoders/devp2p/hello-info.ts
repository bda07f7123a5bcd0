import { fromHex } from '../core/bytes';
import type { JsonObject } from '../core/json';
import type { AdvertisedCapability } from './capabilities';

/** What a Hello says (rlpx.md §6), as the endpoint and the dissector use it. */
export interface HelloInfo {
  protocolVersion: number;
  clientId: string;
  capabilities: AdvertisedCapability[];
  listenPort: number;
  nodeId: Uint8Array;
}

/** The Hello values from a decoded Hello's fields; null when one of them could not be read. */
export function helloInfoOf(fields: JsonObject): HelloInfo | null {
  const { protocolVersion, clientId, capabilities, listenPort, nodeId } = fields;
  if (typeof protocolVersion !== 'number' || typeof clientId !== 'string' || !Array.isArray(capabilities)) return null;
  if (typeof nodeId !== 'string' || typeof listenPort !== 'number') return null;
  const advertised: AdvertisedCapability[] = [];
  for (const c of capabilities) {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return null;
    if (typeof c.name !== 'string' || typeof c.version !== 'number') return null;
    advertised.push({ name: c.name, version: c.version });
  }
  return { protocolVersion, clientId, capabilities: advertised, listenPort, nodeId: fromHex(nodeId) };
}
