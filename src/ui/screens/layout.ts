/**
 * The main screen's fixed budgets. The frame is always rows - 1 tall, never the full
 * height: on Ink 6 a frame that reaches the terminal's height makes every frame clear the
 * screen and redraw it all. Every region gets a fixed number of rows; long content scrolls
 * inside its region.
 */
import { inputRows, inputTextWidth } from '../components/input-layout.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Sidebar width for a terminal width; none on very narrow terminals. */
export const sidebarWidth = (columns: number) =>
  columns < 60 ? 0 : Math.min(34, Math.max(18, Math.floor(columns * 0.26)));

/** `inputLabel`: what the input box shows before its text (see Input). */
export function mainLayout(size: TerminalSize, inputText: string, inputLabel: string) {
  const height = Math.max(6, size.rows - 1);
  const sideW = sidebarWidth(size.columns);
  // The sidebar's right border takes one column.
  const rightW = Math.max(20, size.columns - sideW - (sideW ? 1 : 0));
  // The input grows with its text, up to a quarter of the screen.
  const inputH = Math.min(
    Math.max(1, inputRows(inputText, inputTextWidth(rightW, inputLabel)).length),
    Math.max(1, Math.floor(height / 4)),
  );
  // Everything above the status line.
  const mainH = height - 1;
  // Below the header: the conversation, a rule and the input, or one screen.
  const paneH = mainH - 1;
  return {
    height,
    sideW,
    rightW,
    mainH,
    paneH,
    conversationH: Math.max(1, paneH - 1 - inputH),
    inputH,
  };
}

/** How far PgUp/PgDn scroll: a screenful of conversation, less a little overlap. */
export const conversationRows = (size: TerminalSize) => Math.max(1, size.rows - 10);
