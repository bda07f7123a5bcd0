import { formatBytes, formatCount } from '../model/quantity-format';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

/** While a capture loads: how far, how many messages so far, and Cancel. */
export function LoadProgressBar() {
  const { capture, captureActions } = useWorkbench();
  const progress = useStore(capture, (s) => s.progress);
  const opening = useStore(capture, (s) => s.opening);
  if (opening && !progress) {
    return (
      <div className="load-progress" role="status">
        <span>Opening {opening}…</span>
      </div>
    );
  }
  if (!progress || progress.state !== 'loading') return null;
  const fraction = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
  return (
    <div className="load-progress" role="status" aria-label="Loading the capture">
      <progress value={fraction} max={1} />
      <span>
        {Math.round(fraction * 100)}% · {formatBytes(progress.bytesRead)} of {formatBytes(progress.totalBytes)} ·{' '}
        {formatCount(progress.frames)} frames · {formatCount(progress.messages)} messages
      </span>
      <button onClick={() => void captureActions.cancelLoad()}>Cancel</button>
    </div>
  );
}
