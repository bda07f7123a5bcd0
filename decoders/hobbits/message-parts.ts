import type { Field } from '../core/field';
import type { JsonObject } from '../core/json';

/** Where a message's header and body lie in its bytes (clamped to what is there when the message is cut short). */
export interface MessageParts {
  header: { start: number; end: number };
  body: { start: number; end: number };
}

/** What a protocol (RPC, GOSSIP, PING) makes of a message's header and body. */
export interface ProtocolDecode {
  message: string;
  code: number | null;
  requestId: string | null;
  /** The header and body fields, then any generated ones (`body_form`). */
  fields: Field[];
}

/** Header and body bytes a protocol encodes from the message's `fields` JSON. */
export interface EncodedParts {
  header: Uint8Array;
  body: Uint8Array;
}

/** Rules that need a whole message (no capture gap inside): hash and echo checks. */
export interface DecodeChecks {
  checks: boolean;
}

/**
 * Adds keys a composer may leave out (`method_id`, `topic`, `hash`) where the spec puts them, keeping the given keys
 * in their order, so that a decoded header re-encodes to the same bytes.
 */
export function withDerivedKeys(given: JsonObject, specOrder: readonly string[], derived: JsonObject): JsonObject {
  const entries = Object.entries(given);
  for (const [key, value] of Object.entries(derived)) {
    if (key in given) continue;
    const rank = specOrder.indexOf(key);
    const before = entries.findIndex(([k]) => specOrder.indexOf(k) > rank);
    entries.splice(before < 0 ? entries.length : before, 0, [key, value]);
  }
  return Object.fromEntries(entries);
}
