import type { MenuItemConstructorOptions } from 'electron';
import type { JsonValue } from '../../decoders/core/json';
import type { RecentFile, SampleInfo } from '../api/peerscope-api';

/** Menu commands the renderer acts on (sent as `menu` events). */
export const MENU_COMMANDS = {
  open: 'open',
  openSample: 'open-sample',
  loadKeys: 'load-keys',
  savePcapng: 'save-pcapng',
  exportJsonl: 'export-jsonl',
  exportCsv: 'export-csv',
} as const;

export interface MenuActions {
  /** Shows the open dialog; the chosen file is sent as `open` with `{path}`. */
  chooseCapture(): void;
  /** Shows the key file dialog; the keys read are sent as `load-keys` with a KeyMaterial. */
  chooseKeys(): void;
  /** Sends a `menu` event to the renderer. */
  send(command: string, payload?: JsonValue): void;
}

/**
 * The application menu, as data: File (Open, Open Recent, Open Sample, Load Keys, Save As pcapng, Export, Quit),
 * Edit, View and Help with Electron's standard roles. What a command does in the UI, the renderer decides.
 */
export function menuTemplate(
  recent: readonly RecentFile[],
  samples: readonly SampleInfo[],
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.chooseCapture() },
      {
        label: 'Open &Recent',
        submenu:
          recent.length === 0
            ? [{ label: 'No recent files', enabled: false }]
            : recent.map((f) => ({ label: f.path, click: () => actions.send(MENU_COMMANDS.open, { path: f.path }) })),
      },
      {
        label: 'Open &Sample',
        submenu: samples.map((s) => ({
          label: s.title,
          sublabel: s.description,
          click: () => actions.send(MENU_COMMANDS.openSample, { name: s.name }),
        })),
      },
      { type: 'separator' },
      { label: 'Load &Keys…', accelerator: 'CmdOrCtrl+K', click: () => actions.chooseKeys() },
      { type: 'separator' },
      {
        label: 'Save &As pcapng…',
        accelerator: 'CmdOrCtrl+Shift+S',
        click: () => actions.send(MENU_COMMANDS.savePcapng),
      },
      {
        label: '&Export',
        submenu: [
          { label: 'Messages as &JSON Lines…', click: () => actions.send(MENU_COMMANDS.exportJsonl) },
          { label: 'Current View as &CSV…', click: () => actions.send(MENU_COMMANDS.exportCsv) },
        ],
      },
      { type: 'separator' },
      platform === 'darwin' ? { role: 'close' } : { role: 'quit', label: '&Quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  const app: MenuItemConstructorOptions[] = platform === 'darwin' ? [{ role: 'appMenu' }] : [];
  return [
    ...app,
    file,
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
