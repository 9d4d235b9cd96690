/**
 * A message as screen lines. Finished messages are sanitized, parsed and wrapped once per
 * (message, content version, width, raw/Markdown) and kept in a `LineCache`; the reply that
 * is streaming is wrapped incrementally by `LiveWrapper`, which only re-wraps its last line.
 */
import { pushAll } from '../../core/lists.js';
import { expandTabs, sanitize, wrap } from '../../core/text.js';
import type { BranchIndex } from '../../core/tree.js';
import type { MessageNode } from '../../core/types.js';
import { lexMarkdown, lexTypedMarkdown, renderMarkdown } from './markdown.js';
import { toAnsi, wrapSegments, type Segment, type StyledLine } from './styled.js';

/** Columns a message body is indented by, under its header. */
export const BODY_INDENT = 2;

function bodyLines(node: MessageNode, width: number, raw: boolean): StyledLine[] {
  // Tabs as spaces: a terminal moves a tab to its own stops, which wrapping cannot know.
  const text = expandTabs(sanitize(node.content));
  if (text.trim() === '') return [[{ text: '(empty)', style: { dim: true } }]];
  if (raw) return wrapSegments([{ text }], width);
  // What the user typed keeps its line breaks; a model's Markdown reflows.
  return renderMarkdown(text, width, node.role === 'user' ? lexTypedMarkdown : lexMarkdown);
}

const indent = (line: string) => ' '.repeat(BODY_INDENT) + line;

/**
 * Wrapped, styled body lines of finished messages, keyed by what changes them. The cache
 * is dropped when the width changes (every entry would be stale) and trimmed when large.
 */
export class LineCache {
  private readonly entries = new Map<string, string[]>();
  private width = 0;

  constructor(private readonly limit = 5000) {}

  body(node: MessageNode, width: number, raw: boolean): string[] {
    if (width !== this.width) {
      this.entries.clear();
      this.width = width;
    }
    const key = `${node.id}\0${node.updatedAt}\0${node.status}\0${node.content.length}\0${raw ? 1 : 0}`;
    let lines = this.entries.get(key);
    if (!lines) {
      lines = bodyLines(node, width - BODY_INDENT, raw).map((l) => indent(toAnsi(l)));
      if (this.entries.size >= this.limit) {
        // Maps iterate in insertion order: the first key is the oldest.
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, lines);
    }
    return lines;
  }
}

export interface HeaderInfo {
  role: MessageNode['role'];
  status: MessageNode['status'];
  model?: string;
  tokens?: number;
  branch: BranchIndex;
  selected: boolean;
  /** Shown after the branch counter when the message is selected. */
  branchKeys?: string;
  error?: string;
}

/** The line above a message: role, model and tokens for replies, status, `< 2/3 >`. */
export function headerLine(info: HeaderInfo): string {
  const parts: Segment[] = [];
  parts.push({ text: info.selected ? '▶ ' : '  ', style: { color: 'yellow' } });
  parts.push(
    info.role === 'user'
      ? { text: 'You', style: { bold: true, color: 'green' } }
      : { text: 'Assistant', style: { bold: true, color: 'blue' } },
  );
  const dim = { dim: true } as const;
  if (info.model) parts.push({ text: ` · ${sanitize(info.model)}`, style: dim });
  if (info.tokens !== undefined) parts.push({ text: ` · ${info.tokens} tok`, style: dim });
  if (info.status === 'streaming')
    parts.push({ text: ' · streaming…', style: { color: 'yellow' } });
  if (info.status === 'incomplete')
    parts.push({ text: ' · incomplete', style: { color: 'yellow' } });
  if (info.status === 'error') parts.push({ text: ' · error', style: { color: 'red' } });
  if (info.error)
    parts.push({ text: `: ${sanitize(info.error).replace(/\s+/g, ' ')}`, style: { color: 'red' } });
  if (info.branch.n > 1) {
    parts.push({
      text: `  < ${info.branch.i}/${info.branch.n} >`,
      style: { color: 'cyan', bold: true },
    });
    if (info.selected && info.branchKeys) parts.push({ text: ` ${info.branchKeys}`, style: dim });
  }
  return toAnsi(parts);
}

/** Header facts of a stored message. */
export function headerInfo(
  node: MessageNode,
  branch: BranchIndex,
  selected: boolean,
  branchKeys: string,
): HeaderInfo {
  const p = node.provenance;
  return {
    role: node.role,
    status: node.status,
    ...(p ? { model: p.modelName ?? p.modelId } : {}),
    ...(p?.usage?.outputTokens !== undefined ? { tokens: p.usage.outputTokens } : {}),
    ...(p?.error && node.status !== 'complete' ? { error: p.error } : {}),
    branch,
    selected,
    branchKeys,
  };
}

/**
 * Wraps a growing text. Lines before the last line break never change as text is
 * appended, so only the tail after it is wrapped again on each flush.
 */
export class LiveWrapper {
  private text = '';
  private width = 0;
  private doneLength = 0;
  private doneLines: string[] = [];

  lines(text: string, width: number): string[] {
    const room = width - BODY_INDENT;
    if (width !== this.width || !text.startsWith(this.text.slice(0, this.doneLength))) {
      this.width = width;
      this.doneLength = 0;
      this.doneLines = [];
    }
    this.text = text;
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak + 1 > this.doneLength) {
      const more = text.slice(this.doneLength, lastBreak);
      pushAll(this.doneLines, wrap(more, room).map(indent));
      this.doneLength = lastBreak + 1;
    }
    const tail = text.slice(this.doneLength);
    return [...this.doneLines, ...wrap(tail, room).map(indent)];
  }
}
