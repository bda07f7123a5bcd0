/** The console's command line: the text being typed, the caret, and the commands entered before. */
export interface LineEditorState {
  line: string;
  cursor: number;
  history: readonly string[];
  /** Which history entry is shown; `history.length` while editing a new line. */
  historyIndex: number;
  /** The new line being typed, kept while the user looks through the history. */
  draft: string;
}

export const HISTORY_KEPT = 200;

export function emptyLine(history: readonly string[] = []): LineEditorState {
  return { line: '', cursor: 0, history, historyIndex: history.length, draft: '' };
}

const KEYS: Record<string, (s: LineEditorState) => LineEditorState> = {
  '\x1b[A': (s) => showHistory(s, s.historyIndex - 1),
  '\x1b[B': (s) => showHistory(s, s.historyIndex + 1),
  '\x1b[C': (s) => ({ ...s, cursor: Math.min(s.line.length, s.cursor + 1) }),
  '\x1b[D': (s) => ({ ...s, cursor: Math.max(0, s.cursor - 1) }),
  '\x1b[H': (s) => ({ ...s, cursor: 0 }),
  '\x1bOH': (s) => ({ ...s, cursor: 0 }),
  '\x01': (s) => ({ ...s, cursor: 0 }),
  '\x1b[F': (s) => ({ ...s, cursor: s.line.length }),
  '\x1bOF': (s) => ({ ...s, cursor: s.line.length }),
  '\x05': (s) => ({ ...s, cursor: s.line.length }),
  '\x1b[3~': (s) => ({ ...s, line: s.line.slice(0, s.cursor) + s.line.slice(s.cursor + 1) }),
  '\x7f': backspace,
  '\b': backspace,
  '\x03': (s) => emptyLine(s.history),
  '\x15': (s) => ({ ...s, line: s.line.slice(s.cursor), cursor: 0 }),
};
const SEQUENCES = Object.keys(KEYS).sort((a, b) => b.length - a.length);

function backspace(s: LineEditorState): LineEditorState {
  if (s.cursor === 0) return s;
  return { ...s, line: s.line.slice(0, s.cursor - 1) + s.line.slice(s.cursor), cursor: s.cursor - 1 };
}

function showHistory(s: LineEditorState, index: number): LineEditorState {
  if (index < 0 || index > s.history.length) return s;
  const draft = s.historyIndex === s.history.length ? s.line : s.draft;
  const line = index === s.history.length ? draft : s.history[index]!;
  return { ...s, line, cursor: line.length, historyIndex: index, draft };
}

function insert(s: LineEditorState, text: string): LineEditorState {
  return { ...s, line: s.line.slice(0, s.cursor) + text + s.line.slice(s.cursor), cursor: s.cursor + text.length };
}

function submit(s: LineEditorState): { state: LineEditorState; command: string } {
  const command = s.line.trim();
  const repeated = command === '' || s.history.at(-1) === command;
  const history = repeated ? s.history : [...s.history, command].slice(-HISTORY_KEPT);
  return { state: emptyLine(history), command };
}

/**
 * Applies terminal input (keys or a paste) to the line. Enter submits; the lines submitted are returned in order
 * (a pasted block of commands runs them all). Unknown escape sequences are ignored.
 */
export function editLine(state: LineEditorState, data: string): { state: LineEditorState; submitted: string[] } {
  let s = state;
  const submitted: string[] = [];
  let i = 0;
  while (i < data.length) {
    const sequence = SEQUENCES.find((k) => data.startsWith(k, i));
    if (sequence) {
      s = KEYS[sequence]!(s);
      i += sequence.length;
    } else if (data[i] === '\r' || data[i] === '\n') {
      const done = submit(s);
      s = done.state;
      submitted.push(done.command);
      i += data[i] === '\r' && data[i + 1] === '\n' ? 2 : 1;
    } else if (data[i] === '\x1b') {
      i += skipEscape(data, i);
    } else {
      const code = data.charCodeAt(i);
      if (code >= 0x20) s = insert(s, data[i]!);
      i++;
    }
  }
  return { state: s, submitted };
}

/** Length of an escape sequence this editor does not handle: CSI `ESC [ … final`, SS3 `ESC O x`, or ESC + one. */
function skipEscape(data: string, at: number): number {
  if (data[at + 1] === 'O') return Math.min(3, data.length - at);
  if (data[at + 1] !== '[') return Math.min(2, data.length - at);
  let end = at + 2;
  while (end < data.length && !/[@-~]/.test(data[end]!)) end++;
  return end + 1 - at;
}

/** What redraws the prompt line in the terminal: clear it, write prompt and text, put the caret back. */
export function promptLine(prompt: string, s: LineEditorState): string {
  const back = s.line.length - s.cursor;
  return `\r\x1b[2K${prompt}${s.line}${back > 0 ? `\x1b[${back}D` : ''}`;
}
