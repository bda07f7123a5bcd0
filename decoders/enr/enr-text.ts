/**
 * The text form of a record (EIP-778): `enr:` followed by the URL-safe base64 of its RLP, without padding.
 * Uses the runtime's `btoa`/`atob` (every JavaScript runtime Peerscope runs in has them).
 */

export const ENR_TEXT_PREFIX = 'enr:';

export function enrToText(record: Uint8Array): string {
  let binary = '';
  for (const b of record) binary += String.fromCharCode(b);
  return ENR_TEXT_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The RLP of an `enr:` text, or null when the text is not one. */
export function enrFromText(text: string): Uint8Array | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(ENR_TEXT_PREFIX)) return null;
  const body = trimmed.slice(ENR_TEXT_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) return null;
  const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (body.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
