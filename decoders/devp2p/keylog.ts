import { fromHex, toBareHex } from '../core/bytes';
import type { KeyLogEntry, KeyStore } from '../core/keys';
import type { SessionSecrets } from './secrets';
import { UNCOMPRESSED_KEY_LENGTH } from './secp256k1-keys';

/**
 * The RLPX key-log line (decoders/devp2p/KEYLOG.md):
 *
 *   RLPX <auth-ecies-pubkey> <aes-secret> <mac-secret> <initiator-nonce> <recipient-nonce>
 *
 * hex without 0x. The session is named by the 65-byte ECIES ephemeral public key that opens the auth message's
 * ECIES part, which a capture shows in clear; the four 32-byte values are the rlpx.md §4 secrets.
 */
export const RLPX_KEYLOG_LABEL = 'RLPX';

export function formatRlpxKeyLogLine(authEciesKey: Uint8Array, secrets: SessionSecrets): string {
  const values = [authEciesKey, secrets.aesSecret, secrets.macSecret, secrets.initiatorNonce, secrets.recipientNonce];
  return `${RLPX_KEYLOG_LABEL} ${values.map(toBareHex).join(' ')}`;
}

export type RlpxKeyLookup =
  | { kind: 'found'; secrets: SessionSecrets; source: string }
  | { kind: 'invalid'; reason: string; source: string }
  | { kind: 'missing' };

/** Reads an RLPX entry's values: four 32-byte hex strings. */
export function rlpxSecretsOf(entry: KeyLogEntry): RlpxKeyLookup {
  const bad = (reason: string): RlpxKeyLookup => ({ kind: 'invalid', reason, source: entry.source });
  if (entry.key.length !== UNCOMPRESSED_KEY_LENGTH * 2 || !entry.key.startsWith('04')) {
    return bad(
      `the session key must be the 65-byte uncompressed ECIES public key (0x04…), got ${entry.key.length / 2} bytes`,
    );
  }
  if (entry.values.length !== 4) return bad(`expected 4 values after the key, got ${entry.values.length}`);
  const [aesSecret, macSecret, initiatorNonce, recipientNonce] = entry.values.map(fromHex) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const names = ['aes-secret', 'mac-secret', 'initiator-nonce', 'recipient-nonce'];
  const wrong = [aesSecret, macSecret, initiatorNonce, recipientNonce].findIndex((v) => v.length !== 32);
  if (wrong >= 0) return bad(`${names[wrong]} must be 32 bytes`);
  return { kind: 'found', secrets: { aesSecret, macSecret, initiatorNonce, recipientNonce }, source: entry.source };
}

/** The secrets of the session whose auth carries this ECIES key. */
export function lookupRlpxKey(keys: KeyStore, authEciesKey: Uint8Array): RlpxKeyLookup {
  const entry = keys.lookup(RLPX_KEYLOG_LABEL, toBareHex(authEciesKey));
  return entry ? rlpxSecretsOf(entry) : { kind: 'missing' };
}

/** Whether some RLPX entry's session key starts with `prefix` (detection sees only the first bytes of a stream). */
export function hasRlpxKeyStartingWith(keys: KeyStore, prefix: Uint8Array): boolean {
  const hex = toBareHex(prefix);
  return keys.entriesOf(RLPX_KEYLOG_LABEL).some((e) => e.key.startsWith(hex));
}
