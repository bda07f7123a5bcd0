import type { PeerscopeApi } from '../api/peerscope-api';
import { checkApiCall } from '../service/api-params';
import { isAppUrl } from './navigation-policy';

/** What the guard needs to know about an IPC call's sender (from Electron's IpcMainInvokeEvent). */
export interface IpcSender {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent it, or null when the frame is gone. */
  frameUrl: string | null;
  /** Whether it came from the window's main frame (not an iframe). */
  isMainFrame: boolean;
}

export class IpcRefused extends Error {
  override name = 'IpcRefused';
}

/**
 * Every IPC call passes here before the service sees it: it must come from our window's main frame showing the
 * app's own page, name an API method, and carry parameters of the declared shape (api-params.ts).
 */
export function guardIpcCall(
  sender: IpcSender,
  window: { webContentsId: number | null; devServer?: string },
  method: unknown,
  args: unknown,
): { method: keyof PeerscopeApi; args: unknown[] } {
  if (window.webContentsId === null || sender.webContentsId !== window.webContentsId) {
    throw new IpcRefused('IPC from a window that is not Peerscope’s');
  }
  if (!sender.isMainFrame) throw new IpcRefused('IPC from a subframe');
  if (sender.frameUrl === null || !isAppUrl(sender.frameUrl, window.devServer)) {
    throw new IpcRefused(`IPC from a page that is not the app (${sender.frameUrl ?? 'no frame'})`);
  }
  checkApiCall(method, args);
  return { method, args: args as unknown[] };
}
