import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';

/** Whether the link to the engine is up: the web mode's socket can drop and come back; Electron's IPC cannot. */
export type LinkState = 'connecting' | 'open' | 'reconnecting';

/** How requests and events travel: Electron's preload bridge or the web mode's WebSocket. */
export interface ApiTransport {
  readonly mode: 'electron' | 'web';
  invoke(method: string, params: unknown[]): Promise<unknown>;
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: PeerscopeEvent) => void): () => void;
  onLinkState(listener: (state: LinkState) => void): () => void;
  /** The file's path on disk (Electron only); null in the browser, which uploads bytes instead. */
  pathForFile(file: File): string | null;
}

/** An engine-side failure, or a request the link dropped before its answer came. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
  }
}

/** The text of whatever an engine or transport reported as an error. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return JSON.stringify(error);
}
