import type { PeerscopeEvent } from '../../src-main/api/peerscope-api';
import { runMenuCommand } from './menu-commands';
import type { Workbench } from './workbench';

/** One frame's batch of engine events, applied to the stores at once. */
export function applyEngineEvents(batch: readonly PeerscopeEvent[], workbench: Workbench): void {
  const logLines: Extract<PeerscopeEvent, { type: 'log' }>[] = [];
  for (const event of batch) {
    switch (event.type) {
      case 'progress':
        workbench.captureActions.onProgress(event.progress);
        break;
      case 'rows':
        workbench.captureActions.onRows(event);
        break;
      case 'log':
        logLines.push(event);
        break;
      case 'menu':
        void runMenuCommand(workbench, event.command, event.payload);
        break;
    }
  }
  workbench.logs.add(logLines);
}
