/**
 * The app's Content Security Policy. Scripts come only from the app itself (Monaco and xterm are bundled); their
 * workers from the app or blob: (Monaco makes some from blobs); styles may be inline (Monaco and xterm set them);
 * nothing remote, no plugins, no framing. A development build adds its dev server, HMR socket and React's inline
 * refresh preamble, and nothing else.
 */
export function appContentSecurityPolicy(devServer?: string): string {
  const dev = devServer ? new URL(devServer) : null;
  const self = dev ? `'self' ${dev.origin}` : "'self'";
  return [
    "default-src 'none'",
    `script-src ${self}${dev ? " 'unsafe-inline'" : ''}`,
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:`,
    `font-src ${self} data:`,
    `worker-src ${self} blob:`,
    `connect-src ${self}${dev ? ` ws://${dev.host}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
