import type { Workbench } from '../state/workbench';
import type { ConsoleHost } from './console-commands';

/** Console commands acting on the workbench: the same actions as the window's controls. */
export function workbenchConsoleHost(workbench: Workbench, clear: () => void): ConsoleHost {
  return {
    applyFilter: (filter) => workbench.viewActions.applyFilter(filter),
    goTo: (index) => workbench.viewActions.goTo(index),
    decode: (protocol, hex) => workbench.api.decode(protocol, hex),
    selectedSources() {
      const { index, sources } = workbench.selection.get();
      return index === null || sources.length === 0 ? null : { index, sources };
    },
    hasCapture: () => workbench.capture.get().capture !== null,
    clear,
  };
}
