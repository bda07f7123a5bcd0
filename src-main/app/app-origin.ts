/**
 * The renderer is served from a privileged custom scheme rather than file://: its origin is then a real one
 * (`peerscope://app`), so 'self' in the CSP means exactly the app's own files and Monaco's module workers load.
 */
export const APP_SCHEME = 'peerscope';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** IPC channel names: one for calls, one for events. */
export const INVOKE_CHANNEL = 'peerscope:invoke';
export const EVENT_CHANNEL = 'peerscope:event';
