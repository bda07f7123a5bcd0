import type { PeerscopeApi } from '../../src-main/api/peerscope-api';
import type { ApiTransport } from '../api/api-transport';
import { EventBatcher } from '../api/event-batcher';
import { applyEngineEvents } from './apply-engine-events';
import { CaptureActions } from './capture-actions';
import { createCaptureStore, type CaptureState } from './capture-store';
import { LogStore } from './log-store';
import { RowCache } from './row-cache';
import { SelectionActions } from './selection-actions';
import { createSelectionStore, type SelectionState } from './selection-store';
import type { Store } from './store';
import { createUiStore, type UiState } from './ui-store';
import { ViewActions } from './view-actions';

/** Everything the UI works with: the API, the few stores, the row cache and the actions on them. */
export interface Workbench {
  api: PeerscopeApi;
  transport: ApiTransport;
  capture: Store<CaptureState>;
  selection: Store<SelectionState>;
  ui: Store<UiState>;
  logs: LogStore;
  rows: RowCache;
  captureActions: CaptureActions;
  viewActions: ViewActions;
  selectionActions: SelectionActions;
  /** Opens the file chooser (set by the component that owns it). */
  chooseFiles: () => void;
  /** Stops listening to the engine. */
  dispose(): void;
}

export function createWorkbench(api: PeerscopeApi, transport: ApiTransport): Workbench {
  const capture = createCaptureStore();
  const selection = createSelectionStore();
  const ui = createUiStore();
  const logs = new LogStore();
  const rows = new RowCache((start, count) => {
    const id = capture.get().capture?.id;
    return id === undefined ? Promise.resolve([]) : api.getRows(id, start, count);
  });
  const selectionActions = new SelectionActions(api, capture, selection, rows);
  const viewActions = new ViewActions(api, capture, rows, selectionActions);
  const captureActions = new CaptureActions(api, transport, capture, ui, rows, viewActions, selectionActions);
  const workbench: Workbench = {
    api,
    transport,
    capture,
    selection,
    ui,
    logs,
    rows,
    captureActions,
    viewActions,
    selectionActions,
    chooseFiles: () => {},
    dispose: () => {},
  };
  const batcher = new EventBatcher((batch) => applyEngineEvents(batch, workbench));
  const stopEvents = transport.onEvent((event) => batcher.push(event));
  const stopLink = transport.onLinkState((link) => {
    const wasDown = ui.get().link === 'reconnecting';
    ui.update({ link });
    // The engine kept the capture; what changed while the link was down is fetched again.
    if (link === 'open' && wasDown && capture.get().capture) void viewActions.refresh();
    if (link === 'open' && !capture.get().capture) void captureActions.resume();
  });
  workbench.dispose = () => {
    stopEvents();
    stopLink();
  };
  return workbench;
}
