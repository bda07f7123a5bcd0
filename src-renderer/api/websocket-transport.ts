import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { ApiError, errorText, type ApiTransport, type LinkState } from './api-transport';

/** The part of the DOM WebSocket the transport uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface SocketTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Timer for reconnection delays (tests pass a fake clock). */
  setTimer?: (callback: () => void, ms: number) => unknown;
}

/** The path of the web mode's API socket; the page's `?token=` goes along. */
export const API_SOCKET_PATH = '/api';
const OPEN = 1;
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/** `http://127.0.0.1:4123/?token=abc` → `ws://127.0.0.1:4123/api?token=abc`. */
export function apiSocketUrl(page: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(page.search).get('token') ?? '';
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${API_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
}

/** The delay before reconnection attempt `attempt` (0-based): quick at first, then every few seconds. */
export function reconnectDelay(attempt: number): number {
  return RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Reply = { id: number; result?: unknown; error?: unknown } | { event: PeerscopeEvent };

/**
 * The API over the web mode's WebSocket: requests `{id, method, params}` answered by `{id, result}` or
 * `{id, error}`, events `{event}`. Requests made while the socket is down wait for it; requests in flight when it
 * drops fail (the engine may or may not have run them); the socket comes back after a growing delay.
 */
export class WebSocketTransport implements ApiTransport {
  readonly mode = 'web';
  private socket: SocketLike | null = null;
  private nextId = 1;
  private attempt = 0;
  private readonly pending = new Map<number, Pending>();
  /** Requests not sent yet (the socket is down), by id. */
  private readonly waiting = new Map<number, string>();
  private readonly eventListeners = new Set<(event: PeerscopeEvent) => void>();
  private readonly linkListeners = new Set<(state: LinkState) => void>();
  private link: LinkState = 'connecting';
  private readonly createSocket: (url: string) => SocketLike;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;

  constructor(private readonly options: SocketTransportOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.connect();
  }

  invoke(method: string, params: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { method, resolve, reject });
      const text = JSON.stringify({ id, method, params });
      if (this.socket?.readyState === OPEN) this.socket.send(text);
      else this.waiting.set(id, text);
    });
  }

  onEvent(listener: (event: PeerscopeEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onLinkState(listener: (state: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    listener(this.link);
    return () => this.linkListeners.delete(listener);
  }

  pathForFile(): string | null {
    return null;
  }

  private connect(): void {
    const socket = this.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => this.opened();
    socket.onmessage = (message) => this.received(message.data);
    socket.onclose = () => this.closed(socket);
    socket.onerror = () => {}; // a close always follows
  }

  private opened(): void {
    this.attempt = 0;
    this.setLink('open');
    for (const text of this.waiting.values()) this.socket?.send(text);
    this.waiting.clear();
  }

  private closed(socket: SocketLike): void {
    if (socket !== this.socket) return;
    this.socket = null;
    // Only requests already sent are lost; those still waiting go out on the next socket.
    for (const [id, request] of this.pending) {
      if (this.waiting.has(id)) continue;
      this.pending.delete(id);
      request.reject(new ApiError(request.method, 'the connection to the engine was lost'));
    }
    this.setLink('reconnecting');
    this.setTimer(() => this.connect(), reconnectDelay(this.attempt++));
  }

  private received(data: unknown): void {
    let reply: Reply;
    try {
      reply = JSON.parse(String(data)) as Reply;
    } catch {
      return; // not ours to answer: a server never sends this
    }
    if ('event' in reply) {
      for (const listener of this.eventListeners) listener(reply.event);
      return;
    }
    const request = this.pending.get(reply.id);
    if (!request) return;
    this.pending.delete(reply.id);
    if (reply.error !== undefined) request.reject(new ApiError(request.method, errorText(reply.error)));
    else request.resolve(reply.result);
  }

  private setLink(state: LinkState): void {
    this.link = state;
    for (const listener of this.linkListeners) listener(state);
  }
}
