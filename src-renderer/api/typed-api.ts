import { API_METHODS, type PeerscopeApi } from '../../src-main/api/peerscope-api';
import type { ApiTransport } from './api-transport';

/** The typed `PeerscopeApi` over a transport: one method per name of API_METHODS, arguments passed as given. */
export function typedApi(transport: ApiTransport): PeerscopeApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of API_METHODS) api[method] = (...args) => transport.invoke(method, args);
  return api as unknown as PeerscopeApi;
}
