import { APP_ORIGIN } from './app-origin';

/** Whether `url` is the app's own page (or the dev server's, in a development build). */
export function isAppUrl(url: string, devServer?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
  return devServer !== undefined && parsed.origin === new URL(devServer).origin;
}

/** A link the system browser may open: http and https only (never file:, javascript:, custom schemes). */
export function externalLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * What to do when the page tries to leave or open a window: it never navigates (the app is one page) and never
 * opens a window; a web link goes to the system browser instead.
 */
export function navigationDecision(url: string): { allow: false; openExternally: string | null } {
  return { allow: false, openExternally: externalLink(url) };
}
