import type { ConsoleLine } from './console-commands';

const TONES: Record<NonNullable<ConsoleLine['tone']>, string> = {
  error: '31',
  warn: '33',
  ok: '32',
  dim: '90',
  heading: '1',
};

/** A console line with its colour as ANSI escapes, ready for the terminal. */
export function ansiLine(line: ConsoleLine): string {
  return line.tone ? `\x1b[${TONES[line.tone]}m${line.text}\x1b[0m` : line.text;
}

const LEVEL_TONES = { info: undefined, warn: 'warn', error: 'error' } as const;

/** An engine log line: `12:03:04 warn  text`, coloured by level. Times are epoch milliseconds (or seconds). */
export function logLine(level: 'info' | 'warn' | 'error', text: string, time: number): string {
  const date = new Date(time < 1e11 ? time * 1000 : time);
  const clock = date.toTimeString().slice(0, 8);
  const tone = LEVEL_TONES[level];
  const body = `${level.padEnd(5)} ${text}`;
  return `\x1b[90m${clock}\x1b[0m ${tone ? ansiLine({ text: body, tone }) : body}`;
}
