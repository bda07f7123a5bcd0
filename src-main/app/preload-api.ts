import { API_METHODS, type PeerscopeEvent } from '../api/peerscope-api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './app-origin';

/** The parts of Electron's ipcRenderer and webUtils the preload uses (tests pass fakes). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface PreloadWebUtils {
  getPathForFile(file: File): string;
}

/** What the page sees as `window.peerscope`. */
export interface PeerscopeBridge {
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
  onEvent(listener: (event: PeerscopeEvent) => void): () => void;
  getPathForFile(file: File): string;
}

/**
 * The one typed API for the page, over IPC: `invoke(method, ...args)` for API_METHODS only (main checks again),
 * `onEvent` for engine events (returns its unsubscribe), and the path of a dropped file. Nothing of ipcRenderer
 * itself reaches the page.
 */
export function createPreloadBridge(ipc: PreloadIpc, webUtils: PreloadWebUtils): PeerscopeBridge {
  return {
    invoke(method, ...args) {
      if (!(API_METHODS as readonly string[]).includes(method)) {
        return Promise.reject(new Error(`unknown method ${JSON.stringify(method)}`));
      }
      return ipc.invoke(INVOKE_CHANNEL, method, args);
    },
    onEvent(listener) {
      const forward = (_event: unknown, payload: unknown) => listener(payload as PeerscopeEvent);
      ipc.on(EVENT_CHANNEL, forward);
      return () => void ipc.removeListener(EVENT_CHANNEL, forward);
    },
    getPathForFile(file) {
      return webUtils.getPathForFile(file);
    },
  };
}
