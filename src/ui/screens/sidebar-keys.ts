/** What the chat list's keys do; the main screen passes in its state and dispatchers. */
import type { Id } from '../../core/types.js';
import * as commands from '../commands.js';
import type { CommandEnv, Effect } from '../commands.js';
import {
  chatKey,
  folderKey,
  neighbourChat,
  type SidebarAction,
  type SidebarRow,
} from '../components/sidebar-state.js';
import type { ActionIn } from '../keys.js';
import type { AppAction } from '../state.js';

export interface SidebarKeyDeps {
  /** The row under the cursor. */
  row: SidebarRow | undefined;
  rows: readonly SidebarRow[];
  sidebar: (action: SidebarAction) => void;
  app: (action: AppAction) => void;
  open: (chatId: Id) => void;
  run: (command: (env: CommandEnv) => Promise<Effect>) => void;
}

export function handleSidebarKey(
  action: ActionIn<'sidebar'> | undefined,
  deps: SidebarKeyDeps,
): void {
  const { row, rows, sidebar, app, run } = deps;
  switch (action) {
    case 'sidebar.up':
    case 'sidebar.down':
      return sidebar({ type: 'move', delta: action === 'sidebar.up' ? -1 : 1, rows });
    case 'sidebar.open':
      // Unfolds only, as its key says: folding is sidebar.fold's.
      if (row?.kind === 'folder') return sidebar({ type: 'expand', folderId: row.id });
      if (row) deps.open(row.id);
      return;
    case 'sidebar.fold':
      if (row?.kind === 'folder') sidebar({ type: 'toggle', folderId: row.id });
      else if (row?.folderId) {
        // On a chat: fold the folder it is in and move to the folder's row.
        sidebar({ type: 'toggle', folderId: row.folderId });
        sidebar({ type: 'select', key: folderKey(row.folderId) });
      }
      return;
    case 'chat.rename':
      if (row)
        run((e) =>
          row.kind === 'folder' ? commands.renameFolder(e, row.id) : commands.renameChat(e, row.id),
        );
      return;
    case 'chat.delete':
      if (row?.kind === 'folder') run((e) => commands.deleteFolder(e, row.id));
      if (row?.kind === 'chat') {
        // The cursor takes the deleted chat's place, not the top of the list.
        const next = neighbourChat(rows, row.id);
        run(async (e) => {
          const effect = await commands.deleteChat(e, row.id);
          const deleted =
            effect.kind === 'closed' || (effect.kind === 'status' && effect.tone === 'info');
          if (deleted && next) sidebar({ type: 'select', key: chatKey(next) });
          return effect;
        });
      }
      return;
    case 'chat.move':
      if (row?.kind === 'chat') run((e) => commands.moveChat(e, row.id));
      return;
    case 'chat.title':
      if (row?.kind === 'chat') run((e) => commands.regenerateTitle(e, row.id));
      return;
    case 'folder.new':
      return run((e) => commands.newFolder(e));
    case 'screen.settings':
      return app({ type: 'view', view: 'settings' });
    case 'screen.endpoints':
      return app({ type: 'view', view: 'endpoints' });
    case undefined:
      return;
  }
}
