import { formatBytes, formatCount } from '../model/quantity-format';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

/** The window's foot: the capture, how many messages are shown, damage found, the link to the engine. */
export function StatusBar() {
  const { capture, ui, transport } = useWorkbench();
  const info = useStore(capture, (s) => s.capture);
  const count = useStore(capture, (s) => s.count);
  const total = useStore(capture, (s) => s.total);
  const progress = useStore(capture, (s) => s.progress);
  const link = useStore(ui, (s) => s.link);
  const damage = progress?.damage.length ?? 0;
  return (
    <footer className="status-bar">
      {info && (
        <>
          <span title={info.path ?? info.name}>
            {[info.name, info.format, formatBytes(info.size)].filter(Boolean).join(' · ')}
          </span>
          <span data-testid="status-counts">
            Messages: {formatCount(total)} · Displayed: {formatCount(count)}
          </span>
          {progress?.state === 'cancelled' && <span className="sev-warning">Loading cancelled</span>}
          {progress?.state === 'failed' && <span className="sev-error">Loading failed: {progress.error}</span>}
          {damage > 0 && (
            <span className="sev-warning" title={progress!.damage.map((d) => `@${d.offset}: ${d.reason}`).join('\n')}>
              File damage: {damage}
            </span>
          )}
        </>
      )}
      <span className="status-spacer" />
      <span className={`link-state link-${link}`}>
        {transport.mode === 'web' ? 'web mode' : 'desktop'} · {link === 'open' ? 'connected' : link}
      </span>
    </footer>
  );
}
