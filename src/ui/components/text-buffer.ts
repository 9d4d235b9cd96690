/**
 * The input box's text and cursor as a pure reducer: multi-line editing with the usual
 * readline keys. The cursor is an offset into `text` (UTF-16 units, kept on code point
 * boundaries); lines are the text split on `\n`.
 */
import { expandTabs, sanitize } from '../../core/text.js';

export interface TextBuffer {
  text: string;
  cursor: number;
}

export type BufferAction =
  | { type: 'insert'; text: string }
  | { type: 'set'; text: string }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'lineStart' }
  | { type: 'lineEnd' }
  | { type: 'wordLeft' }
  | { type: 'wordRight' }
  | { type: 'backspace' }
  | { type: 'deleteForward' }
  | { type: 'deleteWord' }
  | { type: 'killStart' }
  | { type: 'killEnd' };

export const emptyBuffer: TextBuffer = { text: '', cursor: 0 };

/**
 * A buffer holding `text`, cursor at its end. It holds no tabs (see 'insert'): a message
 * with tabs, loaded to be edited, is drawn and saved with the spaces they took.
 */
export function bufferOf(text: string): TextBuffer {
  const spaced = expandTabs(text);
  return { text: spaced, cursor: spaced.length };
}

const lineStartOf = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEndOf = (text: string, at: number) => {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
};

/** One code point back or forward, so a surrogate pair is never split. */
function stepBack(text: string, at: number): number {
  if (at <= 0) return 0;
  const low = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
}
function stepForward(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const high = text.charCodeAt(at);
  return high >= 0xd800 && high <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}

function wordStartBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1] ?? '')) i--;
  while (i > 0 && !/\s/.test(text[i - 1] ?? '')) i--;
  return i;
}
function wordEndAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  while (i < text.length && !/\s/.test(text[i] ?? '')) i++;
  return i;
}

/** Moves to the same column (in code units) of the line before or after. */
function verticalMove(b: TextBuffer, direction: -1 | 1): number {
  const start = lineStartOf(b.text, b.cursor);
  const column = b.cursor - start;
  if (direction < 0) {
    if (start === 0) return 0;
    const prevStart = lineStartOf(b.text, start - 1);
    return Math.min(prevStart + column, start - 1);
  }
  const end = lineEndOf(b.text, b.cursor);
  if (end === b.text.length) return b.text.length;
  const nextEnd = lineEndOf(b.text, end + 1);
  return Math.min(end + 1 + column, nextEnd);
}

const cut = (b: TextBuffer, from: number, to: number): TextBuffer =>
  from === to ? b : { text: b.text.slice(0, from) + b.text.slice(to), cursor: from };

const moveTo = (b: TextBuffer, cursor: number): TextBuffer =>
  cursor === b.cursor ? b : { text: b.text, cursor };

/** Returns the same buffer when nothing changes, so the view can skip a render. */
export function bufferReducer(b: TextBuffer, action: BufferAction): TextBuffer {
  switch (action.type) {
    case 'insert': {
      // Pasted text arrives in one piece and may carry CR line ends; escapes and other
      // controls in it are dropped so the box never echoes them to the terminal. Tabs become
      // the spaces they would take on screen: a tab drawn as is breaks the layout's widths.
      const pasted = sanitize(action.text.replace(/\r\n?/g, '\n'));
      const before = b.text.slice(lineStartOf(b.text, b.cursor), b.cursor);
      const text = expandTabs(before + pasted).slice(expandTabs(before).length);
      if (!text) return b;
      return {
        text: b.text.slice(0, b.cursor) + text + b.text.slice(b.cursor),
        cursor: b.cursor + text.length,
      };
    }
    case 'set':
      return action.text === b.text ? b : bufferOf(action.text);
    case 'left':
      return moveTo(b, stepBack(b.text, b.cursor));
    case 'right':
      return moveTo(b, stepForward(b.text, b.cursor));
    case 'up':
      return moveTo(b, verticalMove(b, -1));
    case 'down':
      return moveTo(b, verticalMove(b, 1));
    case 'lineStart':
      return moveTo(b, lineStartOf(b.text, b.cursor));
    case 'lineEnd':
      return moveTo(b, lineEndOf(b.text, b.cursor));
    case 'wordLeft':
      return moveTo(b, wordStartBefore(b.text, b.cursor));
    case 'wordRight':
      return moveTo(b, wordEndAfter(b.text, b.cursor));
    case 'backspace':
      return cut(b, stepBack(b.text, b.cursor), b.cursor);
    case 'deleteForward':
      return cut(b, b.cursor, stepForward(b.text, b.cursor));
    case 'deleteWord':
      return cut(b, wordStartBefore(b.text, b.cursor), b.cursor);
    case 'killStart': {
      const start = lineStartOf(b.text, b.cursor);
      // At the start of a line, Ctrl+U joins it with the line before, like a backspace.
      return cut(b, start === b.cursor ? stepBack(b.text, start) : start, b.cursor);
    }
    case 'killEnd': {
      const end = lineEndOf(b.text, b.cursor);
      return cut(b, b.cursor, end === b.cursor ? stepForward(b.text, end) : end);
    }
  }
}

/** The cursor's line and column (code units), for drawing it. */
export function cursorPosition(b: TextBuffer): { line: number; column: number } {
  const before = b.text.slice(0, b.cursor);
  const line = before.split('\n').length - 1;
  return { line, column: b.cursor - lineStartOf(b.text, b.cursor) };
}
