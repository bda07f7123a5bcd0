/** The Time column's modes, as Wireshark's View › Time Display Format. */
export type TimeMode = 'absolute' | 'relative' | 'delta';

export const TIME_MODES: readonly { mode: TimeMode; label: string; title: string }[] = [
  { mode: 'absolute', label: 'Absolute', title: 'Time of day (UTC)' },
  { mode: 'relative', label: 'Relative', title: 'Seconds since the first message of the capture' },
  { mode: 'delta', label: 'Delta', title: 'Seconds since the previous row shown' },
];

/** Whole seconds and microseconds of a capture time, rounded to the microsecond a capture records. */
function splitMicros(seconds: number): { whole: number; micros: number } {
  let whole = Math.floor(seconds);
  let micros = Math.round((seconds - whole) * 1e6);
  if (micros >= 1e6) {
    whole += 1;
    micros -= 1e6;
  }
  return { whole, micros };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `16:40:12.084262`: time of day in UTC with microseconds. */
export function formatTimeOfDay(seconds: number): string {
  const { whole, micros } = splitMicros(seconds);
  const date = new Date(whole * 1000);
  return `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(micros, 6)}`;
}

/** `2019-07-23 16:40:12.084262 UTC`: the full date, for tooltips. */
export function formatDateTime(seconds: number): string {
  const date = new Date(Math.floor(seconds) * 1000);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  return `${day} ${formatTimeOfDay(seconds)} UTC`;
}

/** Seconds with six decimals, as `inspect` prints relative times. */
export function formatSeconds(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const { whole, micros } = splitMicros(Math.abs(seconds));
  return `${sign}${whole}.${pad(micros, 6)}`;
}

/**
 * The Time cell of a row: `first` is the capture's first message time (relative mode), `previous` the time of the
 * row shown above (delta mode; unknown until that row is loaded, and nothing for the first row).
 */
export function formatTimeCell(mode: TimeMode, time: number, first: number | null, previous: number | undefined) {
  switch (mode) {
    case 'absolute':
      return formatTimeOfDay(time);
    case 'relative':
      return first === null ? '' : formatSeconds(time - first);
    case 'delta':
      return previous === undefined ? '' : formatSeconds(time - previous);
  }
}
