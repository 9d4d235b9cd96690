/**
 * Markdown to styled screen lines. Two steps with a plain data shape between them: a block
 * lexer (`lexMarkdown`, a small built-in one; a lexer on top of `marked` can replace it by
 * producing the same `Block`s) and a renderer that wraps each block to the width.
 * Input must be sanitized text: this module adds styles, never passes escapes through.
 */
import { maxOf, pushAll } from '../../core/lists.js';
import { displayWidth } from '../../core/text.js';
import { highlightLine, languageOf } from './highlight.js';
import {
  lineWidth,
  prefixLines,
  truncateLine,
  wrapSegments,
  type Segment,
  type Style,
  type StyledLine,
} from './styled.js';

export type Block =
  | { type: 'heading'; depth: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; items: ListItem[] }
  | { type: 'quote'; text: string }
  | { type: 'table'; header: string[]; rows: string[][] }
  | { type: 'hr' };

export interface ListItem {
  /** Nesting level, 0 for a top-level item. */
  depth: number;
  /** `•` for bullets, `3.` for ordered items, `☐`/`☑` for task items. */
  marker: string;
  text: string;
}

export type Lexer = (markdown: string) => Block[];

// Indented any amount: models indent a fence under the list item it belongs to.
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+\s*)?$/;
const HR = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const startsBlock = (line: string) =>
  FENCE.test(line) ||
  HEADING.test(line) ||
  HR.test(line) ||
  QUOTE.test(line) ||
  LIST_ITEM.test(line);

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function listItem(match: RegExpExecArray): ListItem {
  const [, indent = '', bullet = '', text = ''] = match;
  const task = /^\[([ xX])\]\s+(.*)$/.exec(text);
  const marker = task
    ? task[1] === ' '
      ? '☐'
      : '☑'
    : /\d/.test(bullet)
      ? bullet.replace(')', '.')
      : '•';
  return {
    depth: Math.floor(indent.replace(/\t/g, '    ').length / 2),
    marker,
    text: task?.[2] ?? text,
  };
}

/**
 * A small CommonMark-ish block lexer: enough for what chat models write. With `breaks`,
 * every line end in a paragraph or list item is a line break, as GitHub draws comments:
 * for what people type, where a new line is meant as one.
 */
const markdownLexer =
  ({ breaks }: { breaks: boolean }): Lexer =>
  (markdown) => {
    const join = breaks ? '\n' : ' ';
    const lines = markdown.split('\n');
    const blocks: Block[] = [];
    let i = 0;
    const at = (k: number) => lines[k] ?? '';
    while (i < lines.length) {
      const line = at(i);
      const fence = FENCE.exec(line);
      if (fence) {
        const marker = fence[2] ?? '```';
        // The fence's own indentation is not part of the code.
        const indent = new RegExp(`^ {0,${(fence[1] ?? '').length}}`);
        const body: string[] = [];
        i++;
        while (i < lines.length && !at(i).trim().startsWith(marker))
          body.push(at(i++).replace(indent, ''));
        i++;
        blocks.push({ type: 'code', lang: fence[3] ?? '', text: body.join('\n') });
        continue;
      }
      if (line.trim() === '') {
        i++;
        continue;
      }
      const heading = HEADING.exec(line);
      if (heading) {
        blocks.push({ type: 'heading', depth: heading[1]?.length ?? 1, text: heading[2] ?? '' });
        i++;
        continue;
      }
      if (HR.test(line)) {
        blocks.push({ type: 'hr' });
        i++;
        continue;
      }
      if (line.includes('|') && TABLE_RULE.test(at(i + 1)) && at(i + 1).includes('-')) {
        const header = tableCells(line);
        const rows: string[][] = [];
        i += 2;
        while (i < lines.length && at(i).includes('|') && at(i).trim() !== '')
          rows.push(tableCells(at(i++)));
        blocks.push({ type: 'table', header, rows });
        continue;
      }
      if (QUOTE.test(line)) {
        const body: string[] = [];
        for (let m = QUOTE.exec(at(i)); m && i < lines.length; m = QUOTE.exec(at(++i)))
          body.push(m[1] ?? '');
        blocks.push({ type: 'quote', text: body.join('\n') });
        continue;
      }
      const first = LIST_ITEM.exec(line);
      if (first) {
        const items: ListItem[] = [listItem(first)];
        i++;
        while (i < lines.length) {
          const next = LIST_ITEM.exec(at(i));
          if (next) {
            items.push(listItem(next));
            i++;
          } else if (at(i).trim() === '') {
            // A blank line ends the list unless another item follows.
            if (!LIST_ITEM.test(at(i + 1)) && !/^\s{2,}\S/.test(at(i + 1))) break;
            i++;
          } else if (FENCE.test(at(i))) {
            // A code block under an item: the list stops for it, and goes on after it.
            break;
          } else if (/^\s/.test(at(i)) || !startsBlock(at(i))) {
            const last = items.at(-1);
            if (last) last.text += `${join}${at(i).trim()}`;
            i++;
          } else break;
        }
        blocks.push({ type: 'list', items });
        continue;
      }
      const body: string[] = [];
      while (
        i < lines.length &&
        at(i).trim() !== '' &&
        (body.length === 0 || !startsBlock(at(i)))
      ) {
        body.push(at(i++));
      }
      // Two trailing spaces or a backslash are a hard break; other line ends are spaces.
      blocks.push({
        type: 'paragraph',
        text: body
          .map((l) => l.replace(/( {2,}|\\)$/, '\n'))
          .join(join)
          // A hard break's line end and the join: one break (a line's own indent is kept).
          .replace(breaks ? /\n\n/g : /\n /g, '\n'),
      });
    }
    return blocks;
  };

export const lexMarkdown = markdownLexer({ breaks: false });
export const lexTypedMarkdown = markdownLexer({ breaks: true });

const INLINE =
  /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+?)\*\*|__([^_]+?)__|~~([^~]+?)~~|\*([^*\s](?:[^*]*?[^*\s])?)\*|(?<![\w])_([^_\s](?:[^_]*?[^_\s])?)_(?![\w])|!?\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)|<(https?:\/\/[^>\s]+)>/g;

const merge = (base: Style | undefined, extra: Style): Style => ({ ...base, ...extra });

/** Inline Markdown (code, bold, italic, strike, links) as styled runs. */
export function inline(text: string, base?: Style): Segment[] {
  const segments: Segment[] = [];
  const plain = (t: string) => {
    if (t)
      segments.push(
        base
          ? { text: t.replace(/\\([\\`*_[\]()#+\-.!|~])/g, '$1'), style: base }
          : { text: t.replace(/\\([\\`*_[\]()#+\-.!|~])/g, '$1') },
      );
  };
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    plain(text.slice(last, m.index));
    last = m.index + m[0].length;
    const [, , code, bold1, bold2, strike, em1, em2, label, url, auto] = m;
    if (code !== undefined) segments.push({ text: code, style: merge(base, { color: 'cyan' }) });
    else if (bold1 ?? bold2)
      pushAll(segments, inline(bold1 ?? bold2 ?? '', merge(base, { bold: true })));
    else if (strike !== undefined)
      pushAll(segments, inline(strike, merge(base, { strikethrough: true })));
    else if (em1 ?? em2) pushAll(segments, inline(em1 ?? em2 ?? '', merge(base, { italic: true })));
    else if (label !== undefined) {
      segments.push(
        ...inline(label || (url ?? ''), merge(base, { color: 'blue', underline: true })),
      );
      if (url && url !== label)
        segments.push({ text: ` (${url})`, style: merge(base, { dim: true }) });
    } else if (auto !== undefined)
      segments.push({ text: auto, style: merge(base, { color: 'blue', underline: true }) });
  }
  plain(text.slice(last));
  return segments;
}

const HEADING_STYLES: Style[] = [
  { bold: true, underline: true, color: 'magenta' },
  { bold: true, color: 'magenta' },
  { bold: true, color: 'blue' },
  { bold: true },
];

function renderTable(header: string[], rows: string[][], width: number): StyledLine[] {
  const columns = maxOf(
    rows.map((r) => r.length),
    header.length,
  );
  // Cells hold inline Markdown (bold, code, links) like any text.
  const cells = (row: string[], style?: Style) =>
    Array.from({ length: columns }, (_, c) => inline(row[c] ?? '', style));
  const head = cells(header, { bold: true });
  const body = rows.map((row) => cells(row));
  const natural = Array.from({ length: columns }, (_, c) =>
    maxOf(
      body.map((r) => lineWidth(r[c] ?? [])),
      Math.max(3, lineWidth(head[c] ?? [])),
    ),
  );
  // Separators take 3 columns each; shrink the widest columns until the table fits.
  const room = Math.max(columns * 3, width - (columns - 1) * 3);
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > room) {
    const widest = widths.indexOf(maxOf(widths));
    if ((widths[widest] ?? 0) <= 3) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const sep: Segment = { text: ' │ ', style: { dim: true } };
  const line = (row: StyledLine[]): StyledLine =>
    widths.flatMap((w, c) => {
      const cell = truncateLine(row[c] ?? [], w);
      const pad: Segment = { text: ' '.repeat(Math.max(0, w - lineWidth(cell))) };
      return c === 0 ? [...cell, pad] : [sep, ...cell, pad];
    });
  const rule: StyledLine = [
    { text: widths.map((w) => '─'.repeat(w)).join('─┼─'), style: { dim: true } },
  ];
  return [line(head), rule, ...body.map(line)];
}

function renderBlock(block: Block, width: number, lexer: Lexer): StyledLine[] {
  switch (block.type) {
    case 'heading':
      return wrapSegments(inline(block.text, HEADING_STYLES[Math.min(block.depth, 4) - 1]), width);
    case 'paragraph':
      return wrapSegments(inline(block.text), width);
    case 'code': {
      const language = languageOf(block.lang);
      const gutter: Segment = { text: '▏ ', style: { dim: true } };
      const label: StyledLine[] = block.lang ? [[{ text: block.lang, style: { dim: true } }]] : [];
      const body = block.text
        .split('\n')
        .flatMap((l) =>
          prefixLines(wrapSegments(highlightLine(l, language), width - 2), gutter, gutter),
        );
      return [...label, ...body];
    }
    case 'list':
      return block.items.flatMap((item) => {
        const indent = '  '.repeat(item.depth);
        const marker: Segment = { text: `${indent}${item.marker} `, style: { color: 'cyan' } };
        const room = width - displayWidth(marker.text);
        return prefixLines(wrapSegments(inline(item.text), room), marker, {
          text: ' '.repeat(displayWidth(marker.text)),
        });
      });
    case 'quote': {
      const bar: Segment = { text: '│ ', style: { color: 'gray' } };
      const inner = renderMarkdown(block.text, width - 2, lexer).map((line) =>
        line.map((s) => ({ text: s.text, style: merge(s.style, { italic: true }) })),
      );
      return inner.map((line) => [bar, ...line]);
    }
    case 'table':
      return renderTable(block.header, block.rows, width);
    case 'hr':
      return [[{ text: '─'.repeat(Math.max(1, width)), style: { dim: true } }]];
  }
}

/** Markdown as styled lines no wider than `width`, with a blank line between blocks. */
export function renderMarkdown(
  markdown: string,
  width: number,
  lexer: Lexer = lexMarkdown,
): StyledLine[] {
  const lines: StyledLine[] = [];
  for (const block of lexer(markdown)) {
    if (lines.length > 0) lines.push([]);
    pushAll(lines, renderBlock(block, Math.max(4, width), lexer));
  }
  return lines;
}
