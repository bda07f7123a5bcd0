/**
 * The Electron main process, kept thin: it creates the service, one window showing the renderer from the app's
 * own scheme, the menu, and one guarded IPC handler; every policy lives in a small pure module beside it.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../decoders/core/json';
import { dispatchApiCall } from '../service/api-params';
import { PeerscopeService } from '../service/peerscope-service';
import { APP_ENTRY, APP_SCHEME, EVENT_CHANNEL, INVOKE_CHANNEL } from './app-origin';
import { appProtocolReply } from './app-protocol';
import { chooseCaptureFile, chooseKeyFiles } from './file-dialogs';
import { guardIpcCall } from './ipc-guard';
import { capturesIn } from './launch-files';
import { MENU_COMMANDS, menuTemplate } from './menu-template';
import { lockDownSessions } from './session-lockdown';
import { mainWindowOptions } from './window-options';

const here = fileURLToPath(new URL('.', import.meta.url));
/** electron-vite's dev server, in a development run only. */
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(here, '..', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

let window: BrowserWindow | null = null;
/** Sends a `menu` event to the page, once there is one. */
let send: ((command: string, payload?: JsonValue) => void) | null = null;
/** Captures named on the command line or by the system (file associations) before the page could take them. */
let pendingCaptures = capturesIn(process.argv.slice(1));

// macOS names files to open before the app is ready: listen from the start.
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (send) send(MENU_COMMANDS.open, { path });
  else pendingCaptures.push(path);
});

if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

async function start(): Promise<void> {
  const service = await PeerscopeService.create({
    mode: 'electron',
    configDir: app.getPath('userData'),
    samplesDir: app.isPackaged ? join(process.resourcesPath, 'samples') : join(app.getAppPath(), 'samples'),
    workerScript: { kind: 'script', path: join(here, 'capture-worker.js') },
  });
  lockDownSessions(devServer);
  protocol.handle(APP_SCHEME, (request) => {
    const reply = appProtocolReply(request.url, rendererDir);
    return new Response(reply.body as BodyInit | null, { status: reply.status, headers: reply.headers });
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, args: unknown) => {
    const checked = guardIpcCall(
      {
        webContentsId: event.sender.id,
        frameUrl: event.senderFrame?.url ?? null,
        isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
      },
      { webContentsId: window?.webContents.id ?? null, ...(devServer && { devServer }) },
      method,
      args,
    );
    return dispatchApiCall(service, checked.method, checked.args);
  });
  service.onEvent((e) => window?.webContents.send(EVENT_CHANNEL, e));
  const sendMenu = (command: string, payload?: JsonValue) =>
    window?.webContents.send(EVENT_CHANNEL, { type: 'menu', command, ...(payload !== undefined && { payload }) });
  const refreshMenu = async () => {
    const template = menuTemplate(await service.recentFiles(), await service.listSamples(), {
      send: sendMenu,
      chooseCapture: () => {
        if (window) void chooseCaptureFile(window).then((path) => path && sendMenu(MENU_COMMANDS.open, { path }));
      },
      chooseKeys: () => {
        if (window) {
          void chooseKeyFiles(window).then((keys) => keys && sendMenu(MENU_COMMANDS.loadKeys, keys as JsonValue));
        }
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  service.onRecentFilesChanged(() => void refreshMenu());
  await refreshMenu();
  app.on('second-instance', (_event, argv) => {
    for (const path of capturesIn(argv.slice(1))) sendMenu(MENU_COMMANDS.open, { path });
    window?.focus();
  });
  app.on('window-all-closed', () => {
    service.dispose();
    app.quit();
  });
  createWindow(sendMenu);
}

function createWindow(sendMenu: (command: string, payload?: JsonValue) => void): void {
  window = new BrowserWindow(mainWindowOptions(join(here, '..', 'preload', 'preload.cjs')));
  window.once('ready-to-show', () => window?.show());
  window.webContents.once('did-finish-load', () => {
    send = sendMenu;
    for (const path of pendingCaptures) sendMenu(MENU_COMMANDS.open, { path });
    pendingCaptures = [];
  });
  window.on('closed', () => (window = null));
  void window.loadURL(devServer ?? APP_ENTRY);
}
