/**
 * Styled screen lines: runs of text with a style, wrapped to a width, then turned into one
 * ANSI string per line once, so a frame only hands Ink short finished strings. The text in
 * segments must already be sanitized: styles are the only escape codes that end up here.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { displayWidth, truncate, wrap } from '../../core/text.js';

export interface Style {
  color?: 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray' | 'white';
  bold?: boolean;
  italic?: boolean;
  dim?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  inverse?: boolean;
}

export interface Segment {
  text: string;
  style?: Style;
}

export type StyledLine = Segment[];

/**
 * Greedy word wrap across styled runs. Spaces at a break are dropped, other spaces
 * (indentation included) are kept, and a word wider than the line is split.
 */
export function wrapSegments(segments: readonly Segment[], width: number): StyledLine[] {
  const columns = Math.max(1, Math.floor(width));
  const lines: StyledLine[] = [];
  let line: StyledLine = [];
  let used = 0;
  const push = (text: string, style: Style | undefined) => {
    const last = line.at(-1);
    if (last && last.style === style) last.text += text;
    else line.push(style ? { text, style } : { text });
  };
  const breakLine = () => {
    // Trailing spaces of the line are where it broke.
    const last = line.at(-1);
    if (last) last.text = last.text.replace(/ +$/, '');
    lines.push(line.filter((s) => s.text !== ''));
    line = [];
    used = 0;
  };

  for (const segment of segments) {
    const parts = segment.text.split('\n');
    parts.forEach((part, k) => {
      if (k > 0) breakLine();
      for (const token of part.match(/ +|[^ ]+/g) ?? []) {
        const w = displayWidth(token);
        if (used + w <= columns) {
          push(token, segment.style);
          used += w;
        } else if (token.startsWith(' ')) {
          if (used > 0) breakLine();
        } else if (w <= columns) {
          if (used > 0) breakLine();
          push(token, segment.style);
          used = w;
        } else {
          // Fill the current line's room first, then whole lines.
          if (used > 0 && columns - used < 4) breakLine();
          const pieces = wrap(token, used > 0 ? columns - used : columns);
          const first = pieces.shift() ?? '';
          push(first, segment.style);
          used += displayWidth(first);
          for (const piece of wrap(pieces.join(''), columns)) {
            if (!piece) continue;
            breakLine();
            push(piece, segment.style);
            used = displayWidth(piece);
          }
        }
      }
    });
  }
  if (line.length > 0 || lines.length === 0) breakLine();
  return lines;
}

/** Columns a styled line takes. */
export function lineWidth(line: StyledLine): number {
  return line.reduce((sum, s) => sum + displayWidth(s.text), 0);
}

/** The line cut to `width` columns, ending with `…` when something was cut. */
export function truncateLine(line: StyledLine, width: number): StyledLine {
  if (lineWidth(line) <= width) return line;
  const out: Segment[] = [];
  let room = width - 1;
  for (const segment of line) {
    const text = truncate(segment.text, room, '');
    if (text) out.push({ ...segment, text });
    room -= displayWidth(text);
    if (text !== segment.text) break;
  }
  const last = out.at(-1);
  return [...out, { text: '…', ...(last?.style ? { style: last.style } : {}) }];
}

/** Puts `first` before the first line and `rest` before the others (list bullets, quotes). */
export function prefixLines(
  lines: StyledLine[],
  first: Segment,
  rest: Segment = {
    text: ' '.repeat(displayWidth(first.text)),
    ...(first.style ? { style: first.style } : {}),
  },
): StyledLine[] {
  return lines.map((line, i) => [i === 0 ? first : rest, ...line]);
}

let chalk: ChalkInstance = new Chalk();

/** Tests and `NO_COLOR` runs pin the colour level; the default follows the terminal. */
export function setColorLevel(level: 0 | 1 | 2 | 3): void {
  chalk = new Chalk({ level });
}

function paint(text: string, style: Style | undefined): string {
  if (!style || chalk.level === 0) return text;
  let c = chalk;
  if (style.color) c = c[style.color];
  if (style.bold) c = c.bold;
  if (style.italic) c = c.italic;
  if (style.dim) c = c.dim;
  if (style.underline) c = c.underline;
  if (style.strikethrough) c = c.strikethrough;
  if (style.inverse) c = c.inverse;
  return c(text);
}

/** The ANSI string of a line, ready for `<Text>`. */
export function toAnsi(line: StyledLine): string {
  return line.map((s) => paint(s.text, s.style)).join('');
}

export function plainText(line: StyledLine): string {
  return line.map((s) => s.text).join('');
}
