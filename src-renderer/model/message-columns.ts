import type { ColumnKey, MessageRow } from '../../src-main/api/peerscope-api';
import { pairText } from './pair-text';
import { formatDateTime, formatTimeCell, type TimeMode } from './time-format';

export interface ColumnDef {
  key: ColumnKey;
  label: string;
  /** CSS grid track. */
  width: string;
  numeric?: boolean;
}

/** The message list's columns, Wireshark's order with Peerscope's request id and pairing. */
export const MESSAGE_COLUMNS: readonly ColumnDef[] = [
  { key: 'index', label: 'No.', width: '64px', numeric: true },
  { key: 'time', label: 'Time', width: '112px', numeric: true },
  { key: 'src', label: 'Source', width: 'minmax(120px, 150px)' },
  { key: 'dst', label: 'Destination', width: 'minmax(120px, 150px)' },
  { key: 'protocol', label: 'Protocol', width: '80px' },
  { key: 'message', label: 'Message', width: 'minmax(110px, 170px)' },
  { key: 'requestId', label: 'Request ID', width: 'minmax(70px, 130px)' },
  { key: 'pair', label: 'Pair', width: 'minmax(130px, 200px)' },
  { key: 'length', label: 'Length', width: '66px', numeric: true },
  { key: 'info', label: 'Info', width: 'minmax(200px, 1fr)' },
];

export const COLUMN_TEMPLATE = MESSAGE_COLUMNS.map((c) => c.width).join(' ');

/** What a row needs from its surroundings: the time mode, the capture's first time, the row shown above. */
export interface CellContext {
  timeMode: TimeMode;
  firstTime: number | null;
  previous: MessageRow | undefined;
}

export function cellText(row: MessageRow, key: ColumnKey, context: CellContext): string {
  switch (key) {
    case 'index':
      return String(row.index);
    case 'time':
      return formatTimeCell(context.timeMode, row.time, context.firstTime, context.previous?.time);
    case 'pair':
      return pairText(row.pair);
    case 'requestId':
      return row.requestId ?? '';
    case 'length':
      return String(row.length);
    default:
      return row[key];
  }
}

/** The tooltip of a cell where the text does not say everything. */
export function cellTitle(row: MessageRow, key: ColumnKey): string | undefined {
  if (key === 'time') return formatDateTime(row.time);
  if (key === 'info' || key === 'message' || key === 'requestId') return cellText(row, key, NO_CONTEXT) || undefined;
  if (key === 'index' && row.noteCount > 0) return `${row.noteCount} note${row.noteCount === 1 ? '' : 's'}`;
  return undefined;
}

const NO_CONTEXT: CellContext = { timeMode: 'absolute', firstTime: null, previous: undefined };

const TINTED_PROTOCOLS = new Set([
  'hobbits',
  'eth2rpc',
  'p2p',
  'les',
  'ress',
  'eth',
  'snap',
  'discv5',
  'portal',
  'utp',
]);

/** The CSS class that tints a row by its protocol. */
export function protocolClass(protocol: string): string {
  return TINTED_PROTOCOLS.has(protocol) ? `proto-${protocol}` : 'proto-other';
}
