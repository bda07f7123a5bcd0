import type { PeerscopeApi } from '../../src-main/api/peerscope-api';
import type { ApiTransport } from './api-transport';
import { preloadTransport } from './preload-transport';
import { typedApi } from './typed-api';
import { WebSocketTransport, apiSocketUrl } from './websocket-transport';

export interface ApiConnection {
  api: PeerscopeApi;
  transport: ApiTransport;
}

/** Electron's preload bridge when the window has one, else the web mode's socket on the page's host and token. */
export function connectApi(): ApiConnection {
  const transport = window.peerscope
    ? preloadTransport(window.peerscope)
    : new WebSocketTransport({ url: apiSocketUrl(window.location) });
  return { api: typedApi(transport), transport };
}
