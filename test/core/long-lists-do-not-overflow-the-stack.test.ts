/**
 * `list.push(...items)` and `Math.max(...numbers)` pass every item as an argument, and
 * some 100,000 of them overflow the stack: a pasted file in a code block or a table, a
 * message regenerated without end, a very large store. Each place that gathers a list
 * the user controls is driven past that here.
 */
import { expect, test, vi } from 'vitest';
import { printTable } from '../../src/commands/output.js';
import { maxOf, pushAll } from '../../src/core/lists.js';
import { checkTree, deleteSubtree, subtreeIds, treeRows } from '../../src/core/tree.js';
import type { MessageNode, MessageTree } from '../../src/core/types.js';
import { sidebarRows } from '../../src/ui/components/sidebar-state.js';
import { renderMarkdown } from '../../src/ui/render/markdown.js';
import { LiveWrapper } from '../../src/ui/render/message-lines.js';
import type { ChatSummary } from '../../src/services/chats.js';

const MANY = 200_000;
const numbered = (prefix: string) => Array.from({ length: MANY }, (_, i) => `${prefix}${i}`);

test('pushAll appends more items than a call can take as arguments', () => {
  expect(() => [].push(...(numbered('x') as never[]))).toThrow(RangeError);
  const list = ['first'];
  expect(pushAll(list, numbered('x'))).toBe(list);
  expect(list).toHaveLength(MANY + 1);
  expect(list.at(-1)).toBe(`x${MANY - 1}`);
});

test('maxOf takes more numbers than Math.max can as arguments', () => {
  const numbers = Array.from({ length: MANY }, (_, i) => i);
  expect(() => Math.max(...numbers)).toThrow(RangeError);
  expect(maxOf(numbers)).toBe(MANY - 1);
  expect(maxOf([], 3)).toBe(3);
});

test('a table of 200,000 rows renders, in Markdown and as command output', () => {
  const rows = numbered('| cell | ').map((row) => `${row} |`);
  const table = ['| a | b |', '| --- | --- |', ...rows].join('\n');
  expect(renderMarkdown(table, 80).length).toBeGreaterThan(MANY);
  let printed = 0;
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk).split('\n').length - 1;
    return true;
  });
  try {
    printTable(
      ['ID', 'TITLE'],
      numbered('c').map((id) => [id, 'a title']),
    );
  } finally {
    write.mockRestore();
  }
  expect(printed).toBe(MANY + 1);
});

test('a code block of 200,000 lines renders whole, finished and streaming', () => {
  const code = numbered('line ').join('\n');
  expect(renderMarkdown(`\`\`\`\n${code}\n\`\`\``, 80)).toHaveLength(MANY);
  expect(new LiveWrapper().lines(`${code}\n`, 80).length).toBeGreaterThanOrEqual(MANY);
});

test('a message with 200,000 replies can be listed, drawn as a tree, checked and deleted', () => {
  const node = (id: string, parentId: string | null, children: string[]): MessageNode => ({
    id,
    parentId,
    role: parentId === null ? 'user' : 'assistant',
    content: id,
    children,
    activeChildId: children[0] ?? null,
    status: 'complete',
    createdAt: 1,
    updatedAt: 1,
  });
  const replies = numbered('r');
  const tree: MessageTree = {
    nodes: Object.fromEntries([
      ['q', node('q', null, replies)],
      ...replies.map((id) => [id, node(id, 'q', [])]),
    ]),
    rootIds: ['q'],
    activeRootId: 'q',
  };
  expect(subtreeIds(tree, 'q')).toHaveLength(MANY + 1);
  expect(treeRows(tree).length).toBeGreaterThan(0);
  expect(checkTree(tree)).toEqual([]);
  expect(deleteSubtree(tree, 'q').rootIds).toEqual([]);
});

test('a chat list of 200,000 chats makes its rows', () => {
  const chats = numbered('c').map((id): ChatSummary => ({
    id,
    title: id,
    folderId: null,
    folder: null,
    modelId: null,
    model: null,
    createdAt: 1,
    lastActivityAt: 1,
  }));
  expect(sidebarRows(chats, [], new Set(), null)).toHaveLength(MANY);
});
