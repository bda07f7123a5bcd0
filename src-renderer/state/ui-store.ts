import type { LinkState } from '../api/api-transport';
import type { JsonObject } from '../../decoders/core/json';
import type { TimeMode } from '../model/time-format';
import { Store } from './store';

export type BottomTab = 'console' | 'expert' | 'conversations' | 'statistics' | 'composer';

export interface Notice {
  text: string;
  tone: 'info' | 'error';
  seq: number;
}

/** Window-level state: panels, dialogs, the link to the engine, short notices. */
export interface UiState {
  timeMode: TimeMode;
  bottomTab: BottomTab;
  keysDialogOpen: boolean;
  link: LinkState;
  notice: Notice | null;
  /** A message handed to the composer ("edit as new"); the composer takes it and clears it. */
  composerSeed: { protocol: string; message: JsonObject } | null;
}

export function createUiStore(): Store<UiState> {
  return new Store<UiState>({
    timeMode: 'relative',
    bottomTab: 'console',
    keysDialogOpen: false,
    link: 'connecting',
    notice: null,
    composerSeed: null,
  });
}
