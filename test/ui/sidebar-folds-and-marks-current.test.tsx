import { expect, test } from 'vitest';
import type { ChatSummary } from '../../src/services/chats.js';
import type { CommandEnv } from '../../src/ui/commands.js';
import { Sidebar } from '../../src/ui/components/Sidebar.js';
import {
  cursorIndex,
  initialSidebar,
  neighbourChat,
  sidebarReducer,
  sidebarRows,
} from '../../src/ui/components/sidebar-state.js';
import { handleSidebarKey } from '../../src/ui/screens/sidebar-keys.js';
import { renderUi } from '../helpers/ui.js';

const chat = (
  id: string,
  title: string,
  folderId: string | null,
  lastActivityAt: number,
): ChatSummary => ({
  id,
  title,
  folderId,
  folder: null,
  modelId: null,
  model: null,
  createdAt: 0,
  lastActivityAt,
});

// listChats returns the most recent first; the sidebar keeps that order in each group.
const chats = [
  chat('c3', 'Newest', 'f1', 3),
  chat('c2', 'Loose', null, 2),
  chat('c1', 'Older', 'f1', 1),
];
const folders = [{ id: 'f1', name: 'Work', chats: 2 }];

test('folders hold their chats, newest first; the current chat is marked', () => {
  const rows = sidebarRows(chats, folders, new Set(), 'c1');
  expect(rows.map((r) => r.key)).toEqual(['folder:f1', 'chat:c3', 'chat:c1', 'chat:c2']);
  const ui = renderUi(<Sidebar rows={rows} cursor={2} focused width={24} height={8} />);
  const lines = ui.frame().split('\n');
  expect(lines[1]).toContain('▾ Work (2)');
  expect(lines[3]).toContain('● Older');
  expect(lines[4]).toContain('Loose');
  ui.unmount();
});

test('a collapsed folder hides its chats and the cursor stays on its row', () => {
  let state = initialSidebar([], 'c1');
  const open = sidebarRows(chats, folders, state.collapsed, 'c1');
  state = sidebarReducer(state, { type: 'move', delta: -2, rows: open });
  expect(state.cursorKey).toBe('folder:f1');
  state = sidebarReducer(state, { type: 'toggle', folderId: 'f1' });
  const folded = sidebarRows(chats, folders, state.collapsed, 'c1');
  expect(folded.map((r) => r.key)).toEqual(['folder:f1', 'chat:c2']);
  expect(cursorIndex(state, folded)).toBe(0);
  const ui = renderUi(<Sidebar rows={folded} cursor={0} focused width={24} height={8} />);
  expect(ui.frame()).toContain('▸ Work (2)');
  expect(ui.frame()).not.toContain('Older');
  ui.unmount();
  // Moving past the ends is a no-op that returns the same state.
  expect(sidebarReducer(state, { type: 'move', delta: -1, rows: folded })).toBe(state);
});

test('chat titles are shown inert and cut to the width', () => {
  const rows = sidebarRows(
    [chat('x', '\u001b]0;pwned\u0007A very long chat title indeed', null, 1)],
    [],
    new Set(),
    null,
  );
  const ui = renderUi(<Sidebar rows={rows} cursor={0} focused={false} width={16} height={4} />);
  const line = ui.frame().split('\n')[1] ?? '';
  expect(line).toContain('A very long');
  expect(line).toContain('…');
  expect(ui.frame()).not.toContain('pwned');
  ui.unmount();
});

test('open (Enter, →) only unfolds a folder; fold (Space, ←) folds and unfolds', () => {
  let state = initialSidebar([], 'c1');
  const keys = (action: 'sidebar.open' | 'sidebar.fold') => {
    const rows = sidebarRows(chats, folders, state.collapsed, 'c1');
    handleSidebarKey(action, {
      row: rows.find((r) => r.key === 'folder:f1'),
      rows,
      sidebar: (a) => (state = sidebarReducer(state, a)),
      app: () => undefined,
      open: () => undefined,
      run: () => undefined,
    });
    return state.collapsed.has('f1') ? 'folded' : 'open';
  };
  expect(keys('sidebar.open')).toBe('open');
  expect(keys('sidebar.fold')).toBe('folded');
  expect(keys('sidebar.open')).toBe('open');
  expect(keys('sidebar.fold')).toBe('folded');
  expect(keys('sidebar.fold')).toBe('open');
});

test('a deleted chat’s place goes to the chat listed after it, else before it', () => {
  const rows = sidebarRows(chats, folders, new Set(), 'c1');
  // Listed: Work (c3, c1), then c2.
  expect(neighbourChat(rows, 'c3')).toBe('c1');
  expect(neighbourChat(rows, 'c1')).toBe('c2');
  expect(neighbourChat(rows, 'c2')).toBe('c1');
  expect(neighbourChat(sidebarRows([chats[0]!], [], new Set(), 'c3'), 'c3')).toBeNull();
});

test('deleting a chat from the list leaves the cursor in its place', async () => {
  const rows = sidebarRows(chats, folders, new Set(), 'c2');
  const selected: string[] = [];
  let ran: Promise<unknown> = Promise.resolve();
  const env = {
    chatId: 'c2',
    services: {
      openChat: () => Promise.resolve({ entry: { title: 'Newest' } }),
      removeChat: () => Promise.resolve(),
    },
    ui: { confirm: () => Promise.resolve(true) },
    stopStreamIn: () => Promise.resolve(),
  } as unknown as CommandEnv;
  handleSidebarKey('chat.delete', {
    row: rows.find((r) => r.key === 'chat:c3'),
    rows,
    sidebar: (a) => a.type === 'select' && selected.push(a.key),
    app: () => undefined,
    open: () => undefined,
    run: (command) => {
      ran = command(env);
    },
  });
  await ran;
  expect(selected).toEqual(['chat:c1']);
});
