import { useEffect, useRef } from 'react';
import { useStore } from '../state/store';
import { BottomPanel } from './bottom-panel';
import { DetailHeader } from './detail-header';
import { FieldTree } from './field-tree';
import { FilterBar } from './filter-bar';
import { HexPane } from './hex-pane';
import { KeysDialog } from './keys-dialog';
import { LoadProgressBar } from './load-progress-bar';
import { MessageList } from './message-list';
import { SplitView } from './split-view';
import { StatusBar } from './status-bar';
import { Toolbar } from './toolbar';
import { useWorkbench } from './workbench-context';

/** Wireshark's layout: message list, then field tree beside the bytes, then the tool panels. */
export function MainWindow() {
  const { capture, chooseFiles } = useWorkbench();
  const loadState = useStore(capture, (s) => (s.opening ? 'opening' : (s.progress?.state ?? 'opening')));
  const tree = useRef<HTMLDivElement>(null);
  useGlobalKeys(() => chooseFiles());

  return (
    <div className="main-window" data-load-state={loadState}>
      <Toolbar />
      <FilterBar />
      <LoadProgressBar />
      <div className="main-panes">
        <SplitView
          direction="column"
          name="list"
          initial={0.42}
          first={<MessageList onEnter={() => tree.current?.focus()} />}
          second={
            <SplitView
              direction="column"
              name="bottom"
              initial={0.56}
              first={
                <SplitView
                  direction="row"
                  name="detail"
                  initial={0.56}
                  first={
                    <div className="detail-pane">
                      <DetailHeader />
                      <FieldTree ref={tree} />
                    </div>
                  }
                  second={<HexPane />}
                />
              }
              second={<BottomPanel />}
            />
          }
        />
      </div>
      <StatusBar />
      <KeysDialog />
    </div>
  );
}

/** Ctrl+O opens, Ctrl+/ goes to the filter bar (as in Wireshark), Ctrl+L to the message list. */
function useGlobalKeys(open: () => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      const target =
        event.key === '/'
          ? document.querySelector<HTMLElement>('.filter-input')
          : event.key === 'l'
            ? document.querySelector<HTMLElement>('.message-list')
            : null;
      if (event.key === 'o') open();
      else if (target) target.focus();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}
