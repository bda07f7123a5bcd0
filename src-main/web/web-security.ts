import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The web mode's guards, as pure functions of a request: a random token in every request (the URL's `token`
 * parameter, or the cookie the page sets from it), a Host naming this server on the loopback interface (no DNS
 * rebinding), an Origin that is exactly this server's own (no cross-site use), and a strict CSP.
 */

export const LOOPBACK = '127.0.0.1';

/** A fresh token: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies are not port-scoped: each server names its own. */
export function tokenCookieName(port: number): string {
  return `peerscope-token-${port}`;
}

/** The hosts the page may be reached by: only the loopback address and `localhost`, on this port. */
export function allowedHosts(port: number): string[] {
  return [`${LOOPBACK}:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** The Origin must be this server's own origin as the page reached it (`http://` + its Host). */
export function originAllowed(origin: string | undefined, host: string | undefined, port: number): boolean {
  if (origin === undefined || !hostAllowed(host, port)) return false;
  return origin.toLowerCase() === `http://${host!.toLowerCase()}`;
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: its URL's `token` parameter, else this server's cookie. */
export function requestToken(request: IncomingMessage, port: number): string | null {
  const url = new URL(request.url ?? '/', 'http://x');
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) return fromUrl;
  const name = tokenCookieName(port);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

export type Verdict = { ok: true } | { ok: false; status: number; reason: string };

/**
 * Decides whether a request may be served. `needsOrigin`: the WebSocket upgrade and uploads, which browsers send
 * with an Origin; a plain page load may come without one but, if it has one, it must be ours.
 */
export function checkRequest(request: IncomingMessage, port: number, token: string, needsOrigin: boolean): Verdict {
  const host = request.headers.host;
  if (!hostAllowed(host, port))
    return { ok: false, status: 421, reason: `host ${JSON.stringify(host ?? '')} is not this server` };
  const origin = request.headers.origin;
  if ((needsOrigin || origin !== undefined) && !originAllowed(origin, host, port)) {
    return { ok: false, status: 403, reason: `origin ${JSON.stringify(origin ?? '')} is not this server` };
  }
  if (request.headers['sec-fetch-site'] === 'cross-site')
    return { ok: false, status: 403, reason: 'cross-site request' };
  if (!tokenMatches(requestToken(request, port), token))
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

/**
 * The CSP of every response: scripts, styles, fonts and workers from this server only (workers also from blob:,
 * as Monaco makes some), no plugins, no framing, no remote anything; the socket to this very host.
 */
export function webContentSecurityPolicy(host: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://${host}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with everything the server answers. */
export function securityHeaders(host: string): Record<string, string> {
  return {
    'Content-Security-Policy': webContentSecurityPolicy(host),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The token is in the URL: no page may learn it from a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
  };
}
