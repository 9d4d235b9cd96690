/**
 * Everything the commands print. stdout carries results only (text or --json), so
 * scripts can pipe it; notes, warnings and errors go to stderr.
 */
import { AichatError, exitCode, oneLine } from '../core/errors.js';
import { maxOf } from '../core/lists.js';
import { displayWidth, padColumns, sanitize } from '../core/text.js';

let stdoutClosed = false;
let closedListeners: (() => void)[] | undefined;

/**
 * Calls `listener` when the reader closes stdout early (`aichat chat list | head -1`).
 * That is no failure: the rest is not printed, and the command ends as it would have.
 */
export function onStdoutClosed(listener: () => void = () => {}): void {
  if (!closedListeners) {
    closedListeners = [];
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      stdoutClosed = true;
      for (const notify of closedListeners ?? []) notify();
    });
  }
  closedListeners.push(listener);
}

export const isStdoutClosed = () => stdoutClosed;

/** Text to stdout as it is, unless the reader has gone. */
export function printText(text: string): void {
  onStdoutClosed();
  if (!stdoutClosed) process.stdout.write(text);
}

/** A document for a pipe or a file, byte for byte; made inert when stdout is a terminal. */
export function printData(text: string): void {
  printText(process.stdout.isTTY ? sanitize(text) : text);
}

export function printJson(value: unknown): void {
  printText(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A line of human text. Made inert for the terminal: it may quote what a file, a server
 * or another user wrote (titles, names, messages, model ids, server errors).
 */
export function printLine(text = ''): void {
  printText(`${sanitize(text)}\n`);
}

/** A status note for the person at the terminal. */
export function note(text: string): void {
  process.stderr.write(`${sanitize(text)}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`warning: ${sanitize(text)}\n`);
}

/** Rows as aligned columns; cells from the store are made inert for the terminal. */
export function printTable(
  headers: string[],
  rows: (string | number | null | undefined)[][],
): void {
  const cells = rows.map((row) =>
    row.map((cell) => sanitize(String(cell ?? '')).replace(/\s+/g, ' ')),
  );
  const widths = headers.map((h, i) =>
    maxOf(
      cells.map((row) => displayWidth(row[i] ?? '')),
      h.length,
    ),
  );
  // Padded by the columns a cell takes, which for CJK and emoji is not its length.
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : padColumns(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  // Cells were made inert above, before they were measured.
  printText(`${format(headers)}\n`);
  for (const row of cells) printText(`${format(row)}\n`);
}

/** The one place a failure becomes a line on stderr and an exit status. */
export function handleError(err: unknown, debug: boolean): void {
  const line = sanitize(oneLine(err));
  process.stderr.write(`aichat: ${line}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else if (!(err instanceof AichatError)) {
    process.stderr.write('(this is a bug in aichat; run again with --debug for details)\n');
  }
  process.exitCode = exitCode(err);
}
