import { bytesFromBase64 } from '../model/byte-source';

/** Saves data as a download (the browser's, or Electron's save dialog when its shell handles downloads). */
function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadText(name: string, text: string, type: string): void {
  download(name, new Blob([text], { type }));
}

export function downloadBase64(name: string, base64: string, type: string): void {
  download(name, new Blob([bytesFromBase64(base64) as Uint8Array<ArrayBuffer>], { type }));
}
