import { describe, expect, it } from 'vitest';
import { editLine, emptyLine, promptLine, type LineEditorState } from '../../src-renderer/console/line-editor';

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';

function type(state: LineEditorState, ...inputs: string[]) {
  let s = state;
  const submitted: string[] = [];
  for (const input of inputs) {
    const result = editLine(s, input);
    s = result.state;
    submitted.push(...result.submitted);
  }
  return { state: s, submitted };
}

describe('the console`s line editor', () => {
  it('submits the typed line on Enter and starts a new one', () => {
    const { state, submitted } = type(emptyLine(), 'goto 5', '\r');
    expect(submitted).toEqual(['goto 5']);
    expect(state.line).toBe('');
    expect(state.history).toEqual(['goto 5']);
  });

  it('edits at the caret: arrows move it, backspace deletes before it', () => {
    const { state } = type(emptyLine(), 'goto 15', LEFT, '\x7f', '2');
    expect(state.line).toBe('goto 25');
    expect(state.cursor).toBe(6);
  });

  it('goes through earlier commands with ↑ and back to the line being typed with ↓', () => {
    const start = type(emptyLine(), 'help\r', 'hex\r').state;
    const { state } = type(start, 'fil', UP);
    expect(state.line).toBe('hex');
    expect(type(state, UP).state.line).toBe('help');
    expect(type(state, UP, UP).state.line).toBe('help');
    expect(type(state, UP, DOWN, DOWN).state.line).toBe('fil');
  });

  it('does not repeat a command entered twice in a row, nor remember empty lines', () => {
    const { state, submitted } = type(emptyLine(), 'hex\r', 'hex\r', '\r');
    expect(state.history).toEqual(['hex']);
    expect(submitted).toEqual(['hex', 'hex', '']);
  });

  it('runs every line of a pasted block', () => {
    expect(type(emptyLine(), 'goto 1\r\ngoto 2\rhe').submitted).toEqual(['goto 1', 'goto 2']);
  });

  it('clears the line on Ctrl+C and ignores escape sequences it does not know', () => {
    expect(type(emptyLine(), 'abc', '\x03').state.line).toBe('');
    expect(type(emptyLine(), 'a', '\x1b[1;5C', '\x1bOP', 'b').state.line).toBe('ab');
  });

  it('redraws the prompt line with the caret put back where it is', () => {
    const { state } = type(emptyLine(), 'abc', LEFT, LEFT);
    expect(promptLine('> ', state)).toBe('\r\x1b[2K> abc\x1b[2D');
  });
});
