import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { PeerscopeApi, PeerscopeEvent } from '../api/peerscope-api';
import { MAX_REQUEST_BYTES, serveApiSocket } from './rpc-connection';
import { staticFile } from './static-files';
import { receiveUpload, UploadError } from './upload-route';
import { checkRequest, hostAllowed, LOOPBACK, newToken, securityHeaders, tokenCookieName } from './web-security';

/** The API socket's path (the renderer's websocket-transport.ts connects here). */
export const API_SOCKET_PATH = '/api';
export const UPLOAD_PATH = '/upload';

/** What the web mode serves: the API, its events, where uploads go, and the built renderer. */
export interface WebBackend {
  api: PeerscopeApi;
  onEvent(listener: (event: PeerscopeEvent) => void): () => void;
  uploadDir: string;
  registerUpload(path: string): string;
}

export interface WebServerOptions {
  backend: WebBackend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 lets the system choose. */
  port?: number;
  /** For tests; a random one otherwise. */
  token?: string;
}

export interface RunningWebServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * `peerscope web`: serves the renderer and the API over a WebSocket on 127.0.0.1 only. Every HTTP request and the
 * socket need the token; Host and Origin must name this server (web-security.ts).
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? newToken();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  let port = 0;
  let uploads = 0;
  const server = createServer((request, response) => {
    void handle(request, response).catch((e: unknown) => {
      if (!response.headersSent)
        reply(response, headerHost(request), 500, { error: e instanceof Error ? e.message : String(e) });
      else response.destroy();
    });
  });

  /** The host the CSP names: the request's when it is one of ours. */
  const headerHost = (request: IncomingMessage) =>
    hostAllowed(request.headers.host, port) ? request.headers.host! : `${LOOPBACK}:${port}`;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const isUpload = path === UPLOAD_PATH;
    const verdict = checkRequest(request, port, token, isUpload);
    if (!verdict.ok) return reply(response, headerHost(request), verdict.status, { error: verdict.reason });
    if (isUpload) {
      if (request.method !== 'POST') return reply(response, headerHost(request), 405, { error: 'uploads are POST' });
      try {
        const upload = await receiveUpload(request, options.backend.uploadDir, ++uploads);
        const uploadId = options.backend.registerUpload(upload.path);
        return reply(response, headerHost(request), 200, { uploadId, name: upload.name, size: upload.size });
      } catch (e) {
        if (e instanceof UploadError) return reply(response, headerHost(request), e.status, { error: e.message });
        throw e;
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return reply(response, headerHost(request), 405, { error: 'GET only' });
    const file = staticFile(options.rendererDir, path);
    if (!file) return reply(response, headerHost(request), 404, { error: 'not found' });
    response.writeHead(200, {
      ...securityHeaders(headerHost(request)),
      'Content-Type': file.type,
      'Content-Length': file.body.length,
      // Assets and workers load with the cookie; a page opened with ?token= sets it.
      'Set-Cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const verdict =
      path === API_SOCKET_PATH
        ? checkRequest(request, port, token, true)
        : { ok: false as const, status: 404, reason: 'not found' };
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) =>
      serveApiSocket(ws, options.backend.api, (listener) => options.backend.onEvent(listener)),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(response: ServerResponse, host: string, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...securityHeaders(host),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
