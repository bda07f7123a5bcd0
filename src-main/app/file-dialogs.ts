import { dialog, type BrowserWindow } from 'electron';
import type { KeyMaterial } from '../api/peerscope-api';
import { keyMaterialOfFiles } from './key-files';

/** File › Open: the capture chosen, or null. */
export async function chooseCaptureFile(window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open capture',
    properties: ['openFile'],
    filters: [
      { name: 'Captures', extensions: ['pcap', 'pcapng', 'cap'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** File › Load Keys: the key logs and node keys in the files chosen, or null. */
export async function chooseKeyFiles(window: BrowserWindow): Promise<KeyMaterial | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Load keys (key logs, node keys)',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Key files', extensions: ['keylog', 'log', 'txt', 'key'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return result.canceled || result.filePaths.length === 0 ? null : keyMaterialOfFiles(result.filePaths);
}
