/**
 * Where the input box's text lands on screen: each line split into rows of at most `width`
 * columns (hard, so every character keeps its place and the cursor can be found), and
 * the window of rows that keeps the cursor visible.
 */
import { displayWidth, graphemeSegments } from '../../core/text.js';
import type { TextBuffer } from './text-buffer.js';

/** What stands before the input's first row, e.g. `edit › `. */
/** Before the text: the label and `›`, or an arrow where more text is out of sight. */
export const inputPrompt = (label: string, mark = '›') => `${label}${mark} `;

/** The columns the input's text wraps at, in a box `width` wide: less the prompt and the cursor's cell. */
export const inputTextWidth = (width: number, label: string) =>
  Math.max(1, width - inputPrompt(label).length - 1);

export interface InputRow {
  text: string;
  /** Offset of the row's first character in the buffer's text. */
  start: number;
}

export function inputRows(text: string, width: number): InputRow[] {
  const columns = Math.max(1, width);
  const rows: InputRow[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    let row = '';
    let rowStart = offset;
    let used = 0;
    for (const { segment } of graphemeSegments(line)) {
      const w = displayWidth(segment);
      if (used + w > columns && row !== '') {
        rows.push({ text: row, start: rowStart });
        rowStart += row.length;
        row = '';
        used = 0;
      }
      row += segment;
      used += w;
    }
    rows.push({ text: row, start: rowStart });
    offset += line.length + 1;
  }
  return rows;
}

export interface InputView {
  rows: InputRow[];
  /** Index of the row with the cursor, and the cursor's offset inside it. */
  cursorRow: number;
  cursorOffset: number;
  /** Rows out of sight above and below (a long paste). */
  above: number;
  below: number;
}

/** The rows to draw (at most `height`) with the cursor among them. */
export function inputView(buffer: TextBuffer, width: number, height: number): InputView {
  const rows = inputRows(buffer.text, width);
  let cursorRow = rows.length - 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as InputRow;
    const next = rows[i + 1];
    // The cursor belongs to the last row that starts at or before it.
    if (buffer.cursor >= row.start && (!next || buffer.cursor < next.start)) {
      cursorRow = i;
      break;
    }
  }
  const start = Math.max(0, Math.min(cursorRow - height + 1, rows.length - height));
  const first = Math.max(0, Math.min(start, cursorRow));
  const cursorStart = rows[cursorRow]?.start ?? 0;
  const shown = rows.slice(first, first + height);
  return {
    rows: shown,
    cursorRow: cursorRow - first,
    cursorOffset: buffer.cursor - cursorStart,
    above: first,
    below: rows.length - first - shown.length,
  };
}
