import { useState } from 'react';
import { useStore } from '../state/store';
import type { BottomTab } from '../state/ui-store';
import { ComposerPane } from './composer-pane';
import { ConsolePane } from './console-pane';
import { ConversationsView } from './conversations-view';
import { ExpertPanel } from './expert-panel';
import { StatisticsView } from './statistics-view';
import { useWorkbench } from './workbench-context';

const TABS: readonly { tab: BottomTab; label: string }[] = [
  { tab: 'console', label: 'Console' },
  { tab: 'expert', label: 'Expert info' },
  { tab: 'conversations', label: 'Conversations' },
  { tab: 'statistics', label: 'Statistics' },
  { tab: 'composer', label: 'Composer' },
];

/** The lower panel's tabs. The console and the composer stay alive when hidden (log history, editor state). */
export function BottomPanel() {
  const { ui } = useWorkbench();
  const active = useStore(ui, (s) => s.bottomTab);
  const [composerOpened, setComposerOpened] = useState(false);
  if (active === 'composer' && !composerOpened) setComposerOpened(true);
  return (
    <section className="bottom-panel">
      <div className="panel-tabs" role="tablist" aria-label="Panels">
        {TABS.map(({ tab, label }) => (
          <button
            key={tab}
            role="tab"
            aria-selected={tab === active}
            className={tab === active ? 'active' : undefined}
            onClick={() => ui.update({ bottomTab: tab })}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" aria-label={TABS.find((t) => t.tab === active)?.label}>
        <div className={active === 'console' ? 'panel-page' : 'panel-page hidden'}>
          <ConsolePane visible={active === 'console'} />
        </div>
        {composerOpened && (
          <div className={active === 'composer' ? 'panel-page' : 'panel-page hidden'}>
            <ComposerPane />
          </div>
        )}
        {active === 'expert' && <ExpertPanel />}
        {active === 'conversations' && <ConversationsView />}
        {active === 'statistics' && <StatisticsView />}
      </div>
    </section>
  );
}
