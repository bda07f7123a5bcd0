import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { ApiError, errorText, type ApiTransport, type LinkState } from './api-transport';

/** What Electron's preload exposes as `window.peerscope` (contextBridge). */
export interface PeerscopePreload {
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
  /** Returns an unsubscribe function (older preloads returned nothing). */
  onEvent(listener: (event: PeerscopeEvent) => void): (() => void) | void;
  getPathForFile(file: File): string;
}

declare global {
  interface Window {
    peerscope?: PeerscopePreload;
  }
}

/** The API over Electron's IPC: always connected while the window lives. */
export function preloadTransport(bridge: PeerscopePreload): ApiTransport {
  return {
    mode: 'electron',
    async invoke(method, params) {
      try {
        return await bridge.invoke(method, ...params);
      } catch (e) {
        throw new ApiError(method, stripIpcPrefix(errorText(e)));
      }
    },
    onEvent(listener) {
      const unsubscribe = bridge.onEvent(listener);
      return typeof unsubscribe === 'function' ? unsubscribe : () => {};
    },
    onLinkState(listener: (state: LinkState) => void) {
      listener('open');
      return () => {};
    },
    pathForFile(file) {
      const path = bridge.getPathForFile(file);
      return path ? path : null;
    },
  };
}

/** Electron wraps errors thrown in main as "Error invoking remote method 'x': Error: reason". */
function stripIpcPrefix(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '');
}
