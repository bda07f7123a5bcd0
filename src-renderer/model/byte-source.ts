/** A byte source as the hex pane shows it: a tab name and its bytes. */
export interface ByteSource {
  name: string;
  bytes: Uint8Array;
}

export function bytesFromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function base64FromBytes(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function byteSources(sources: readonly { name: string; base64: string }[]): ByteSource[] {
  return sources.map((s) => ({ name: s.name, bytes: bytesFromBase64(s.base64) }));
}

/** Lowercase hex without a prefix: "copy as hex". */
export function hexOf(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}
