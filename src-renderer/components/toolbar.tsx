import { TIME_MODES, type TimeMode } from '../model/time-format';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

/** The main window's buttons: open, keys, exports, time format, close. */
export function Toolbar() {
  const { capture, ui, captureActions, chooseFiles } = useWorkbench();
  const timeMode = useStore(ui, (s) => s.timeMode);
  const name = useStore(capture, (s) => s.capture?.name);
  return (
    <header className="toolbar" role="toolbar" aria-label="Capture">
      <span className="app-name">Peerscope</span>
      <button onClick={() => chooseFiles()} title="Open a capture or key files">
        Open…
      </button>
      <button onClick={() => ui.update({ keysDialogOpen: true })} title="Load a key log or node keys and decode again">
        Keys…
      </button>
      <span className="toolbar-group">
        <button
          onClick={() => void captureActions.exportView('jsonl')}
          title="The shown messages as inspect --json lines"
        >
          Export JSONL
        </button>
        <button onClick={() => void captureActions.exportView('csv')} title="The shown columns as CSV">
          Export CSV
        </button>
        <button onClick={() => void captureActions.exportPcapng()} title="The capture as pcapng, keys included">
          Save pcapng
        </button>
      </span>
      <label className="toolbar-group">
        Time{' '}
        <select
          aria-label="Time display format"
          value={timeMode}
          onChange={(e) => ui.update({ timeMode: e.target.value as TimeMode })}
        >
          {TIME_MODES.map((m) => (
            <option key={m.mode} value={m.mode} title={m.title}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <span className="toolbar-title" title={name}>
        {name}
      </span>
      <button onClick={() => void captureActions.close()} title="Close the capture">
        Close
      </button>
    </header>
  );
}
