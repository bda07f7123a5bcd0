import type { KeyMaterial } from '../../src-main/api/peerscope-api';
import type { JsonObject, JsonValue } from '../../decoders/core/json';
import { errorText } from '../api/api-transport';
import type { Workbench } from './workbench';
import { baseName } from '../model/file-name';

/** A menu payload's string: the value itself, or its `key` member. */
function payloadString(payload: JsonValue | undefined, key: string): string | null {
  if (typeof payload === 'string') return payload;
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && typeof payload[key] === 'string') {
    return payload[key];
  }
  return null;
}

function isKeyMaterial(payload: JsonValue | undefined): payload is JsonObject & KeyMaterial {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return false;
  return typeof payload.keylogText === 'string' || Array.isArray(payload.nodeKeys);
}

async function loadMenuKeys(workbench: Workbench, keys: KeyMaterial): Promise<void> {
  const error = await workbench.captureActions.loadKeys(keys);
  if (error) throw new Error(error);
}

/** Electron's application menu, wired to the same actions as the window's buttons. */
export async function runMenuCommand(workbench: Workbench, command: string, payload?: JsonValue): Promise<void> {
  const { captureActions, ui } = workbench;
  try {
    switch (command) {
      case 'open':
      case 'open-recent': {
        const path = payloadString(payload, 'path');
        if (path) await captureActions.open({ kind: 'path', path }, baseName(path));
        else workbench.chooseFiles();
        break;
      }
      case 'open-sample': {
        const name = payloadString(payload, 'name');
        if (name) await captureActions.open({ kind: 'sample', name }, name);
        break;
      }
      case 'load-keys':
        // Electron's menu reads the key files itself and sends what they hold; without keys, the dialog asks.
        if (isKeyMaterial(payload)) await loadMenuKeys(workbench, payload);
        else if (workbench.capture.get().capture) ui.update({ keysDialogOpen: true });
        break;
      case 'save-pcapng':
        await captureActions.exportPcapng();
        break;
      case 'export-jsonl':
        await captureActions.exportView('jsonl');
        break;
      case 'export-csv':
        await captureActions.exportView('csv');
        break;
      case 'close':
        await captureActions.close();
        break;
      default:
        workbench.logs.add([{ type: 'log', level: 'warn', text: `unknown menu command ${command}`, time: Date.now() }]);
    }
  } catch (e) {
    ui.update((s) => ({
      notice: { text: `${command}: ${errorText(e)}`, tone: 'error', seq: (s.notice?.seq ?? 0) + 1 },
    }));
  }
}
