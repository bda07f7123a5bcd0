/** The preload (sandboxed): exposes `window.peerscope` and nothing else. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadBridge } from './preload-api';

contextBridge.exposeInMainWorld('peerscope', createPreloadBridge(ipcRenderer, webUtils));
