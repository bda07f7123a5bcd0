import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { runConsoleCommand } from '../console/console-commands';
import { workbenchConsoleHost } from '../console/console-host';
import { editLine, emptyLine, promptLine, type LineEditorState } from '../console/line-editor';
import { ansiLine, logLine } from '../console/terminal-text';
import type { Workbench } from '../state/workbench';
import { useWorkbench } from './workbench-context';

const PROMPT = '\x1b[36mpeerscope>\x1b[0m ';
const HISTORY_KEY = 'peerscope.consoleHistory';

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function terminalTheme(): ITheme {
  return {
    background: cssVar('--bg-input'),
    foreground: cssVar('--fg'),
    cursor: cssVar('--accent'),
    selectionBackground: cssVar('--selected-soft'),
  };
}

function loadHistory(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** The console: the engine's log in colour and a command line (filter, goto, decode, hex, help) with history. */
export function ConsolePane({ visible }: { visible: boolean }) {
  const workbench = useWorkbench();
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);

  useEffect(() => {
    const element = host.current!;
    const session = startConsole(element, workbench);
    terminal.current = session.terminal;
    return () => session.stop();
  }, [workbench]);

  // Focus follows the user to the console tab, not the first showing (the message list takes it when a capture opens).
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (visible && !wasVisible.current) terminal.current?.focus();
    wasVisible.current = visible;
  }, [visible]);

  return <div ref={host} className="console-pane" data-testid="console" />;
}

/** Opens the terminal in `element`, wires input, commands and engine logs; returns how to stop it all. */
function startConsole(element: HTMLElement, workbench: Workbench) {
  const term = new Terminal({
    fontFamily: cssVar('--font-mono') || 'monospace',
    fontSize: 12,
    theme: terminalTheme(),
    convertEol: true,
    cursorBlink: true,
    scrollback: 5000,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  const refit = () => element.clientWidth > 0 && element.clientHeight > 0 && fit.fit();
  refit();
  const resize = new ResizeObserver(refit);
  resize.observe(element);

  let editor: LineEditorState = emptyLine(loadHistory());
  let busy: Promise<void> = Promise.resolve();
  const consoleHost = workbenchConsoleHost(workbench, () => term.clear());
  const redraw = () => term.write(promptLine(PROMPT, editor));

  const printAbovePrompt = (lines: string[]) => {
    if (lines.length === 0) return;
    term.write('\r\x1b[2K' + lines.join('\r\n') + '\r\n');
    redraw();
  };

  const run = (command: string) => {
    busy = busy.then(async () => {
      const output = await runConsoleCommand(command, consoleHost);
      printAbovePrompt(output.map(ansiLine));
    });
  };

  const input = term.onData((data) => {
    const result = editLine(editor, data);
    for (const command of result.submitted) {
      term.write('\r\x1b[2K' + PROMPT + command + '\r\n');
      run(command);
    }
    editor = result.state;
    if (result.submitted.length > 0) localStorage.setItem(HISTORY_KEY, JSON.stringify(editor.history));
    redraw();
  });

  let seen = 0;
  const showLogs = () => {
    const entries = workbench.logs.since(seen);
    if (entries.length === 0) return;
    seen = entries.at(-1)!.seq + 1;
    printAbovePrompt(entries.map((e) => logLine(e.level, e.text, e.time)));
  };
  const stopLogs = workbench.logs.subscribe(showLogs);

  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const retheme = () => (term.options.theme = terminalTheme());
  scheme.addEventListener('change', retheme);

  term.writeln('\x1b[1mPeerscope console\x1b[0m — type \x1b[1mhelp\x1b[0m for commands.');
  showLogs();
  redraw();

  return {
    terminal: term,
    stop() {
      scheme.removeEventListener('change', retheme);
      stopLogs();
      input.dispose();
      resize.disconnect();
      term.dispose();
    },
  };
}
