import { createWriteStream, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** The largest capture the browser may upload. */
export const MAX_UPLOAD_BYTES = 16 * 1024 ** 3;

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Receives a capture the browser sends as the body of `POST /upload?name=…` (raw bytes, streamed to disk: a file of
 * any size costs no memory) and returns where it is. Only `application/octet-stream` bodies are taken: a form
 * from another site cannot send that type without a preflight this server never grants.
 */
export async function receiveUpload(
  request: IncomingMessage,
  dir: string,
  sequence: number,
): Promise<{ path: string; name: string; size: number }> {
  if ((request.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/octet-stream') {
    throw new UploadError(415, 'uploads are application/octet-stream');
  }
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_UPLOAD_BYTES) throw new UploadError(413, `uploads are limited to ${MAX_UPLOAD_BYTES} bytes`);
  const name = new URL(request.url ?? '/', 'http://x').searchParams.get('name') || 'upload.pcap';
  const path = join(dir, `${sequence}-${name.replace(/[^\w.-]/g, '_').slice(0, 100)}`);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > MAX_UPLOAD_BYTES ? new UploadError(413, 'upload too large') : null, chunk);
    },
  });
  try {
    await pipeline(request, counter, createWriteStream(path));
  } catch (e) {
    rmSync(path, { force: true });
    throw e instanceof UploadError ? e : new UploadError(400, `upload failed: ${(e as Error).message}`);
  }
  return { path, name: name.slice(0, 1024), size };
}
