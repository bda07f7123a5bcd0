import { staticFile } from '../web/static-files';
import { APP_ORIGIN } from './app-origin';
import { appContentSecurityPolicy } from './content-security-policy';

export interface ProtocolReply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/**
 * Answers a request of the app's scheme from the built renderer: only `peerscope://app/…`, only files inside the
 * renderer directory, always with the CSP and nosniff headers.
 */
export function appProtocolReply(url: string, rendererDir: string): ProtocolReply {
  const headers = {
    'Content-Security-Policy': appContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, headers, body: null };
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return { status: 404, headers, body: null };
  const file = staticFile(rendererDir, parsed.pathname);
  if (!file) return { status: 404, headers, body: null };
  return { status: 200, headers: { ...headers, 'Content-Type': file.type }, body: file.body };
}
