import type { MessageDetail } from '../../src-main/api/peerscope-api';
import type { ByteSource } from '../model/byte-source';
import type { FieldPath } from '../model/field-path';
import { Store } from './store';

/** The selected message, its decoded detail, and the field and byte source in focus. */
export interface SelectionState {
  index: number | null;
  /** Its row in the current view, null when the view hides it. */
  row: number | null;
  /** Asks the list to bring the row into view: `center` after a jump, `auto` after a step. */
  scroll: { row: number; align: 'auto' | 'center'; seq: number } | null;
  detail: MessageDetail | null;
  sources: ByteSource[];
  field: FieldPath | null;
  /** The byte source tab the hex pane shows. */
  sourceTab: string | null;
  /** Expanded fields, by expansion key (spec names), kept from message to message as Wireshark does. */
  expanded: ReadonlySet<string>;
  loading: boolean;
  error: string | null;
}

export function createSelectionStore(): Store<SelectionState> {
  return new Store<SelectionState>({
    index: null,
    row: null,
    scroll: null,
    detail: null,
    sources: [],
    field: null,
    sourceTab: null,
    expanded: new Set(['']),
    loading: false,
    error: null,
  });
}
