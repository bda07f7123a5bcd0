import type { WebSocket } from 'ws';
import type { PeerscopeApi, PeerscopeEvent } from '../api/peerscope-api';
import { dispatchApiCall } from '../service/api-params';

/** Requests larger than this are refused (captures of any size travel by HTTP upload, not over the socket). */
export const MAX_REQUEST_BYTES = 256 * 1024 * 1024;

type RequestId = number | string;

/**
 * One browser's API socket: requests `{id, method, params}` answered with `{id, result}` or `{id, error}`, and
 * the service's events pushed as `{event}`. Method names come only from API_METHODS and parameters are checked
 * (api-params.ts) before the service sees them.
 */
export function serveApiSocket(
  socket: WebSocket,
  api: PeerscopeApi,
  subscribe: (listener: (event: PeerscopeEvent) => void) => () => void,
): void {
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = subscribe((event) => send({ event }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return send({ id: null, error: { message: 'requests are JSON text' } });
    void answer(String(data), api).then(send);
  });
}

async function answer(text: string, api: PeerscopeApi): Promise<unknown> {
  let request: { id?: unknown; method?: unknown; params?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch {
    return { id: null, error: { message: 'not JSON' } };
  }
  if (typeof request !== 'object' || request === null) return { id: null, error: { message: 'not a request object' } };
  const id = request.id;
  if (!isRequestId(id)) return { id: null, error: { message: 'a request needs an id (number or short string)' } };
  try {
    const result = await dispatchApiCall(api, request.method, request.params ?? []);
    return { id, result: result === undefined ? null : result };
  } catch (e) {
    return { id, error: { message: e instanceof Error ? e.message : String(e) } };
  }
}

function isRequestId(id: unknown): id is RequestId {
  return (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= 100);
}
