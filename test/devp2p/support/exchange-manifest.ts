import { keccak_256 } from '@noble/hashes/sha3.js';
import { toHex } from '../../../decoders/core/bytes';
import type { SentMessage } from './recorded-connection';

/**
 * What a recorded capability session sent, as a sample keeps it beside its capture (`<name>.sent.json`): each
 * message by side in the order sent, capability data by length and keccak256 (the samples' own bytes stay in the
 * capture), and the field values the sender meant.
 */
export interface ManifestMessage {
  by: string;
  protocol: string;
  message: string;
  code: number | null;
  payloadLength: number | null;
  payloadKeccak256: string | null;
  fields?: Record<string, unknown>;
}

export interface ExchangeManifest {
  capture: string;
  keyLog: string;
  recorder: 'tcpdump';
  story: string;
  sides: Record<string, { address: string; nodeId: string; implementation: string; role: string }>;
  messages: ManifestMessage[];
  /** `Message:note-kind` of every note the decoding must raise: the session's deliberate mistakes. */
  deliberateNotes: string[];
  disconnect: { by: string; reason: number };
}

export function manifestMessage(m: SentMessage): ManifestMessage {
  return {
    by: m.by,
    protocol: m.protocol,
    message: m.message,
    code: m.code,
    payloadLength: m.payload?.length ?? null,
    payloadKeccak256: m.payload ? toHex(keccak_256(m.payload)) : null,
    ...(m.fields ? { fields: m.fields } : {}),
  };
}
