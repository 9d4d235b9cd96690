import { stripVTControlCharacters } from 'node:util';
import { expect, test } from 'vitest';
import { displayWidth } from '../../src/core/text.js';
import {
  scrollToShow,
  visibleWindow,
  type Blocks,
} from '../../src/ui/components/conversation-window.js';
import { lexMarkdown, lexTypedMarkdown, renderMarkdown } from '../../src/ui/render/markdown.js';
import { LineCache, LiveWrapper } from '../../src/ui/render/message-lines.js';
import { plainText } from '../../src/ui/render/styled.js';

const plain = (md: string, width = 40) => renderMarkdown(md, width).map(plainText);

test('Markdown blocks render as lines no wider than the width', () => {
  const md = [
    '# Title',
    '',
    'Some *emphasis*, **bold** and `code` with a [link](https://example.com).',
    '',
    '- first item that is long enough to wrap around the edge',
    '  1. nested',
    '',
    '```js',
    'const x = 1; // note',
    '```',
    '',
    '| Name | Value |',
    '| ---- | ----- |',
    '| a | 1 |',
    '',
    '> quoted',
  ].join('\n');
  expect(lexMarkdown(md).map((b) => b.type)).toEqual([
    'heading',
    'paragraph',
    'list',
    'code',
    'table',
    'quote',
  ]);
  const lines = plain(md);
  expect(lines[0]).toBe('Title');
  expect(lines).toContain('• first item that is long enough to wrap');
  expect(lines).toContain('  around the edge');
  expect(lines).toContain('  1. nested');
  expect(lines).toContain('▏ const x = 1; // note');
  expect(lines.some((l) => l.startsWith('Name │ Value'))).toBe(true);
  expect(lines).toContain('│ quoted');
  expect(lines.join('\n')).toContain('(https://example.com)');
  for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
});

test('finished messages are parsed once per version and width', () => {
  const cache = new LineCache();
  const node = {
    id: 'm',
    parentId: null,
    role: 'assistant' as const,
    content: '**hi**',
    children: [],
    activeChildId: null,
    status: 'complete' as const,
    createdAt: 1,
    updatedAt: 1,
  };
  const first = cache.body(node, 40, false);
  expect(cache.body(node, 40, false)).toBe(first);
  expect(cache.body({ ...node, content: '**hi** there', updatedAt: 2 }, 40, false)).not.toBe(first);
  expect(cache.body(node, 30, false)).not.toBe(first);
});

test('the live wrapper only re-wraps the last line and matches a full wrap', () => {
  const live = new LiveWrapper();
  let text = '';
  for (const piece of ['Hello wor', 'ld, this is\na second', ' line that grows\n', 'and more']) {
    text += piece;
    const lines = live.lines(text, 20);
    expect(lines).toEqual(new LiveWrapper().lines(text, 20));
  }
});

test('the window walks back from the bottom and scrolls to a block', () => {
  let reads = 0;
  const blocks: Blocks = {
    count: 1000,
    lines: (i) => {
      reads++;
      return [`h${i}`, `b${i}`, ''];
    },
  };
  const view = visibleWindow(blocks, 0, 7);
  expect(view.lines).toEqual(['', 'h998', 'b998', '', 'h999', 'b999', '']);
  // Only the blocks on screen were read, not the whole chat.
  expect(reads).toBeLessThan(5);
  const top = visibleWindow(blocks, 10_000, 7);
  expect(top.fromBottom).toBe(3000 - 7);
  expect(top.lines[0]).toBe('h0');
  // Block 997 has 6 lines below it: scrolling 2 lines up shows all of it at the top.
  expect(scrollToShow(blocks, 997, 0, 7)).toBe(2);
  expect(scrollToShow(blocks, 990, 0, 7)).toBe(30 - 7);
  // Already visible: no move.
  expect(scrollToShow(blocks, 999, 0, 7)).toBe(0);
});

test('tabs in a message, code included, become spaces, and no line outgrows the width', () => {
  const content =
    'Go:\n\n```go\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println("tabbed line number", i)\n\t}\n}\n```';
  const node = {
    id: 'm',
    parentId: null,
    role: 'assistant' as const,
    content,
    children: [],
    activeChildId: null,
    status: 'complete' as const,
    createdAt: 0,
    updatedAt: 0,
  };
  for (const raw of [false, true]) {
    const lines = new LineCache().body(node, 40, raw).map((l) => stripVTControlCharacters(l));
    expect(lines.join('\n')).not.toContain('\t');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(lines.join('\n')).toContain('        fmt.Println');
  }
});

test('a user’s own line breaks are kept; a model’s single line ends reflow as Markdown does', () => {
  const node = (role: 'user' | 'assistant') => ({
    id: role,
    parentId: null,
    role,
    content: 'line one\nline two\n\n- item\n  more',
    children: [],
    activeChildId: null,
    status: 'complete' as const,
    createdAt: 0,
    updatedAt: 0,
  });
  const shown = (role: 'user' | 'assistant') =>
    new LineCache().body(node(role), 40, false).map((l) => stripVTControlCharacters(l).trim());
  expect(shown('user')).toEqual(['line one', 'line two', '', '• item', 'more']);
  // What the user indented stays indented, space for space.
  const typed = lexTypedMarkdown('for x in y:\n    print(x)\n  done');
  expect(typed).toEqual([{ type: 'paragraph', text: 'for x in y:\n    print(x)\n  done' }]);
  expect(shown('assistant')).toEqual(['line one line two', '', '• item more']);
});

test('a code block indented under a list item stays a code block, lines kept', () => {
  const md = '1. Install it:\n   ```bash\n   npm install foo\n   npm run build\n   ```\n2. Run it.';
  expect(plain(md)).toEqual([
    '1. Install it:',
    '',
    'bash',
    '▏ npm install foo',
    '▏ npm run build',
    '',
    '2. Run it.',
  ]);
});

test('table cells render their inline Markdown, measured by what is shown', () => {
  const md =
    '| Name | Notes |\n|---|---|\n| **alpha** | uses `code` here |\n| beta | [docs](https://x.io) |';
  expect(plain(md)).toEqual([
    'Name  │ Notes              ',
    '──────┼────────────────────',
    'alpha │ uses code here     ',
    'beta  │ docs (https://x.io)',
  ]);
  // Cut to the width with an ellipsis, styles and all.
  for (const line of plain(md, 16)) expect(displayWidth(line)).toBeLessThanOrEqual(16);
});
