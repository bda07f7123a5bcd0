import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Shown when the renderer has not been built: how to build it. */
const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Peerscope</title>
<p>The Peerscope UI is not built yet: run <code>npm run build</code> (electron-vite builds it into out/renderer), then reload.</p>`;

export interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * A file of the built renderer for a URL path, or null. `/` is index.html; a path that leaves the directory
 * (`..`, encoded or not), or names a directory, is not served.
 */
export function staticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
  const path = resolve(base, wanted);
  const inside = relative(base, path);
  if (inside.startsWith('..') || inside.includes(`..${sep}`) || resolve(base, inside) !== path) return null;
  if (!existsSync(join(base, 'index.html'))) {
    return wanted === 'index.html' ? { body: Buffer.from(NOT_BUILT), type: MIME['.html']! } : null;
  }
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  return { body: readFileSync(path), type: MIME[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
