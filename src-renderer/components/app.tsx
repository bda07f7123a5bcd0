import { useEffect } from 'react';
import { useStore } from '../state/store';
import { DropZone } from './drop-zone';
import { FileChooser } from './file-chooser';
import { MainWindow } from './main-window';
import { WelcomeScreen } from './welcome-screen';
import { useWorkbench } from './workbench-context';

/** The window: the welcome screen until a capture is open, then the main window. */
export function App() {
  const { capture } = useWorkbench();
  const open = useStore(capture, (s) => s.capture !== null);
  return (
    <>
      <FileChooser />
      <DropZone />
      <LinkBanner />
      {open ? <MainWindow /> : <WelcomeScreen />}
      <NoticeToast />
    </>
  );
}

/** Shown while the web mode's socket is down and being reconnected. */
function LinkBanner() {
  const link = useStore(useWorkbench().ui, (s) => s.link);
  if (link !== 'reconnecting') return null;
  return (
    <div className="link-banner" role="alert">
      The connection to the Peerscope engine was lost; reconnecting…
    </div>
  );
}

const NOTICE_MS = 4000;

/** A short message at the bottom of the window (keys loaded, value copied, an open failed). */
function NoticeToast() {
  const { ui } = useWorkbench();
  const notice = useStore(ui, (s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => ui.update((s) => (s.notice?.seq === notice.seq ? { notice: null } : {})), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, ui]);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role="status" onClick={() => ui.update({ notice: null })}>
      {notice.text}
    </div>
  );
}
