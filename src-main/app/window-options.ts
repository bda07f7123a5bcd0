import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window: the renderer is a web page with no Node access (context isolation, sandbox, no node
 * integration anywhere), web security on, no <webview>, and dropping a file on it does not navigate away (the
 * renderer takes the drop). Its only door to the engine is the preload's `window.peerscope`.
 */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Peerscope',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
