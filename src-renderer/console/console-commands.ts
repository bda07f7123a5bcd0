import type { DecodeResult, FilterProblem, ViewState } from '../../src-main/api/peerscope-api';
import type { ByteSource } from '../model/byte-source';
import { hexDumpLines } from '../model/hex-layout';
import { formatCount } from '../model/quantity-format';

/** One line of console output and how it is coloured. */
export interface ConsoleLine {
  text: string;
  tone?: 'error' | 'warn' | 'ok' | 'dim' | 'heading';
}

/** What console commands act on: the capture's view and selection, and the engine's codecs. */
export interface ConsoleHost {
  /** Applies a display filter; the problem when it does not compile. */
  applyFilter(filter: string): Promise<ViewState | FilterProblem>;
  /** Selects message `index` (clearing the filter when it hides it); false when there is no such message. */
  goTo(index: number): Promise<boolean>;
  decode(protocol: string, hex: string): Promise<DecodeResult>;
  /** The selected message's byte sources, or null when none is selected. */
  selectedSources(): { index: number; sources: ByteSource[] } | null;
  hasCapture(): boolean;
  clear(): void;
}

export const CONSOLE_HELP: readonly ConsoleLine[] = [
  { text: 'Commands:', tone: 'heading' },
  { text: '  filter EXPR            apply a display filter (no EXPR: show every message)' },
  { text: '  goto N                 select message N' },
  { text: '  decode PROTOCOL HEX    decode one framed message, e.g. decode hobbits 45575000…' },
  { text: '  hex                    hex dump of the selected message, every byte source' },
  { text: '  clear                  clear the console' },
  { text: '  help                   this list' },
  { text: '↑/↓ go through earlier commands.', tone: 'dim' },
];

type Command = (args: string, host: ConsoleHost) => Promise<ConsoleLine[]>;

const COMMANDS: Record<string, Command> = {
  help: async () => [...CONSOLE_HELP],
  filter: filterCommand,
  goto: gotoCommand,
  decode: decodeCommand,
  hex: hexCommand,
  clear: async (_args, host) => {
    host.clear();
    return [];
  },
};

/** Runs one command line and returns what to print; errors become red lines, never exceptions. */
export async function runConsoleCommand(line: string, host: ConsoleHost): Promise<ConsoleLine[]> {
  const text = line.trim();
  if (!text) return [];
  const [, name = '', args = ''] = /^(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
  const command = COMMANDS[name.toLowerCase()];
  if (!command) return [{ text: `unknown command ${JSON.stringify(name)}; type help`, tone: 'error' }];
  try {
    return await command(args.trim(), host);
  } catch (e) {
    return [{ text: e instanceof Error ? e.message : String(e), tone: 'error' }];
  }
}

function isProblem(result: ViewState | FilterProblem): result is FilterProblem {
  return 'position' in result;
}

async function filterCommand(args: string, host: ConsoleHost): Promise<ConsoleLine[]> {
  if (!host.hasCapture()) return [{ text: 'no capture is open', tone: 'error' }];
  const result = await host.applyFilter(args);
  if (isProblem(result)) return problemLines(args, result);
  const shown = `${formatCount(result.count)} of ${formatCount(result.total)} messages`;
  return [{ text: `${shown} (${result.elapsedMs.toFixed(1)} ms)`, tone: 'ok' }];
}

/** The filter, a caret under the problem, and the reason: as the CLI prints a bad filter. */
export function problemLines(filter: string, problem: FilterProblem): ConsoleLine[] {
  const caret = ' '.repeat(problem.position) + '^'.repeat(Math.max(1, problem.length));
  const hint = problem.suggestion ? ` (did you mean ${problem.suggestion}?)` : '';
  return [
    { text: `  ${filter}` },
    { text: `  ${caret}`, tone: 'error' },
    { text: `${problem.message}${hint}`, tone: 'error' },
  ];
}

async function gotoCommand(args: string, host: ConsoleHost): Promise<ConsoleLine[]> {
  if (!/^#?\d+$/.test(args)) return [{ text: 'usage: goto N (a message number)', tone: 'error' }];
  if (!host.hasCapture()) return [{ text: 'no capture is open', tone: 'error' }];
  const index = Number(args.replace('#', ''));
  return (await host.goTo(index))
    ? [{ text: `message #${index}`, tone: 'ok' }]
    : [{ text: `no message #${index}`, tone: 'error' }];
}

async function decodeCommand(args: string, host: ConsoleHost): Promise<ConsoleLine[]> {
  const [, protocol, hex] = /^(\S+)\s+([\s\S]+)$/.exec(args) ?? [];
  if (!protocol || !hex) return [{ text: 'usage: decode PROTOCOL HEX', tone: 'error' }];
  const result = await host.decode(protocol.toLowerCase(), hex.replace(/\s+/g, ''));
  const { record } = result;
  const lines: ConsoleLine[] = [{ text: `${record.protocol} ${record.message}`, tone: 'heading' }];
  const json = JSON.stringify({ message: record.message, requestId: record.requestId, fields: record.fields }, null, 2);
  for (const l of json.split('\n')) lines.push({ text: l });
  for (const note of record.notes) {
    const at = note.field ? ` (${note.field})` : '';
    lines.push({ text: `${note.severity}: ${note.kind}: ${note.text}${at}`, tone: toneOf(note.severity) });
  }
  return lines;
}

function toneOf(severity: string): ConsoleLine['tone'] {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'dim';
}

async function hexCommand(_args: string, host: ConsoleHost): Promise<ConsoleLine[]> {
  const selected = host.selectedSources();
  if (!selected) return [{ text: 'no message is selected', tone: 'error' }];
  const lines: ConsoleLine[] = [];
  for (const source of selected.sources) {
    lines.push({ text: `#${selected.index} ${source.name} (${source.bytes.length} bytes)`, tone: 'heading' });
    for (const l of hexDumpLines(source.bytes)) lines.push({ text: l });
  }
  return lines;
}
