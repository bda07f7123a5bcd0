/**
 * For the renderer in the web mode (browser code, no Node imports): sends a chosen or dropped capture file to the
 * server as a raw HTTP upload, streamed from disk by the browser whatever its size, and returns the OpenSource to
 * pass to `openCapture`. The page's token goes along in the URL, as on every request.
 */
export interface UploadedSource {
  kind: 'uploaded';
  uploadId: string;
  name: string;
}

export async function uploadCapture(
  file: Blob,
  name: string,
  page: { origin: string; search: string } = globalThis.location,
  send: typeof fetch = fetch,
): Promise<UploadedSource> {
  const token = new URLSearchParams(page.search).get('token') ?? '';
  const url = `${page.origin}/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(name)}`;
  const response = await send(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  const reply = (await response.json()) as { uploadId?: string; error?: string };
  if (!response.ok || !reply.uploadId) throw new Error(reply.error ?? `upload failed (${response.status})`);
  return { kind: 'uploaded', uploadId: reply.uploadId, name };
}
