import { readFileSync } from 'node:fs';
import { fromHex } from '../../../decoders/core/bytes';

/** The discv5 wire test vectors (specs/../vectors/discv5-wire.json, copied from devp2p discv5-wire-test-vectors.md). */
interface PacketVector {
  name: string;
  inputs: Record<string, string>;
  packet: string;
  decoded_locally: {
    static_header: { protocol_id: string; version: string; flag: number; nonce: string; authdata_size: number };
    authdata: Record<string, unknown>;
    message_plaintext?: string;
    packet_len: number;
  };
}

interface WireVectors {
  keys: { 'node-a-key': string; 'node-b-key': string };
  node_ids: { 'node-a': string; 'node-b': string };
  packets: PacketVector[];
  crypto: {
    ecdh: Record<string, string>;
    key_derivation: Record<string, string>;
    id_nonce_signing: Record<string, string>;
    aes_gcm: Record<string, string>;
  };
  enr_example: {
    text: string;
    node_id: string;
    private_key: string;
    seq: number;
    ip: string;
    udp: number;
    rlp_structure: string[];
  };
}

export const WIRE: WireVectors = JSON.parse(
  readFileSync(new URL('../../vectors/discv5-wire.json', import.meta.url), 'utf8'),
) as WireVectors;

export const NODE_A_KEY = fromHex(WIRE.keys['node-a-key']);
export const NODE_B_KEY = fromHex(WIRE.keys['node-b-key']);
export const NODE_A_ID = fromHex(WIRE.node_ids['node-a']);
export const NODE_B_ID = fromHex(WIRE.node_ids['node-b']);

export function packetVector(name: string): PacketVector {
  const vector = WIRE.packets.find((p) => p.name === name);
  if (!vector) throw new Error(`no packet vector ${name}`);
  return vector;
}

export const hex = fromHex;
