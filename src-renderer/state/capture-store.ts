import type { CaptureInfo, LoadProgress, ViewSpec, ViewState } from '../../src-main/api/peerscope-api';
import { Store } from './store';

/** The open capture, its loading, and the view (filter and sort) the message list shows. */
export interface CaptureState {
  capture: CaptureInfo | null;
  progress: LoadProgress | null;
  /** The last view the engine applied. */
  view: ViewState | null;
  spec: ViewSpec;
  /** Rows in the current view, kept current while the capture loads. */
  count: number;
  /** Messages in the capture so far. */
  total: number;
  /** Time of the capture's first message: the zero of relative times. */
  firstTime: number | null;
  /** Moves when rows may have changed (new rows, pairing updates): visible pages are fetched again. */
  rowsRevision: number;
  /** Moves when the analysis panels (expert info, conversations, statistics) should ask again. */
  analysisRevision: number;
  /** The name of the capture being opened, while its request runs. */
  opening: string | null;
  error: string | null;
}

export const EMPTY_VIEW: ViewSpec = { filter: '' };

export function createCaptureStore(): Store<CaptureState> {
  return new Store<CaptureState>({
    capture: null,
    progress: null,
    view: null,
    spec: EMPTY_VIEW,
    count: 0,
    total: 0,
    firstTime: null,
    rowsRevision: 0,
    analysisRevision: 0,
    opening: null,
    error: null,
  });
}

/** Whether the view shows every message in capture order, so that its row count is the message count. */
export function isPlainView(spec: ViewSpec): boolean {
  return spec.filter.trim() === '' && !spec.sort;
}
